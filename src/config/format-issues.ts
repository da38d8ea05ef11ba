import type { z } from 'zod';

/** Turns zod issues into one line each: `file: a.b.c: message, got <value>`. */
export function formatIssues(file: string, issues: readonly z.core.$ZodIssue[], input: unknown, prefix: readonly PropertyKey[] = []): string[] {
  return issues.map((issue) => {
    const path = [...prefix, ...issue.path];
    const where = path.length === 0 ? '(top level)' : path.map(String).join('.');
    const got = valueAt(input, issue.path);
    const shown = got === undefined ? '' : `, got ${describe(got)}`;
    return `${file}: ${where}: ${issue.message}${issue.code === 'unrecognized_keys' ? '' : shown}`;
  });
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let current: unknown = input;
  for (const key of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return current;
}

function describe(value: unknown): string {
  if (typeof value === 'object' && value !== null) return Array.isArray(value) ? 'a list' : 'an object';
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
