import { DisputeReport } from '../../domain/dispute-report.js';
import type { Event } from '../../domain/event.js';
import { type DecodeResult, schemaViolation } from './decode-result.js';

export function decodeDisputeReport(input: unknown): DecodeResult {
  const parsed = DisputeReport.safeParse(input);
  if (!parsed.success) return schemaViolation(parsed.error);
  const r = parsed.data;
  const event: Event = { stream: 'dispute', id: r.id, region: r.regionCode, category: r.type, time: Date.parse(r.reportedAt), count: 1 };
  return { ok: true, event: r.text === undefined ? event : { ...event, text: r.text } };
}
