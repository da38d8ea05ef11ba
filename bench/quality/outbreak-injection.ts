import type { OutbreakSpan } from './labelled-series.js';
import type { Rng } from '../../src/simulate/prng.js';

/**
 * How an outbreak's cases spread over windows, after Noufaily et al. (2013): each case lands
 * floor(exp(N(logMedian, sigma))) windows after the outbreak's start. Their weekly design is
 * logMedian 0, sigma 0.5: half the cases in the start week, ~42% in the next, the rest after.
 */
export interface OutbreakProfile {
  readonly logMedian: number;
  readonly sigma: number;
}

export const NOUFAILY_PROFILE: OutbreakProfile = { logMedian: 0, sigma: 0.5 };

/** Outbreak size of Noufaily et al.: Poisson with mean k times the baseline sd at the start. */
export function outbreakCases(rng: Rng, k: number, baselineSd: number): number {
  return rng.poisson(k * baselineSd);
}

/**
 * Adds `cases` outbreak cases starting at window `start` to `counts` (in place), dropping the
 * ones that land at or after `stopBefore`. Returns the span from the first to the last window
 * that got a case, or null when none landed (zero cases, or all past the stop).
 */
export function injectOutbreak(
  rng: Rng,
  counts: number[],
  start: number,
  cases: number,
  profile: OutbreakProfile,
  stopBefore: number = counts.length,
): OutbreakSpan | null {
  let first = Number.POSITIVE_INFINITY;
  let last = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < cases; i++) {
    const at = start + Math.floor(Math.exp(profile.logMedian + profile.sigma * rng.normal()));
    if (at >= stopBefore || at >= counts.length) continue;
    counts[at] = (counts[at] ?? 0) + 1;
    first = Math.min(first, at);
    last = Math.max(last, at);
  }
  return first <= last ? { first, last } : null;
}
