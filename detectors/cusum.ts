import { z } from 'zod';
import { WARMING_UP } from '../src/domain/score.js';
import { defineDetector } from './detector.js';
import { baselineMoments, guardedBaselineFields, laggedBaseline, MIN_HISTORY_ISSUE, minHistoryWithinBaseline, pushBounded } from './stats/rolling-baseline.js';

/**
 * Upper Poisson CUSUM (Lucas 1985, "Counted data CUSUM's", Technometrics 27(2)):
 *   k = (mu1 - mu0) / (ln mu1 - ln mu0),  S_t = max(0, S_{t-1} + x_t - k),  alarm when S_t > H.
 * k is the log-likelihood-ratio reference value that makes the chart optimal for a shift from mu0
 * to mu1. mu0 is the mean of a rolling baseline that skips the newest `guard` windows, and
 * mu1 = mu0 + delta sqrt(mu0) puts the shift to detect in Poisson standard deviations. Lucas picks
 * the decision interval H per mu0; with a rolling mu0 it is H = h sqrt(mu0), so one `h` gives a
 * similar false-alarm rate at 2 counts a day and at 2000 (a fixed H of 4 counts has an in-control
 * ARL of ~800 windows at mu0 = 0.5 but ~8 at mu0 = 100). Windows are counted, not timed: the
 * windower must emit every window of a series, empty ones with count 0.
 */
export const CusumConfig = z
  .object({
    /**
     * Shift to detect quickly, in Poisson standard deviations sqrt(mu0). With 1, k is about
     * mu0 + 0.5 sqrt(mu0) once mu0 is large: the k = 0.5 sigma of Montgomery's standard design.
     */
    delta: z.number().positive().default(1).describe('Shift to detect quickly, in Poisson standard deviations sqrt(mu0)'),
    /**
     * Decision interval in Poisson standard deviations: H = h sqrt(max(mu0, minMean)) counts.
     * Montgomery's h = 5 gives a one-sided in-control ARL of about 930 windows with known
     * parameters; with the 28-window rolling baseline on Poisson counts we measured about 200
     * (mu0 = 2) to 550 (mu0 = 1000), and a +2 sd step is found within 7 windows 88-98% of the
     * time (seeded simulation, 400 runs per cell; the test checks mu0 = 5).
     */
    h: z.number().positive().default(5).describe('Decision interval H = h x sqrt(max(mu0, minMean)) counts'),
    /** Baseline windows for mu0. */
    baseline: z.number().int().min(2).default(28).describe('Windows in the rolling baseline that gives mu0'),
    ...guardedBaselineFields,
    /** Floor on mu0 when deriving mu1, k and H, so an all-zero baseline does not take ln 0. */
    minMean: z.number().positive().default(0.5).describe('Floor on mu0 when deriving the reference value k and H (an all-zero baseline has no ln 0)'),
    /**
     * Restart S at 0 after an alarm, as a chart restarts once a signal is handled; a sustained
     * rise then alarms again every few windows instead of on every window.
     */
    resetOnAlarm: z.boolean().default(true).describe('Restart the sum at 0 after an alarm, so a lasting rise alarms every few windows'),
  })
  .strict()
  .refine(minHistoryWithinBaseline, MIN_HISTORY_ISSUE);
export type CusumConfig = z.infer<typeof CusumConfig>;

export const CusumState = z
  .object({
    /** Newest `baseline + guard` counts, oldest first; the window being scored is not in it. */
    history: z.array(z.number()),
    /** S_{t-1}, the cumulative sum in counts; 0 during warm-up. */
    s: z.number().nonnegative(),
  })
  .strict();
export type CusumState = z.infer<typeof CusumState>;

export const cusum = defineDetector<CusumConfig, CusumState>({
  name: 'cusum',
  description: 'Upper Poisson CUSUM on a rolling, guarded baseline (Lucas 1985)',
  configSchema: CusumConfig,
  stateSchema: CusumState,
  create: () => ({ history: [], s: 0 }),
  update(state, window, config) {
    const x = window.count;
    const history = pushBounded(state.history, x, config.baseline + config.guard);
    const baseline = laggedBaseline(state.history, config.baseline, config.guard);
    if (baseline.length < config.minHistory) {
      return { state: { history, s: 0 }, score: WARMING_UP };
    }

    const mu0 = baselineMoments(baseline).mean;
    const floored = Math.max(mu0, config.minMean);
    const k = referenceValue(floored, config.delta);
    const interval = config.h * Math.sqrt(floored);
    const s = Math.max(0, state.s + x - k);
    const alarm = s > interval;

    return {
      state: { history, s: alarm && config.resetOnAlarm ? 0 : s },
      score: {
        // The unfloored baseline mean: the floor only shapes k and H.
        expected: mu0,
        // The count that would put S_t exactly on H; any larger count fires.
        upper: k + interval - state.s,
        // S_t as a fraction of the decision interval: 1 at and beyond an alarm.
        score: Math.min(1, s / interval),
        alarm,
        warmingUp: false,
      },
    };
  },
});

/** Lucas (1985) reference value for a shift from mu0 to mu1 = mu0 + delta sqrt(mu0); mu0 > 0. */
function referenceValue(mu0: number, delta: number): number {
  const shift = delta * Math.sqrt(mu0);
  // ln mu1 - ln mu0 as log1p(shift / mu0): no cancellation when mu0 is in the millions.
  return shift / Math.log1p(shift / mu0);
}
