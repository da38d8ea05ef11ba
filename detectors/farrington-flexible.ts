import { z } from 'zod';
import type { Score } from '../src/domain/score.js';
import { WARMING_UP } from '../src/domain/score.js';
import type { Window } from '../src/domain/window.js';
import { defineDetector } from './detector.js';
import { Limit54, MAX_HISTORY } from './farrington.js';
import { anscombeResiduals, outbreakWeights } from './stats/anscombe-weights.js';
import type { DesignMatrix, QuasiPoissonFit } from './stats/glm-poisson.js';
import { coefficientPValue, fitQuasiPoisson, linearPredictor } from './stats/glm-poisson.js';
import { negativeBinomialQuantile, negativeBinomialTails } from './stats/negative-binomial.js';
import { normalTails, upperCriticalValue } from './stats/normal.js';
import { poissonQuantile, poissonTails } from './stats/poisson.js';
import { powerThreshold } from './stats/power-threshold.js';
import { pushBounded } from './stats/rolling-baseline.js';

/*
 * The improved Farrington algorithm of Noufaily, Enki, Farrington, Garthwaite, Andrews and
 * Charlett (2013), "An improved algorithm for outbreak detection in multiple surveillance
 * systems", Statistics in Medicine 32, as surveillance::farringtonFlexible (R package
 * surveillance 1.20.3) computes it on weekly counts, "one year" being 52 windows. For week k:
 *  1. Reference data: every week from k - 52 b - w up to k - pastWeeksNotIncluded - 1. Each
 *     carries a seasonal level (R's `blocks`): level noPeriods for the weeks within w of
 *     k - 52 i (and of k), and levels 1 .. noPeriods - 1 for the 52 - 2w - 1 weeks between two
 *     such windows, in consecutive blocks of equal length (the first ones one week longer when
 *     it does not divide). With noPeriods = 1 only the +-w windows are used, as in 1996.
 *  2. Quasi-Poisson GLM log mu = alpha + beta t + seasonal level (treatment contrasts), by R's
 *     IRLS (stats/glm-poisson.ts); without convergence refit without the trend, and without
 *     convergence then, give no result (R: NA). phi = max(1, Pearson dispersion).
 *  3. reweight: Anscombe residuals above weightsThreshold (2.58, Noufaily; 1 in 1996) are
 *     down-weighted, refit, phi again.
 *  4. Keep the trend if b >= 3, its t-test p-value < pThresholdTrend (1: always, Noufaily) and
 *     mu0 <= the largest reference count; otherwise redo 2-3 without it.
 *  5. Bound, by thresholdMethod, with the one-sided z = qnorm(1 - alpha):
 *     - nbPlugin (Noufaily): U = qnbinom(1 - alpha, size = mu0 / (phi - 1), prob = 1 / phi), or
 *       qpois(1 - alpha, mu0) when phi = 1; p-value P(Y >= y) under that distribution;
 *     - muan: the same with mu0 replaced by exp(eta0 + z se(eta0));
 *     - delta (1996): the power threshold of stats/power-threshold.ts with `powertrans`.
 *  6. limit54: fewer than `cases` cases in the last `weeks` weeks (current included) => no
 *     alarm (R reports upperbound NA). Otherwise alarm when R's score (y - f) / (U - f) > 1 and
 *     y > 0, with f = mu0 for delta but f = eta0 = log mu0 for nbPlugin and muan (an R quirk:
 *     the same as y > U whenever U > log mu0, i.e. always in practice).
 *
 * R quirks reproduced: after reweighting, R's fit keeps the prior weights in place of the IRLS
 * weights, so `summary.glm` (the trend's p-value) and `predict.glm` (se(eta0), used by delta
 * and muan) take the dispersion as sum(omega r^2) / df with r the working residuals; and
 * predict.glm gets phi inside its newdata, not as `dispersion`, so se(eta0) uses that unclamped
 * dispersion, not phi.
 *
 * Defaults are the "improved" setting of Noufaily et al. as the surveillance vignette passes it
 * (monitoringCounts: con.noufaily): noPeriods 10, weightsThreshold 2.58,
 * pastWeeksNotIncluded 26, pThresholdTrend 1, thresholdMethod nbPlugin; with R's b = 5, w = 3,
 * alpha = 0.05, limit54 (5, 4), and no population offset (windows carry no population; not
 * implemented). R's own farringtonFlexible defaults are the 1996 options (noPeriods 1,
 * pThresholdTrend 0.05, thresholdMethod delta, pastWeeksNotIncluded = w), which this config
 * can set explicitly.
 *
 * Score: expected = mu0, upper = U (where limit54 holds R reports NA; this detector keeps the
 * bound and does not alarm), pValue = R's control$pvalue, score = 1 - pValue (computed as the
 * other tail, so it keeps its precision). Where R gives NA (no convergence, mu0 = Inf, no
 * residual degrees of freedom) the score has upper and expected NaN, score 0, no alarm.
 *
 * Week windows only: other granularities get WARMING_UP and leave the state empty. The first
 * score comes after 52 b + w weeks of history (R's default range starts at 52 b + w + 1); the
 * state keeps exactly those 52 b + w counts (263 by default).
 */

const WEEKS_PER_YEAR = 52;

export const FarringtonFlexibleConfig = z
  .object({
    /** Years back for reference values. */
    b: z.number().int().min(1).max(10).default(5).describe('Years back for reference values'),
    /** Half-width of the window around the same week in past years (and of the current one). */
    w: z.number().int().min(0).max(10).default(3).describe('Half-width in weeks of the window around the same week in past years'),
    /** Down-weight past outbreaks (Anscombe residuals above weightsThreshold). */
    reweight: z.boolean().default(true).describe('Down-weight past outbreaks (Anscombe residuals above weightsThreshold)'),
    /** 2.58 in Noufaily et al.; 1 in Farrington et al. (1996). */
    weightsThreshold: z.number().positive().default(2.58).describe('Anscombe residual above which a week is down-weighted: 2.58 (Noufaily), 1 (1996)'),
    /** One-sided level: the bound is the (1 - alpha) quantile. Below 0.5. */
    alpha: z.number().gt(0).lt(0.5).default(0.05).describe('One-sided level: the bound is the (1 - alpha) quantile'),
    /** Fit a linear time trend, kept only when R's conditions hold (see above). */
    trend: z.boolean().default(true).describe('Fit a linear time trend, kept when p < pThresholdTrend, b >= 3 and not extrapolating'),
    /** Keep the trend when its p-value is below this: 1 keeps it always (Noufaily), 0.05 in 1996. */
    pThresholdTrend: z.number().gt(0).max(1).default(1).describe('Keep the trend when its p-value is below this: 1 keeps it always (Noufaily), 0.05 in 1996'),
    limit54: Limit54.default({ cases: 5, weeks: 4 }).describe('Farrington\'s rule against alarms on very few cases (R\'s limit54 = c(5, 4))'),
    /** Power transformation of the delta threshold; unused by nbPlugin and muan. */
    powertrans: z.enum(['2/3', '1/2', 'none']).default('2/3').describe('Power transformation of the delta threshold; unused by nbPlugin and muan'),
    /** Levels of the seasonal factor; 1 uses only the +-w windows, as in 1996. */
    noPeriods: z.number().int().min(1).max(52).default(10).describe('Levels of the seasonal factor; 1 uses only the +-w windows, as in 1996'),
    /** The most recent weeks left out of the fit, so that a current outbreak does not raise its own baseline. */
    pastWeeksNotIncluded: z.number().int().nonnegative().default(26).describe('Most recent weeks left out of the fit, so a current outbreak does not raise its own baseline'),
    /** nbPlugin (Noufaily), muan, or delta (1996). */
    thresholdMethod: z.enum(['nbPlugin', 'muan', 'delta']).default('nbPlugin').describe('Bound: nbPlugin (negative binomial quantile, Noufaily), muan, or delta (1996)'),
  })
  .strict()
  .refine((c) => c.noPeriods <= WEEKS_PER_YEAR - 2 * c.w, {
    error: 'noPeriods - 1 seasonal blocks must fit in the 52 - 2w - 1 weeks between windows',
    path: ['noPeriods'],
  })
  .refine((c) => c.pastWeeksNotIncluded < WEEKS_PER_YEAR * c.b - c.w, {
    error: 'pastWeeksNotIncluded must leave the oldest reference window in the fit (below 52 b - w)',
    path: ['pastWeeksNotIncluded'],
  });
export type FarringtonFlexibleConfig = z.infer<typeof FarringtonFlexibleConfig>;

const FarringtonFlexibleState = z
  .object({
    /** Weekly counts before the next window, oldest first, at most 52 b + w of them. */
    counts: z.array(z.number().nonnegative()).max(MAX_HISTORY),
  })
  .strict();
export type FarringtonFlexibleState = z.infer<typeof FarringtonFlexibleState>;

/** The GLM data for week k: counts, times (years before k) and seasonal levels (1-based). */
interface ReferenceData {
  readonly response: number[];
  readonly times: number[];
  readonly levels: number[];
}

/** R's `blocks` and algo.farrington.data.glm for the week after `history` (index-based epochs). */
function referenceData(history: readonly number[], config: FarringtonFlexibleConfig): ReferenceData {
  const { b, w, noPeriods: p } = config;
  const span = WEEKS_PER_YEAR * b + w;
  // level[m] is the seasonal level of week k - m; 0 = not used.
  const level = new Array<number>(span + 1).fill(0);
  for (let m = 0; m <= w; m++) level[m] = p;
  const period = WEEKS_PER_YEAR - 2 * w - 1;
  for (let i = 1; i <= b; i++) {
    for (let d = -w; d <= w; d++) level[WEEKS_PER_YEAR * i + d] = p;
    if (p === 1) continue;
    const base = Math.floor(period / (p - 1));
    const rest = period % (p - 1);
    // Blocks 1 .. p - 1 run forward in time from week k - 52 i + w + 1.
    let m = WEEKS_PER_YEAR * i - w - 1;
    for (let j = 1; j < p; j++) {
      const length = base + (j <= rest ? 1 : 0);
      for (let q = 0; q < length; q++) level[m--] = j;
    }
  }
  for (let m = 0; m <= config.pastWeeksNotIncluded; m++) level[m] = 0;

  const h = history.length;
  const data: ReferenceData = { response: [], times: [], levels: [] };
  for (let m = span; m >= 1; m--) {
    const l = level[m]!;
    if (l === 0 || h - m < 0) continue;
    data.response.push(history[h - m]!);
    data.times.push(-m / WEEKS_PER_YEAR);
    data.levels.push(l);
  }
  return data;
}

interface FlexibleModel {
  readonly fit: QuasiPoissonFit;
  readonly hasTrend: boolean;
  readonly phi: number;
  /** What summary.glm and predict.glm call the dispersion of R's returned model (see the quirks above). */
  readonly reportedDispersion: number;
  /** The design row of week k. */
  readonly now: number[];
}

/**
 * Design: intercept, centred time (if withTrend), and one dummy per seasonal level other than
 * the lowest present (R's treatment contrasts on as.factor). Null when level noPeriods, the one
 * week k is predicted at, is absent (R stops with "new levels").
 */
function designOf(data: ReferenceData, withTrend: boolean, noPeriods: number): { design: DesignMatrix; now: number[] } | null {
  const n = data.response.length;
  const present = [...new Set(data.levels)].sort((a, c) => a - c);
  if (!present.includes(noPeriods)) return null;
  const dummyColumn = new Map<number, number>();
  const first = withTrend ? 2 : 1;
  present.slice(1).forEach((l, index) => dummyColumn.set(l, first + index));
  const columns = first + present.length - 1;
  let centre = 0;
  if (withTrend) for (const t of data.times) centre += t / n;
  const values = new Array<number>(n * columns).fill(0);
  for (let i = 0; i < n; i++) {
    values[i * columns] = 1;
    if (withTrend) values[i * columns + 1] = data.times[i]! - centre;
    const column = dummyColumn.get(data.levels[i]!);
    if (column !== undefined) values[i * columns + column] = 1;
  }
  const now = new Array<number>(columns).fill(0);
  now[0] = 1;
  if (withTrend) now[1] = -centre;
  const nowColumn = dummyColumn.get(noPeriods);
  if (nowColumn !== undefined) now[nowColumn] = 1;
  return { design: { rows: n, columns, values }, now };
}

/** surveillance::algo.farrington.fitGLM.flexible; null where R returns NULL (or would stop). */
function fitModel(data: ReferenceData, withTrend: boolean, config: FarringtonFlexibleConfig): FlexibleModel | null {
  const factors = config.noPeriods !== 1;
  let built = designOf(data, withTrend, factors ? config.noPeriods : 1);
  if (built === null) return null;
  let hasTrend = withTrend;
  let fit = fitQuasiPoisson(built.design, data.response);
  if (fit === null || !fit.converged) {
    if (hasTrend) {
      built = designOf(data, false, factors ? config.noPeriods : 1);
      if (built === null) return null;
      hasTrend = false;
      fit = fitQuasiPoisson(built.design, data.response);
    }
    if (fit === null || !fit.converged) return null;
  }
  let phi = Math.max(fit.dispersion, 1);
  // No residual degrees of freedom (one reference week): R's dispersion is NaN and its bound NA.
  if (Number.isNaN(phi)) return null;
  let reportedDispersion = fit.dispersion;
  if (config.reweight) {
    const omega = outbreakWeights(anscombeResiduals(fit, built.design, phi), config.weightsThreshold);
    fit = fitQuasiPoisson(built.design, data.response, { priorWeights: omega });
    if (fit === null) return null;
    phi = Math.max(fit.dispersion, 1);
    // R then sets model$weights <- omega: summary.glm computes sum(omega * r^2) / df from it.
    let sum = 0;
    for (let i = 0; i < omega.length; i++) sum += omega[i]! * fit.workingResiduals[i]! * fit.workingResiduals[i]!;
    reportedDispersion = fit.dfResidual > 0 ? sum / fit.dfResidual : Number.NaN;
  }
  return { fit, hasTrend, phi, reportedDispersion, now: built.now };
}

const NO_RESULT: Score = Object.freeze({ expected: Number.NaN, upper: Number.NaN, score: 0, alarm: false, warmingUp: false });

interface Threshold {
  readonly upper: number;
  /** R's pvalue: the upper tail probability of the observation. */
  readonly pValue: number;
  /** 1 - pValue, from the other tail. */
  readonly score: number;
  /** R's `predFit`, the point the exceedance score is measured from: mu0 (delta) or eta0. */
  readonly origin: number;
}

/** algo.farrington.threshold.noufaily: a negative binomial (or Poisson) quantile at mean `mean`. */
function countThreshold(mean: number, phi: number, alpha: number, y: number, eta0: number): Threshold | null {
  if (mean === Number.POSITIVE_INFINITY) return null;
  const upper = phi > 1 ? negativeBinomialQuantile(1 - alpha, mean / (phi - 1), 1 / phi) : poissonQuantile(1 - alpha, mean);
  // P(Y >= y) = P(Y > y - 1); R takes the Poisson branch only when phi is exactly 1.
  const tails = phi !== 1 ? negativeBinomialTails(y - 1, mean / (phi - 1), 1 / phi) : poissonTails(y - 1, mean);
  return { upper, pValue: tails.upper, score: tails.lower, origin: eta0 };
}

function threshold(model: FlexibleModel, config: FarringtonFlexibleConfig, y: number): { mu0: number; threshold: Threshold | null } {
  const { eta, varianceUnscaled } = linearPredictor(model.fit, model.now);
  const seEta = Math.sqrt(varianceUnscaled * model.reportedDispersion);
  const z = upperCriticalValue(config.alpha);
  switch (config.thresholdMethod) {
    case 'nbPlugin':
      return { mu0: Math.exp(eta), threshold: countThreshold(Math.exp(eta), model.phi, config.alpha, y, eta) };
    case 'muan':
      return { mu0: Math.exp(eta), threshold: countThreshold(Math.exp(eta + seEta * z), model.phi, config.alpha, y, eta) };
    case 'delta': {
      const mu0 = Math.max(Math.exp(eta), Number.EPSILON);
      const { upper, statistic } = powerThreshold(mu0, seEta * mu0, model.phi, config.powertrans, z, y);
      const tails = normalTails(statistic);
      return { mu0, threshold: { upper, pValue: tails.upper, score: tails.lower, origin: mu0 } };
    }
  }
}

/** Scores `count` (week k) against `history` (at least 52 b + w weeks before k, oldest first). */
function scoreFlexible(history: readonly number[], count: number, config: FarringtonFlexibleConfig): Score {
  const data = referenceData(history, config);
  let model = fitModel(data, config.trend, config);
  if (model === null) return NO_RESULT;
  if (model.hasTrend) {
    const mu0 = Math.max(Math.exp(linearPredictor(model.fit, model.now).eta), Number.EPSILON);
    const significant = coefficientPValue(model.fit, 1, model.reportedDispersion) < config.pThresholdTrend;
    const noExtrapolation = mu0 <= Math.max(...data.response);
    if (!(config.b >= 3 && significant && noExtrapolation)) {
      model = fitModel(data, false, config);
      if (model === null) return NO_RESULT;
    }
  }
  const { mu0, threshold: bound } = threshold(model, config, count);
  if (bound === null || Number.isNaN(bound.upper)) return NO_RESULT;

  const { cases, weeks } = config.limit54;
  let recent = count;
  for (let i = Math.max(0, history.length - weeks + 1); i < history.length; i++) recent += history[i]!;
  const exceedance = (count - bound.origin) / (bound.upper - bound.origin);
  const alarm = recent >= cases && exceedance > 1 && count !== 0;
  return { expected: mu0, upper: bound.upper, score: bound.score, pValue: bound.pValue, alarm, warmingUp: false };
}

export const farringtonFlexible = defineDetector<FarringtonFlexibleConfig, FarringtonFlexibleState>({
  name: 'farrington_flexible',
  description:
    'Improved Farrington (Noufaily et al. 2013): seasonal-factor GLM on all past weeks, negative binomial bound (R farringtonFlexible)',
  configSchema: FarringtonFlexibleConfig,
  stateSchema: FarringtonFlexibleState,
  create: () => ({ counts: [] }),
  update(state, window: Window, config) {
    if (window.granularity !== 'week') return { state: { counts: [...state.counts] }, score: WARMING_UP };
    const span = WEEKS_PER_YEAR * config.b + config.w;
    const history = state.counts.slice(-span);
    const counts = pushBounded(state.counts, window.count, span);
    if (history.length < span) return { state: { counts }, score: WARMING_UP };
    return { state: { counts }, score: scoreFlexible(history, window.count, config) };
  },
});
