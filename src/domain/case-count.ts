import { z } from 'zod';
import { Timestamp } from './timestamp.js';

/**
 * A pre-aggregated count for one region, category and period (topic `cases.counts`).
 * A higher `revision` of the same (region, category, period) replaces the lower one.
 */
export const CaseCount = z
  .object({
    id: z.string().min(1).max(200),
    periodStart: Timestamp,
    periodEnd: Timestamp,
    regionCode: z.string().min(1).max(32),
    category: z.string().min(1).max(64),
    count: z.number().int().nonnegative().max(1e9),
    revision: z.number().int().nonnegative().default(0),
  })
  .refine((r) => Date.parse(r.periodEnd) > Date.parse(r.periodStart), {
    message: 'periodEnd must be after periodStart',
    path: ['periodEnd'],
  });
export type CaseCount = z.infer<typeof CaseCount>;
