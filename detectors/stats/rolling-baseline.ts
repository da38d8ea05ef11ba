import { mean, sampleStandardDeviation } from 'simple-statistics';
import { z } from 'zod';

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

/** Config fields of a guarded rolling baseline (ewma, cusum), after each detector's own `baseline`. */
export const guardedBaselineFields = {
  /** Newest windows left out of the baseline. */
  guard: z.number().int().nonnegative().default(2).describe('Newest windows left out of the baseline, so a rise does not raise its own baseline'),
  /** Baseline windows needed before the first score. */
  minHistory: z.number().int().min(2).default(7).describe('Baseline windows needed before the first score'),
};

/** The refinement a config with `guardedBaselineFields` needs: it cannot wait for more windows than it keeps. */
export function minHistoryWithinBaseline(config: { readonly baseline: number; readonly minHistory: number }): boolean {
  return config.minHistory <= config.baseline;
}
export const MIN_HISTORY_ISSUE = { message: 'minHistory must not exceed baseline', path: ['minHistory'] };
