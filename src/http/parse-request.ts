import type { z } from 'zod';
import { InvalidRequestError } from './http-errors.js';

/** Validates path or query parameters; each problem becomes one line `where.path: message`. */
export function parseRequest<T extends z.ZodType>(schema: T, value: unknown, where: 'params' | 'query'): z.infer<T> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  throw new InvalidRequestError(parsed.error.issues.map((issue) => `${[where, ...issue.path.map(String)].join('.')}: ${issue.message}`));
}
