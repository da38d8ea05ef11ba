import { CaseCount } from '../../domain/case-count.js';
import { type DecodeResult, schemaViolation } from './decode-result.js';

export function decodeCaseCount(input: unknown): DecodeResult {
  const parsed = CaseCount.safeParse(input);
  if (!parsed.success) return schemaViolation(parsed.error);
  const r = parsed.data;
  return {
    ok: true,
    event: {
      stream: 'cases',
      id: r.id,
      region: r.regionCode,
      category: r.category,
      time: Date.parse(r.periodStart),
      count: r.count,
      periodEnd: Date.parse(r.periodEnd),
      revision: r.revision,
    },
  };
}
