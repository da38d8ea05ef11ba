import { chiSquareSurvival } from '../../detectors/stats/chi-square.js';
import { normalQuantile, normalSurvival } from '../../detectors/stats/normal.js';

/**
 * Combinations of one-sided p-values into one, with a correction for dependence between them:
 * signals of one place share causes (a school outbreak raises cases and hotline calls, a cluster
 * contains the place), so independence would overstate the evidence.
 * `correlation` is the assumed correlation rho of the underlying normal scores: one number for
 * every pair, or a function of the pair (i, j), i < j.
 */
export type Correlation = number | ((i: number, j: number) => number);

function pairSum(k: number, correlation: Correlation, transform: (rho: number) => number): number {
  if (typeof correlation === 'number') {
    checkCorrelation(correlation);
    return ((k * (k - 1)) / 2) * transform(correlation);
  }
  let sum = 0;
  for (let i = 0; i < k; i++) {
    for (let j = i + 1; j < k; j++) {
      const rho = correlation(i, j);
      checkCorrelation(rho);
      sum += transform(rho);
    }
  }
  return sum;
}

/** Kost & McDermott (2002): cov(-2 ln p_i, -2 ln p_j) for normal scores with correlation rho. */
function fisherCovariance(rho: number): number {
  return 3.263 * rho + 0.71 * rho * rho + 0.027 * rho * rho * rho;
}

/**
 * Fisher's method with Brown's (1975) correction: X = -2 sum ln p_i is scaled to c * chi2(f)
 * with the mean 2k and the variance 4k + 2 sum_{i<j} cov(-2 ln p_i, -2 ln p_j), where each
 * covariance follows Kost & McDermott (2002): 3.263 rho + 0.710 rho^2 + 0.027 rho^3.
 * rho = 0 is Fisher's method; rho = 1 makes k copies of one p-value worth one.
 */
export function fisherBrown(pValues: readonly number[], correlation: Correlation): number {
  const k = pValues.length;
  if (k === 0) return 1;
  let statistic = 0;
  for (const p of pValues) statistic += -2 * Math.log(clampP(p));
  const mean = 2 * k;
  const variance = 4 * k + 2 * pairSum(k, correlation, fisherCovariance);
  const scale = variance / (2 * mean);
  const df = (2 * mean * mean) / variance;
  return chiSquareSurvival(statistic / scale, df);
}

/**
 * Stouffer's method for equicorrelated normal scores: Z = sum z_i / sqrt(k + k (k - 1) rho),
 * z_i = Phi^-1(1 - p_i). Powerful when every signal rises a little, but a p-value of 1
 * (a discrete count at zero) pulls it far down; Fisher-Brown ignores such signals instead.
 */
export function stoufferCorrelated(pValues: readonly number[], correlation: Correlation): number {
  const k = pValues.length;
  if (k === 0) return 1;
  let sum = 0;
  for (const p of pValues) sum += -normalQuantile(clampP(p));
  return normalSurvival(sum / Math.sqrt(k + 2 * pairSum(k, correlation, (rho) => rho)));
}

/** Sidak's correction of the smallest of m p-values: 1 - (1 - p)^m. */
export function sidak(p: number, m: number): number {
  if (m <= 1) return p;
  return -Math.expm1(m * Math.log1p(-Math.min(p, 1)));
}

/** The smallest p-value with Sidak's correction for how many there were; 1 when none. */
export function sidakMin(pValues: readonly number[]): number {
  if (pValues.length === 0) return 1;
  return sidak(Math.min(...pValues), pValues.length);
}

/** Keeps logs and quantiles finite: p in [1e-300, 1 - 1e-16]. */
function clampP(p: number): number {
  if (Number.isNaN(p)) throw new RangeError('p-value is NaN');
  return Math.min(Math.max(p, 1e-300), 1 - 1e-16);
}

function checkCorrelation(rho: number): void {
  if (!(rho >= 0 && rho <= 1)) throw new RangeError(`correlation must be in [0, 1], got ${rho}`);
}
