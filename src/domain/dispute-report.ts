import { z } from 'zod';
import { Timestamp } from './timestamp.js';

export const DisputeStatus = z.enum(['new', 'mediating', 'resolved', 'escalated']);

/** One mediation case (topic `disputes.reports`). `type` is checked against `categories.dispute` in config. */
export const DisputeReport = z.object({
  id: z.string().min(1).max(200),
  reportedAt: Timestamp,
  regionCode: z.string().min(1).max(32),
  /** wage_arrears, labour, rental, neighbour, property, consumer, family, other; config may extend. */
  type: z.string().min(1).max(64),
  parties: z.number().int().min(1).max(100_000),
  amountYuan: z.number().nonnegative().max(1e12).optional(),
  status: DisputeStatus,
  text: z.string().max(10_000).optional(),
});
export type DisputeReport = z.infer<typeof DisputeReport>;
