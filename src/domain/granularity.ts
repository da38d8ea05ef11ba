import { z } from 'zod';

/** Width of a tumbling window. Week windows start on Monday, local time. */
export const Granularity = z.enum(['hour', 'day', 'week']);
export type Granularity = z.infer<typeof Granularity>;

export const HOUR_MS = 3_600_000;
export const DAY_MS = 24 * HOUR_MS;
export const WEEK_MS = 7 * DAY_MS;

export const granularityMs: Readonly<Record<Granularity, number>> = { hour: HOUR_MS, day: DAY_MS, week: WEEK_MS };

/**
 * Start of the window holding `time`, aligned to local time at `utcOffsetMinutes`
 * (Shenzhen is +480, no DST). 1970-01-01 was a Thursday, so weeks shift by 3 days to start on Monday.
 */
export function windowStart(time: number, granularity: Granularity, utcOffsetMinutes: number): number {
  const offset = utcOffsetMinutes * 60_000;
  const width = granularityMs[granularity];
  const shift = granularity === 'week' ? 3 * DAY_MS : 0;
  const local = time + offset + shift;
  return local - (((local % width) + width) % width) - offset - shift;
}
