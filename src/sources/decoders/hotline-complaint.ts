import { HotlineComplaint } from '../../domain/hotline-complaint.js';
import { type DecodeResult, schemaViolation } from './decode-result.js';

export function decodeHotlineComplaint(input: unknown): DecodeResult {
  const parsed = HotlineComplaint.safeParse(input);
  if (!parsed.success) return schemaViolation(parsed.error);
  const r = parsed.data;
  return { ok: true, event: { stream: 'hotline', id: r.id, region: r.regionCode, category: r.category, time: Date.parse(r.receivedAt), count: 1, text: r.text } };
}
