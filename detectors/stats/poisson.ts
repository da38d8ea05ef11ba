import { gammaln } from 'simple-statistics';
import type { CountDistribution, CountTails } from './count-distribution.js';
import { countQuantile, countTails } from './count-distribution.js';
import { normalQuantile } from './normal.js';
import { bd0, DBL_MIN, stirlerr } from './saddle-point.js';

/**
 * The Poisson distribution as R's nmath computes it: dpois through Loader's saddle point
 * (dpois_raw), ppois and qpois from sums of those terms (see count-distribution.ts).
 */

/** P(X = x) for X ~ Poisson(lambda): R's `dpois(x, lambda)` for a non-negative integer x. */
export function poissonPmf(x: number, lambda: number): number {
  if (lambda === 0) return x === 0 ? 1 : 0;
  if (!Number.isFinite(lambda) || x < 0) return 0;
  if (x <= lambda * DBL_MIN) return Math.exp(-lambda);
  if (lambda < x * DBL_MIN) return Number.isFinite(x) ? Math.exp(-lambda + x * Math.log(lambda) - gammaln(x + 1)) : 0;
  return Math.exp(-stirlerr(x) - bd0(x, lambda)) / Math.sqrt(2 * Math.PI * x);
}

function poisson(lambda: number): CountDistribution {
  return {
    mean: lambda,
    variance: lambda,
    skewness: 1 / Math.sqrt(lambda),
    mode: Math.floor(lambda),
    pmf: (x) => poissonPmf(x, lambda),
    ratio: (x) => lambda / (x + 1),
  };
}

/** P(X <= x) and P(X > x): R's `ppois(x, lambda)` and `ppois(x, lambda, lower.tail = FALSE)`. */
export function poissonTails(x: number, lambda: number): CountTails {
  return countTails(poisson(lambda), Math.floor(x));
}

/** The smallest x with P(X <= x) >= p: R's `qpois(p, lambda)`. */
export function poissonQuantile(p: number, lambda: number): number {
  if (lambda === 0) return 0;
  const sigma = Math.sqrt(lambda);
  const z = normalQuantile(Math.min(Math.max(p, 1e-300), 1 - 1e-16));
  // Cornish-Fisher start, as in R; the search does not depend on it.
  const start = lambda + sigma * (z + ((z * z - 1) / sigma) / 6);
  return countQuantile(poisson(lambda), p, Number.isFinite(start) ? start : lambda);
}
