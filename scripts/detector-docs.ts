/**
 * Renders each detector's parameter table into README.md from its zod config schema (types,
 * ranges and `.describe()` texts through z.toJSONSchema; defaults from `configSchema.parse({})`),
 * so the README cannot drift from the code. A table sits between two markers:
 *   <!-- detector-params:ewma -->
 *   ...generated...
 *   <!-- /detector-params -->
 *   npm run docs:detectors          rewrite the tables in README.md
 *   npm run docs:detectors:check    fail if a table is stale, or a registered detector has no section
 * test/unit/detectors/readme-docs.test.ts runs the check with the unit tests.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { z } from 'zod';
import type { AnyDetector } from '../detectors/index.js';
import { detectorRegistry } from '../detectors/index.js';
import { packageRoot } from '../src/cli/package-root.js';

/** The part of a JSON Schema the tables read. */
interface FieldSchema {
  readonly type?: string;
  readonly description?: string;
  readonly enum?: readonly unknown[];
  readonly minimum?: number;
  readonly maximum?: number;
  readonly exclusiveMinimum?: number;
  readonly exclusiveMaximum?: number;
  readonly properties?: Readonly<Record<string, FieldSchema>>;
}

export interface ParameterRow {
  /** Dotted path: `limit54.cases`. */
  readonly name: string;
  readonly type: string;
  readonly defaultValue: unknown;
  /** The field's `.describe()` text; empty when missing. */
  readonly meaning: string;
}

const MARKER = /<!-- detector-params:([a-z0-9_]+) -->\n[\s\S]*?<!-- \/detector-params -->/g;

/** `integer, 1 to 10`, `number, > 0 and <= 1`, `` `a` \| `b` ``: the type and its bounds. */
function typeOf(field: FieldSchema): string {
  if (field.enum !== undefined) return field.enum.map((value) => `\`${String(value)}\``).join(' \\| ');
  const bounds: string[] = [];
  // zod writes .int() as a range up to 2^53 - 1; that bound says nothing to a reader.
  const max = field.maximum === Number.MAX_SAFE_INTEGER ? undefined : field.maximum;
  const min = field.minimum === Number.MIN_SAFE_INTEGER ? undefined : field.minimum;
  if (min !== undefined && max !== undefined) return `${field.type}, ${min} to ${max}`;
  if (field.exclusiveMinimum !== undefined) bounds.push(`> ${field.exclusiveMinimum}`);
  if (min !== undefined) bounds.push(`≥ ${min}`);
  if (field.exclusiveMaximum !== undefined) bounds.push(`< ${field.exclusiveMaximum}`);
  if (max !== undefined) bounds.push(`≤ ${max}`);
  return bounds.length === 0 ? String(field.type) : `${field.type}, ${bounds.join(' and ')}`;
}

/** One row per parameter; the fields of an object parameter follow as `parent.child`. */
export function parameterRows(detector: AnyDetector): ParameterRow[] {
  const json = z.toJSONSchema(detector.configSchema as z.ZodType, { io: 'input' }) as FieldSchema;
  const defaults = detector.configSchema.parse({}) as Record<string, unknown>;
  const rows: ParameterRow[] = [];
  const visit = (properties: Readonly<Record<string, FieldSchema>>, values: Record<string, unknown>, prefix: string): void => {
    for (const [key, field] of Object.entries(properties)) {
      const name = `${prefix}${key}`;
      const value = values[key];
      if (field.properties !== undefined) {
        visit(field.properties, (value ?? {}) as Record<string, unknown>, `${name}.`);
        continue;
      }
      rows.push({ name, type: typeOf(field), defaultValue: value, meaning: field.description ?? '' });
    }
  };
  visit(json.properties ?? {}, defaults, '');
  return rows;
}

function cell(text: string): string {
  return text.replaceAll('|', '\\|').replaceAll('\n', ' ');
}

/** The Markdown table of a detector's parameters. */
export function parameterTable(detector: AnyDetector): string {
  const lines = ['| parameter | type | default | meaning |', '|---|---|---|---|'];
  for (const row of parameterRows(detector)) {
    const value = typeof row.defaultValue === 'string' ? row.defaultValue : JSON.stringify(row.defaultValue);
    lines.push(`| \`${row.name}\` | ${row.type} | \`${value}\` | ${cell(row.meaning)} |`);
  }
  return lines.join('\n');
}

export interface RenderedReadme {
  readonly text: string;
  /** What keeps the README from being complete, one line each. */
  readonly problems: string[];
}

/** Rewrites every marked table of `readme`; lists registered detectors without one and parameters without a description. */
export function renderDetectorDocs(readme: string, registry: ReadonlyMap<string, AnyDetector> = detectorRegistry): RenderedReadme {
  const problems: string[] = [];
  const documented = new Set<string>();
  const text = readme.replace(MARKER, (block, name: string) => {
    const detector = registry.get(name);
    if (detector === undefined) {
      problems.push(`README.md: <!-- detector-params:${name} --> names no registered detector`);
      return block;
    }
    documented.add(name);
    return `<!-- detector-params:${name} -->\n${parameterTable(detector)}\n<!-- /detector-params -->`;
  });
  for (const [name, detector] of registry) {
    if (!documented.has(name)) {
      problems.push(`README.md: no section for detector ${name}: add what it detects, when to use it, its reference and <!-- detector-params:${name} --> <!-- /detector-params -->`);
    }
    for (const row of parameterRows(detector)) {
      if (row.meaning === '') problems.push(`detectors: ${name}.${row.name} has no .describe() text`);
    }
  }
  return { text, problems };
}

function main(): void {
  const check = process.argv.includes('--check');
  const path = join(packageRoot(), 'README.md');
  const current = readFileSync(path, 'utf8');
  const { text, problems } = renderDetectorDocs(current);
  if (!check && text !== current) writeFileSync(path, text);
  if (check && text !== current) problems.push('README.md: detector parameter tables are out of date; run: npm run docs:detectors');
  if (problems.length > 0) {
    process.stderr.write(`${problems.join('\n')}\n`);
    process.exitCode = 1;
    return;
  }
  process.stdout.write(check ? `README.md detector tables up to date (${detectorRegistry.size} detectors)\n` : 'README.md detector tables written\n');
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) main();
