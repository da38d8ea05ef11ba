import { errorFunction } from 'simple-statistics';

export interface ZEvidence {
  /** Standard normal cdf of the statistic, in [0, 1]. */
  readonly score: number;
  /** One-sided upper-tail probability, 1 - score. */
  readonly pValue: number;
}

/**
 * Evidence of an excess from a statistic that is standard normal under the baseline:
 * score = Phi(z) = (1 + erf(z / sqrt 2)) / 2, pValue = 1 - score.
 * simple-statistics' `cumulativeStdNormalProbability` is a table that stops at z = 3.09, so every
 * alarm would get the same p of 0.001; its `errorFunction` (Numerical Recipes erfc fit,
 * fractional error < 1.2e-7) keeps p-values distinct down to about 1e-16.
 */
export function zEvidence(z: number): ZEvidence {
  const score = clampUnit(0.5 * (1 + errorFunction(z / Math.SQRT2)));
  return { score, pValue: clampUnit(1 - score) };
}

function clampUnit(value: number): number {
  return Math.min(1, Math.max(0, value));
}
