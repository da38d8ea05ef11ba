import type { z } from 'zod';
import type { Event } from '../../domain/event.js';
import type { Rejection } from '../reject.js';

export type DecodeResult = { readonly ok: true; readonly event: Event } | ({ readonly ok: false } & Rejection);

/** One line per zod issue: `field.path: message`. */
export function schemaViolation(error: z.ZodError): DecodeResult {
  return {
    ok: false,
    reason: 'schema_violation',
    details: error.issues.map((issue) => `${issue.path.length === 0 ? '(record)' : issue.path.join('.')}: ${issue.message}`),
  };
}
