import type { CountDistribution, CountTails } from './count-distribution.js';
import { countQuantile, countTails } from './count-distribution.js';
import { normalQuantile } from './normal.js';
import { bd0, LN_2PI, stirlerr } from './saddle-point.js';

/**
 * The negative binomial distribution in R's (size, prob) parameterisation,
 * P(X = x) = Gamma(x + size) / (Gamma(size) x!) prob^size (1 - prob)^x, with mean
 * size (1 - prob) / prob and variance mean / prob. A quasi-Poisson fit with mean mu and dispersion
 * phi > 1 corresponds to size = mu / (phi - 1), prob = 1 / phi (Noufaily et al. 2013).
 * dnbinom follows R's nmath (Loader's saddle point, dbinom_raw); pnbinom and qnbinom sum those
 * terms (see count-distribution.ts) instead of R's incomplete beta, to the same ~1e-13.
 */

/** R's dbinom_raw(x, n, p, q): the binomial pmf extended to real x and n. */
function binomialRaw(x: number, n: number, p: number, q: number): number {
  if (p === 0) return x === 0 ? 1 : 0;
  if (q === 0) return x === n ? 1 : 0;
  if (x === 0) {
    if (n === 0) return 1;
    return Math.exp(p < 0.1 ? -bd0(n, n * q) - n * p : n * Math.log(q));
  }
  if (x === n) return Math.exp(q < 0.1 ? -bd0(n, n * p) - n * q : n * Math.log(p));
  if (x < 0 || x > n) return 0;
  const lc = stirlerr(n) - stirlerr(x) - stirlerr(n - x) - bd0(x, n * p) - bd0(n - x, n * q);
  const lf = LN_2PI + Math.log(x) + Math.log1p(-x / n);
  return Math.exp(lc - 0.5 * lf);
}

/** P(X = x): R's `dnbinom(x, size, prob)` for a non-negative integer x. */
export function negativeBinomialPmf(x: number, size: number, prob: number): number {
  if (x < 0 || !Number.isFinite(x)) return 0;
  if (x === 0 && size === 0) return 1;
  const n = Number.isFinite(size) ? size : Number.MAX_VALUE;
  return (n / (n + x)) * binomialRaw(n, x + n, prob, 1 - prob);
}

function negativeBinomial(size: number, prob: number): CountDistribution {
  const q = 1 - prob;
  return {
    mean: (size * q) / prob,
    variance: (size * q) / (prob * prob),
    skewness: (2 - prob) / Math.sqrt(size * q),
    mode: size > 1 ? Math.floor(((size - 1) * q) / prob) : 0,
    pmf: (x) => negativeBinomialPmf(x, size, prob),
    ratio: (x) => ((x + size) * q) / (x + 1),
  };
}

/** P(X <= x) and P(X > x): R's `pnbinom(x, size, prob)` and its `lower.tail = FALSE`. */
export function negativeBinomialTails(x: number, size: number, prob: number): CountTails {
  return countTails(negativeBinomial(size, prob), Math.floor(x));
}

/** The smallest x with P(X <= x) >= p: R's `qnbinom(p, size, prob)`. */
export function negativeBinomialQuantile(p: number, size: number, prob: number): number {
  if (prob === 1 || size === 0) return 0;
  const q = 1 - prob;
  const mean = (size * q) / prob;
  const sigma = Math.sqrt(size * q) / prob;
  const gamma = (2 - prob) / Math.sqrt(size * q);
  const z = normalQuantile(Math.min(Math.max(p, 1e-300), 1 - 1e-16));
  // Cornish-Fisher start, as in R; the search does not depend on it.
  const start = mean + sigma * (z + (gamma * (z * z - 1)) / 6);
  return countQuantile(negativeBinomial(size, prob), p, Number.isFinite(start) ? start : mean);
}
