import { normalQuantile, normalTails } from './normal.js';

/**
 * Tails and quantiles of a unimodal distribution on the counts 0, 1, 2, ... (Poisson, negative
 * binomial), by summing the probability mass function outward from the point of interest.
 * Each tail is summed on the side away from the mode, where the terms shrink, so both
 * P(X <= x) and P(X > x) keep their relative precision (about 1e-13 after thousands of terms),
 * without an incomplete beta or gamma function.
 *
 * A tail sum needs about twenty standard deviations of terms, so beyond a standard deviation of
 * APPROXIMATE_SD (Poisson means above 1e10: bad input, mostly) the Cornish-Fisher
 * expansion with continuity correction answers instead (Johnson, Kemp & Kotz, "Univariate
 * Discrete Distributions", 3rd ed., section 4.5): the quantile mean + sd (z + g (z^2 - 1) / 6),
 * g the skewness, and for the tails its first-order inverse at w = (x + 0.5 - mean) / sd,
 * P(X <= x) = Phi(w - g (w^2 - 1) / 6). Summing takes millions of terms per call from there
 * and never ends past 2^53, where x + 1 === x. The next term of the expansion is of order
 * sd / mean counts: at a mean of 1e11 the quantiles are the exact ones and the tails agree to 1e-8.
 */
export interface CountDistribution {
  readonly mean: number;
  readonly variance: number;
  readonly skewness: number;
  /** A most likely count: the pmf increases up to it and decreases after it. */
  readonly mode: number;
  /** P(X = x) for a non-negative integer x, accurate to a few ulps. */
  pmf(x: number): number;
  /** pmf(x + 1) / pmf(x). */
  ratio(x: number): number;
}

export interface CountTails {
  /** P(X <= x). */
  readonly lower: number;
  /** P(X > x). */
  readonly upper: number;
}

/** A term this small next to the running sum (2^-60) ends a tail sum. */
const NEGLIGIBLE = 2 ** -60;
/** Safety stop for tails that are all but flat (a pmf ratio of 1 - 1e-9, say). */
const MAX_TERMS = 50_000_000;
/** Standard deviation above which tails and quantiles come from the Cornish-Fisher expansion. */
export const APPROXIMATE_SD = 1e5;

function isTooSpread(distribution: CountDistribution): boolean {
  return Math.sqrt(distribution.variance) > APPROXIMATE_SD;
}

/** Tails by the inverse Cornish-Fisher expansion; its skewness term only where it keeps z increasing in w. */
function approximateTails(distribution: CountDistribution, x: number): CountTails {
  const w = (x + 0.5 - distribution.mean) / Math.sqrt(distribution.variance);
  const g = distribution.skewness;
  return normalTails(Math.abs(g * w) < 1 ? w - (g * (w * w - 1)) / 6 : w);
}

/** The smallest x the Cornish-Fisher quantile puts at or above p. */
function approximateQuantile(distribution: CountDistribution, p: number): number {
  const z = normalQuantile(p);
  const quantile = distribution.mean + Math.sqrt(distribution.variance) * (z + (distribution.skewness * (z * z - 1)) / 6);
  return Math.max(0, Math.ceil(quantile - 0.5));
}

/** P(X <= x) and P(X > x) for an integer x (negative: lower 0, upper 1). */
export function countTails(distribution: CountDistribution, x: number): CountTails {
  if (x < 0) return { lower: 0, upper: 1 };
  if (!Number.isFinite(x)) return { lower: 1, upper: 0 };
  if (isTooSpread(distribution)) return approximateTails(distribution, x);
  if (x < distribution.mode) {
    // Below the mode the terms shrink as j goes down: sum P(X = x), P(X = x - 1), ..., 0.
    let term = distribution.pmf(x);
    let sum = term;
    for (let j = x; j > 0 && term > sum * NEGLIGIBLE && x - j < MAX_TERMS; j--) {
      term /= distribution.ratio(j - 1);
      sum += term;
    }
    return { lower: sum, upper: 1 - sum };
  }
  // Above the mode the terms shrink as j goes up; the rest of the tail after a term t with ratio
  // r < 1 is at most t r / (1 - r) when the ratios keep falling (Poisson, negative binomial).
  let term = distribution.pmf(x + 1);
  let sum = term;
  for (let j = x + 1; j - x < MAX_TERMS; j++) {
    const r = distribution.ratio(j);
    term *= r;
    sum += term;
    if (!(term * r > sum * NEGLIGIBLE * (1 - r))) break; // also ends on 0 or NaN
  }
  return { lower: 1 - sum, upper: sum };
}

/**
 * The smallest count x with P(X <= x) >= p, searched from `start` (any guess). Like R's discrete
 * quantiles (qpois, qnbinom), p is first raised by 64 ulps so that a cdf value equal to p up to
 * rounding counts as reaching it.
 */
export function countQuantile(distribution: CountDistribution, p: number, start: number): number {
  if (Number.isNaN(p) || p < 0 || p > 1) return Number.NaN;
  if (isTooSpread(distribution)) return approximateQuantile(distribution, p);
  const target = p * (1 + 64 * Number.EPSILON);
  let x = Math.max(0, Math.round(start));
  let cdf = countTails(distribution, x).lower;
  if (cdf >= target) {
    for (; x > 0; x--) {
      const below = cdf - distribution.pmf(x);
      if (below < target) break;
      cdf = below;
    }
    return x;
  }
  while (cdf < target) {
    x++;
    const mass = distribution.pmf(x);
    if (mass === 0 && x > distribution.mode) break; // no mass left to reach a target rounded above 1
    cdf += mass;
  }
  return x;
}
