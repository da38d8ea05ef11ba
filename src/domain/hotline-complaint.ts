import { z } from 'zod';
import { Timestamp } from './timestamp.js';

export const HotlineChannel = z.enum(['phone', 'app', 'web', 'wechat', 'other']);

/** One citizen hotline call or ticket (topic `hotline.complaints`). */
export const HotlineComplaint = z.object({
  id: z.string().min(1).max(200),
  receivedAt: Timestamp,
  regionCode: z.string().min(1).max(32),
  /** From the hotline taxonomy in config (`categories.hotline`). */
  category: z.string().min(1).max(64),
  channel: HotlineChannel,
  /** Chinese free text. Personal data: never logged. */
  text: z.string().max(10_000),
  address: z.string().max(500).optional(),
});
export type HotlineComplaint = z.infer<typeof HotlineComplaint>;
