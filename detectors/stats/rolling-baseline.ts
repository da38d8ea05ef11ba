import { mean, sampleStandardDeviation } from 'simple-statistics';

/**
 * Rolling baselines over a series' recent closed windows, kept as plain arrays (oldest first)
 * so detector state stays JSON. Every function returns a new array and leaves its input alone.
 */

/** Appends `value` and keeps only the newest `capacity` values. */
export function pushBounded(ring: readonly number[], value: number, capacity: number): number[] {
  // One allocation of the exact size: this runs for every series on every closed window.
  const keep = Math.min(ring.length, capacity - 1);
  const next = new Array<number>(keep + 1);
  const from = ring.length - keep;
  for (let i = 0; i < keep; i++) next[i] = ring[from + i]!;
  next[keep] = value;
  return next;
}

/**
 * The newest `size` values of `history` once the newest `guard` values are skipped, so a rise that
 * has just started does not pull up its own baseline (as in EARS C2/C3's two-day lag, CDC 2006).
 */
export function laggedBaseline(history: readonly number[], size: number, guard: number): number[] {
  const end = Math.max(0, history.length - guard);
  return history.slice(Math.max(0, end - size), end);
}

export interface BaselineMoments {
  readonly mean: number;
  /** Sample standard deviation (n - 1 denominator); 0 for fewer than two values. */
  readonly sd: number;
}

/** Mean and sample standard deviation of a non-empty baseline. */
export function baselineMoments(baseline: readonly number[]): BaselineMoments {
  return {
    mean: mean(baseline),
    sd: baseline.length < 2 ? 0 : sampleStandardDeviation(baseline),
  };
}
