import type { Rng } from './prng.js';

/** Share of records that reach the pipeline late (network, batching, a slow call-centre export). */
export const STRAGGLER_SHARE = 0.03;
/** Upper bound of the delay. Well under the default allowed lateness of 120 min, so nothing is late. */
export const MAX_STRAGGLER_DELAY_MS = 30 * 60_000;

/** Arrival time of an event: usually its event time, for a few a delay of up to 30 minutes. */
export function arrivalTime(rng: Rng, eventMs: number): number {
  return rng.chance(STRAGGLER_SHARE) ? eventMs + (1 + rng.int(MAX_STRAGGLER_DELAY_MS / 1000)) * 1000 : eventMs;
}
