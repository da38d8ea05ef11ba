import { z } from 'zod';
import type { Score } from '../src/domain/score.js';
import { WARMING_UP } from '../src/domain/score.js';
import type { Window } from '../src/domain/window.js';
import { defineDetector } from './detector.js';
import { anscombeResiduals, outbreakWeights } from './stats/anscombe-weights.js';
import type { DesignMatrix, QuasiPoissonFit } from './stats/glm-poisson.js';
import { coefficientPValue, fitQuasiPoisson, linearPredictor } from './stats/glm-poisson.js';
import { normalTails, upperCriticalValue } from './stats/normal.js';
import { powerThreshold } from './stats/power-threshold.js';
import { pushBounded } from './stats/rolling-baseline.js';

/*
 * The original algorithm of Farrington, Andrews, Beale and Catchpole (1996), "A statistical
 * algorithm for the early detection of outbreaks of infectious disease", JRSS A 159, as
 * surveillance::algo.farrington (R package surveillance 1.20.3, fitFun
 * algo.farrington.fitGLM.fast) computes it on weekly counts, "one year" being 52 windows.
 * For the count y_k of week k:
 *  1. Reference values: the weeks k - 52 i + d, i = 1..b, d = -w..w, that exist (R drops the
 *     ones before the start of the series, so the first rows use fewer).
 *  2. Fit a quasi-Poisson GLM, log mu = alpha + beta t (just alpha when trend = false), by
 *     R's IRLS (stats/glm-poisson.ts); if it does not converge with the trend, refit without.
 *     phi = max(1, Pearson dispersion).
 *  3. reweight: Anscombe residuals s_i scaled by sqrt(phi (1 - h_i)); weights gamma s_i^-2
 *     where s_i > 1 and gamma elsewhere (summing to n); refit with them, phi again.
 *  4. Keep the trend only if b >= 3, its two-sided t-test p-value is below 0.05 (hard-coded in
 *     R: not `alpha`), and the predicted mu0 at week k is at most the largest reference count;
 *     otherwise redo 2-3 without it.
 *  5. mu0 = exp(eta0) at week k, se = sqrt(phi x0' (X'WX)^-1 x0) mu0; the bound U is the power
 *     threshold (stats/power-threshold.ts) with z = qnorm(1 - alpha / 2): R's interval is
 *     two-sided, so alpha = 0.05 puts U at the 97.5% point.
 *  6. limit54 (Farrington's section 3.8, "5 cases in 4 weeks"): if the weeks k-3..k (the current
 *     week included, as R does since 0.9-7) hold fewer than 5 cases, there is no alarm and R
 *     reports upperbound 0. Otherwise alarm when (y - mu0) / (U - mu0) > 1, R's exact test.
 *
 * Score: expected = mu0, upper = U (always the model's bound: where limit54 holds R reports 0,
 * which this detector does not copy, so the bound stays meaningful; alarm is still false there),
 * score = pnorm((y^e - mu0^e) / sd), R's control$pd[, 1], and pValue its upper tail.
 *
 * Week windows only: day and hour windows get WARMING_UP (no alarm) and leave the state empty,
 * since "the same week b years ago" has no meaning for them. The first score comes when the
 * series has 52 b - w - 1 weeks of history, R's default range start; the state keeps the last
 * 52 b + w counts (263 by default). Not implemented: population offsets (R's fast fitter
 * ignores them anyway) and date-based reference weeks (epochAsDate).
 */

const WEEKS_PER_YEAR = 52;
/** R's algo.farrington keeps a trend only below this p-value, whatever `alpha` is. */
const TREND_SIGNIFICANCE = 0.05;
/** R's algo.farrington.assign.weights default, which algo.farrington does not change. */
const WEIGHTS_THRESHOLD = 1;
/** The most history any valid config keeps: 52 b + w with b, w at their maxima (10, 10). */
export const MAX_HISTORY = WEEKS_PER_YEAR * 10 + 10;

export const Limit54 = z
  .object({
    /** No alarm unless the last `weeks` weeks (current included) hold at least this many cases. */
    cases: z.number().int().nonnegative().default(5).describe('No alarm unless the last `weeks` weeks (current included) hold at least this many cases'),
    weeks: z.number().int().min(1).max(26).default(4).describe('Weeks of the limit54 rule'),
  })
  .strict();
export type Limit54 = z.infer<typeof Limit54>;

export const FarringtonConfig = z
  .object({
    /** Years back for reference values. */
    b: z.number().int().min(1).max(10).default(5).describe('Years back for reference values'),
    /** Half-width of the window of reference weeks around the same week in past years. */
    w: z.number().int().min(0).max(10).default(3).describe('Half-width in weeks of the window of reference weeks around the same week in past years'),
    /** Down-weight past outbreaks (Anscombe residuals above 1). */
    reweight: z.boolean().default(true).describe('Down-weight past outbreaks (Anscombe residuals above 1)'),
    /** Two-sided level of the prediction interval; the bound is its upper end. Below 0.5. */
    alpha: z.number().gt(0).lt(0.5).default(0.05).describe('Two-sided level of the prediction interval; the bound is its upper end'),
    /** Fit a linear time trend, kept only when R's conditions hold (see above). */
    trend: z.boolean().default(true).describe('Fit a linear time trend, kept only when significant (p < 0.05), b >= 3 and not extrapolating'),
    limit54: Limit54.default({ cases: 5, weeks: 4 }).describe('Farrington\'s rule against alarms on very few cases (R\'s limit54 = c(5, 4))'),
    /** Power transformation for the threshold: 2/3 (skewness), 1/2 (variance) or none. */
    powertrans: z.enum(['2/3', '1/2', 'none']).default('2/3').describe('Power transformation of the threshold: 2/3 (skewness), 1/2 (variance) or none'),
  })
  .strict();
export type FarringtonConfig = z.infer<typeof FarringtonConfig>;

const FarringtonState = z
  .object({
    /** Weekly counts before the next window, oldest first, at most 52 b + w of them. */
    counts: z.array(z.number().nonnegative()).max(MAX_HISTORY),
  })
  .strict();
export type FarringtonState = z.infer<typeof FarringtonState>;

/** What R's fitGLM.fast returns: the fit, whether it has the trend column, and phi. */
interface FittedModel {
  readonly fit: QuasiPoissonFit;
  readonly hasTrend: boolean;
  readonly phi: number;
  /** The design row of week k. */
  readonly now: number[];
}

/** Design [1, t] or [1]; t is in years relative to week k, centred (predictions do not change). */
function designOf(times: readonly number[], withTrend: boolean): { design: DesignMatrix; now: number[] } {
  const n = times.length;
  if (!withTrend) return { design: { rows: n, columns: 1, values: new Array<number>(n).fill(1) }, now: [1] };
  let centre = 0;
  for (const t of times) centre += t / n;
  const values = new Array<number>(2 * n).fill(0);
  times.forEach((t, i) => {
    values[2 * i] = 1;
    values[2 * i + 1] = t - centre;
  });
  return { design: { rows: n, columns: 2, values }, now: [1, -centre] };
}

/** surveillance::algo.farrington.fitGLM.fast: fit, fall back to no trend, reweight once. */
function fitModel(response: readonly number[], times: readonly number[], withTrend: boolean, reweight: boolean): FittedModel | null {
  let { design, now } = designOf(times, withTrend);
  let hasTrend = withTrend;
  let fit = fitQuasiPoisson(design, response);
  if (hasTrend && (fit === null || !fit.converged)) {
    // R: "No convergence with timeTrend -- trying without." It carries on even if that fails too.
    ({ design, now } = designOf(times, false));
    hasTrend = false;
    fit = fitQuasiPoisson(design, response);
  }
  if (fit === null) return null;
  let phi = Math.max(fit.dispersion, 1);
  // No residual degrees of freedom (one reference week): R's dispersion is NaN and its bound NA.
  if (Number.isNaN(phi)) return null;
  if (reweight) {
    const omega = outbreakWeights(anscombeResiduals(fit, design, phi), WEIGHTS_THRESHOLD);
    fit = fitQuasiPoisson(design, response, { priorWeights: omega });
    if (fit === null) return null;
    phi = Math.max(fit.dispersion, 1);
  }
  return { fit, hasTrend, phi, now };
}

const NO_RESULT: Score = Object.freeze({ expected: Number.NaN, upper: Number.NaN, score: 0, alarm: false, warmingUp: false });

/** Scores `count` (week k) against `history` (weeks before k, oldest first). */
function scoreFarrington(history: readonly number[], count: number, config: FarringtonConfig): Score {
  const { b, w } = config;
  const h = history.length;
  const response: number[] = [];
  const times: number[] = [];
  for (let i = b; i >= 1; i--) {
    for (let d = -w; d <= w; d++) {
      const position = h - WEEKS_PER_YEAR * i + d;
      if (position < 0) continue; // before the series start, as R drops indices < 1
      response.push(history[position]!);
      times.push((position - h) / WEEKS_PER_YEAR);
    }
  }
  if (response.length === 0) return NO_RESULT;

  let model = fitModel(response, times, config.trend, config.reweight);
  if (model === null) return NO_RESULT;
  if (model.hasTrend) {
    const significant = coefficientPValue(model.fit, 1) < TREND_SIGNIFICANCE;
    const mu0Hat = Math.max(Math.exp(linearPredictor(model.fit, model.now).eta), Number.EPSILON);
    const noExtrapolation = mu0Hat <= Math.max(...response);
    if (!(b >= 3 && significant && noExtrapolation)) {
      model = fitModel(response, times, false, config.reweight);
      if (model === null) return NO_RESULT;
    }
  }

  const { eta, varianceUnscaled } = linearPredictor(model.fit, model.now);
  const mu0 = Math.max(Math.exp(eta), Number.EPSILON);
  const seFit = Math.sqrt(varianceUnscaled * model.phi) * mu0;
  const zAlpha = upperCriticalValue(config.alpha / 2);
  const { upper, statistic } = powerThreshold(mu0, seFit, model.phi, config.powertrans, zAlpha, count);

  const { cases, weeks } = config.limit54;
  let recent = count;
  for (let i = Math.max(0, h - weeks + 1); i < h; i++) recent += history[i]!;
  const enoughCases = recent >= cases;
  const exceedance = enoughCases ? (count - mu0) / (upper - mu0) : 0;
  const tails = normalTails(statistic);
  return { expected: mu0, upper, score: tails.lower, pValue: tails.upper, alarm: exceedance > 1, warmingUp: false };
}

export const farrington = defineDetector<FarringtonConfig, FarringtonState>({
  name: 'farrington',
  description: 'Farrington et al. (1996) quasi-Poisson GLM on the same weeks of past years (R surveillance algo.farrington)',
  configSchema: FarringtonConfig,
  stateSchema: FarringtonState,
  create: () => ({ counts: [] }),
  update(state, window: Window, config) {
    if (window.granularity !== 'week') return { state: { counts: [...state.counts] }, score: WARMING_UP };
    const { b, w } = config;
    const capacity = WEEKS_PER_YEAR * b + w;
    const history = state.counts.slice(-capacity);
    const counts = pushBounded(state.counts, window.count, capacity);
    // R's default range starts at week 52 b - w (1-based): that many - 1 weeks of history.
    if (state.counts.length < WEEKS_PER_YEAR * b - w - 1) return { state: { counts }, score: WARMING_UP };
    return { state: { counts }, score: scoreFarrington(history, window.count, config) };
  },
});
