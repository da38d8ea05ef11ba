import { z } from 'zod';
import { WARMING_UP } from '../src/domain/score.js';
import { defineDetector } from './detector.js';
import { baselineMoments, guardedBaselineFields, laggedBaseline, MIN_HISTORY_ISSUE, minHistoryWithinBaseline, pushBounded } from './stats/rolling-baseline.js';
import { zEvidence } from './stats/z-evidence.js';

/**
 * EWMA control chart (Roberts 1959) with the exact, time-varying limits of Lucas & Saccucci (1990)
 * and Montgomery, "Introduction to Statistical Quality Control", section 9.2:
 *   z_t = lambda x_t + (1 - lambda) z_{t-1},  z_0 = mu0
 *   UCL_t = mu0 + L sigma sqrt(lambda / (2 - lambda) (1 - (1 - lambda)^(2t)))
 * mu0 and sigma come from a rolling baseline that skips the newest `guard` windows. One-sided:
 * only a rise fires. Windows are counted, not timed: the windower must emit every window of a
 * series, empty ones with count 0.
 */
export const EwmaConfig = z
  .object({
    /**
     * Smoothing weight. Small lambdas (0.05-0.1) are tuned for tiny shifts in a fixed baseline;
     * here the rolling baseline absorbs a sustained rise once it passes the guard, so the chart
     * must react within days: with 0.3 a +2 sd step is found within 7 windows 85-91% of the time,
     * and a +1 sd step 28-56% (0.2 does worse on both; seeded simulation, 400 runs per cell).
     */
    lambda: z.number().gt(0).lte(1).default(0.3).describe('Smoothing weight of the newest count (0.3: reacts within days while the rolling baseline absorbs a lasting rise)'),
    /**
     * Limit width in standard deviations of z. With lambda 0.3, L 3 gives a one-sided in-control
     * ARL of about 920 windows for a known normal baseline (about 460 two-sided, in line with
     * Lucas & Saccucci 1990). Estimating mu0 and sigma from 28 Poisson windows shortens it to
     * about 105 (mu0 = 0.5), 360 (mu0 = 5) and 890 (mu0 = 1000); the test checks mu0 = 5.
     */
    L: z.number().positive().default(3).describe('Control limit width in standard deviations of the EWMA'),
    /** Baseline windows for mu0 and sigma. */
    baseline: z.number().int().min(2).default(28).describe('Windows in the rolling baseline that gives mu0 and sigma'),
    ...guardedBaselineFields,
    /** Floor sigma at sqrt(mu0), the Poisson standard deviation: count baselines are often flat. */
    poissonFloor: z.boolean().default(true).describe('Floor sigma at sqrt(mu0), the Poisson standard deviation'),
    /** Absolute floor on sigma, so an all-zero baseline does not fire on a single count. */
    minSigma: z.number().positive().default(0.5).describe('Absolute floor on sigma, so an all-zero baseline does not fire on one count'),
  })
  .strict()
  .refine(minHistoryWithinBaseline, MIN_HISTORY_ISSUE);
export type EwmaConfig = z.infer<typeof EwmaConfig>;

export const EwmaState = z
  .object({
    /** Newest `baseline + guard` counts, oldest first; the window being scored is not in it. */
    history: z.array(z.number()),
    /** z_{t-1}; null until the baseline is long enough. */
    z: z.number().nullable(),
    /** EWMA steps taken since warm-up ended, the t in the limit. */
    steps: z.number().int().nonnegative(),
  })
  .strict();
export type EwmaState = z.infer<typeof EwmaState>;

export const ewma = defineDetector<EwmaConfig, EwmaState>({
  name: 'ewma',
  description: 'EWMA control chart on a rolling, guarded baseline (Roberts 1959; Lucas & Saccucci 1990)',
  configSchema: EwmaConfig,
  stateSchema: EwmaState,
  create: () => ({ history: [], z: null, steps: 0 }),
  update(state, window, config) {
    const x = window.count;
    const history = pushBounded(state.history, x, config.baseline + config.guard);
    const baseline = laggedBaseline(state.history, config.baseline, config.guard);
    if (baseline.length < config.minHistory) {
      return { state: { history, z: null, steps: 0 }, score: WARMING_UP };
    }

    const { lambda, L } = config;
    const { mean: mu0, sd } = baselineMoments(baseline);
    const sigma = Math.max(sd, config.poissonFloor ? Math.sqrt(mu0) : 0, config.minSigma);
    const previous = state.z ?? mu0;
    const steps = state.z === null ? 1 : state.steps + 1;
    const zt = lambda * x + (1 - lambda) * previous;
    // 1 - (1 - lambda)^(2t) through expm1/log1p: exact for tiny lambdas, where (1 - lambda)^(2t) rounds to 1.
    const sigmaZ = sigma * Math.sqrt((lambda / (2 - lambda)) * -Math.expm1(2 * steps * Math.log1p(-lambda)));
    const ucl = mu0 + L * sigmaZ;
    // The count that would put z_t exactly on the limit: solve ucl = lambda x + (1 - lambda) z_{t-1}.
    const limitCount = (ucl - (1 - lambda) * previous) / lambda;
    const deviation = zt - mu0;
    // A limit width that underflows to 0 (lambda near 0): any excess is infinite, none is 0.
    const standardized = sigmaZ > 0 ? deviation / sigmaZ : deviation > 0 ? Infinity : deviation < 0 ? -Infinity : 0;
    const { score, pValue } = zEvidence(standardized);
    const upper = Number.isFinite(limitCount) ? limitCount : Number.NaN;

    return {
      state: { history, z: zt, steps },
      score: { expected: mu0, upper, score, pValue, alarm: zt > ucl, warmingUp: false },
    };
  },
});
