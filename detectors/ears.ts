import { mean, sampleStandardDeviation } from 'simple-statistics';
import { z } from 'zod';
import type { Score } from '../src/domain/score.js';
import { WARMING_UP } from '../src/domain/score.js';
import type { Window } from '../src/domain/window.js';
import type { Detector } from './detector.js';
import { defineDetector } from './detector.js';
import { normalCdf, normalSurvival, upperCriticalValue } from './stats/normal.js';
import { pushBounded } from './stats/rolling-baseline.js';

/*
 * CDC EARS C1, C2 and C3, as surveillance::earsC (R package surveillance 1.20.3) computes them.
 * With b = baseline, z = qnorm(1 - alpha), y_t the count of window t, and for a reference set
 * R: m = mean(R), s = max(sd(R), minSigma) (sd with n - 1):
 *   C1  R = y[t-b .. t-1]                      upper_t = m + z * s     alarm: y_t > upper_t
 *   C2  R = y[t-b-2 .. t-3] (2-window guard)    upper_t = m + z * s     alarm: y_t > upper_t
 *   C3  C2_i = (y_i - m_i) / s_i with C2's reference set of window i, then
 *       upper_t = max(0, y_t + s_t * (z - (max(0, C2_{t-2} - 1) + max(0, C2_{t-1} - 1))))
 *       alarm: y_t > upper_t.
 * R's C3 bound does not use C2_t itself: with s_t > 0 its alarm fires exactly when the two lagged
 * terms sum to more than z and y_t > 0, however ordinary y_t is. Faithful to R, not to the CDC
 * paper (which sums three terms including C2_t against a threshold); the golden fixtures pin it.
 *
 * Zero spread (every count in the reference equal, minSigma = 0), as R does it:
 *   C1/C2: upper = mean, so any count above the mean alarms.
 *   C3: C2_i becomes 0/0 = NaN or +-Infinity; NaN (or 0 * Infinity) makes the bound NaN, which R
 *   reports as alarm NA. We return upper NaN, alarm false, score 0 and no p-value there.
 */

type EarsMethod = 'C1' | 'C2' | 'C3';

/** Windows of history each method needs before window t: R's `maxLag`. */
const EXTRA_LAG: Readonly<Record<EarsMethod, number>> = { C1: 0, C2: 2, C3: 4 };

function earsConfigSchema(defaultAlpha: number) {
  return z
    .object({
      /** One-sided level; the bound is mean + qnorm(1 - alpha) * sigma. */
      alpha: z.number().gt(0).lt(1).default(defaultAlpha).describe('One-sided level; z = qnorm(1 - alpha) is the threshold in standard deviations (C1, C2: mean + z sd)'),
      /** Windows in the reference set. R refuses fewer than 3; the cap keeps stored state small. */
      baseline: z.number().int().min(3).max(1000).default(7).describe('Windows in the reference set (R refuses fewer than 3)'),
      /** Floor on the reference standard deviation. */
      minSigma: z.number().nonnegative().default(0).describe('Floor on the reference standard deviation; 0 keeps R\'s zero-spread behaviour'),
    })
    .strict();
}

export type EarsConfig = z.infer<ReturnType<typeof earsConfigSchema>>;

const EarsState = z
  .object({
    /** The most recent counts, oldest first, at most baseline + EXTRA_LAG of them. */
    counts: z.array(z.number()),
  })
  .strict();
export type EarsState = z.infer<typeof EarsState>;

interface Reference {
  readonly mean: number;
  readonly sigma: number;
}

function reference(counts: readonly number[], minSigma: number): Reference {
  return { mean: mean(counts), sigma: Math.max(sampleStandardDeviation(counts), minSigma) };
}

/** Score of the standardized statistic that R's alarm rule compares against z. */
function scoreOf(expected: number, upper: number, statistic: number, alarm: boolean): Score {
  if (Number.isNaN(upper)) return { expected, upper, score: 0, alarm: false, warmingUp: false };
  return { expected, upper, score: normalCdf(statistic), pValue: normalSurvival(statistic), alarm, warmingUp: false };
}

/** (value - threshold) / sigma, where a zero sigma means "no spread": any excess is infinite. */
function standardize(value: number, threshold: number, sigma: number): number {
  if (sigma > 0) return (value - threshold) / sigma;
  return value > threshold ? Number.POSITIVE_INFINITY : Number.NEGATIVE_INFINITY;
}

/** Scores `count` against `history` (oldest first, exactly baseline + EXTRA_LAG[method] long). */
function scoreEars(method: EarsMethod, history: readonly number[], count: number, config: EarsConfig): Score {
  const { baseline, minSigma } = config;
  const z = upperCriticalValue(config.alpha);
  if (method !== 'C3') {
    // C1: the `baseline` windows just before t; C2: the same, shifted back past a 2-window guard band.
    const end = history.length - EXTRA_LAG[method];
    const ref = reference(history.slice(end - baseline, end), minSigma);
    const upper = ref.mean + z * ref.sigma;
    const alarm = count > upper;
    return scoreOf(ref.mean, upper, standardize(count, ref.mean, ref.sigma), alarm);
  }
  // C3 over y = history ++ [count]; t is the last index, C2_i uses y[i-b-2 .. i-3].
  const y = [...history, count];
  const t = y.length - 1;
  const c2Reference = (i: number): Reference => reference(y.slice(i - baseline - 2, i - 2), minSigma);
  const c2 = (i: number): number => {
    const ref = c2Reference(i);
    return ((y[i] ?? Number.NaN) - ref.mean) / ref.sigma; // R divides as is: 0/0 = NaN, x/0 = +-Infinity
  };
  // Math.max propagates NaN like R's pmax(na.rm = FALSE).
  const lagged = Math.max(0, c2(t - 2) - 1) + Math.max(0, c2(t - 1) - 1);
  const ref = c2Reference(t);
  const upper = Math.max(0, count + ref.sigma * (z - lagged));
  const alarm = count > upper;
  // What the alarm tests, on z's scale: z + (y_t - upper) / s_t (= the lagged sum unless clipped at 0).
  return scoreOf(ref.mean, upper, z + standardize(count, upper, ref.sigma), alarm);
}

function earsDetector(method: EarsMethod, defaultAlpha: number, description: string): Detector<EarsConfig, EarsState> {
  return defineDetector<EarsConfig, EarsState>({
    name: `ears_${method.toLowerCase()}`,
    description,
    configSchema: earsConfigSchema(defaultAlpha),
    stateSchema: EarsState,
    create: () => ({ counts: [] }),
    update(state, window: Window, config) {
      const needed = config.baseline + EXTRA_LAG[method];
      // Keep only what the next window needs; a smaller baseline after a reload just trims.
      const counts = pushBounded(state.counts, window.count, needed);
      if (state.counts.length < needed) return { state: { counts }, score: WARMING_UP };
      const history = state.counts.length === needed ? state.counts : state.counts.slice(-needed);
      return { state: { counts }, score: scoreEars(method, history, window.count, config) };
    },
  });
}

// R's earsC defaults alpha to 0.001 for C1 and C2 and to 0.025 for C3 when control omits it.
export const earsC1 = earsDetector('C1', 0.001, 'CDC EARS C1: count above mean + z*sd of the previous `baseline` windows');
export const earsC2 = earsDetector('C2', 0.001, 'CDC EARS C2: as C1 with a 2-window guard band before the baseline');
export const earsC3 = earsDetector('C3', 0.025, 'CDC EARS C3: alarm on the sum of the two previous C2 excesses (R surveillance definition)');
