import { gammaln } from 'simple-statistics';

/**
 * Student's t distribution, for the Wald tests that R's `summary.glm` reports for quasi families
 * (t value = estimate / standard error on the residual degrees of freedom). Through the
 * regularised incomplete beta function, as R's `pt` does, evaluated with the Lentz continued
 * fraction (Numerical Recipes 6.4); accurate to ~1e-13 relative for the degrees of freedom
 * of a GLM fit.
 */

const TINY = 1e-300;
const MAX_ITERATIONS = 10_000;

/** The continued fraction of I_x(a, b), converging for x < (a + 1) / (a + b + 2). */
function betaContinuedFraction(a: number, b: number, x: number): number {
  let c = 1;
  let d = 1 - ((a + b) * x) / (a + 1);
  if (Math.abs(d) < TINY) d = TINY;
  d = 1 / d;
  let h = d;
  for (let m = 1; m <= MAX_ITERATIONS; m++) {
    const m2 = 2 * m;
    const even = (m * (b - m) * x) / ((a - 1 + m2) * (a + m2));
    d = 1 + even * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = 1 + even / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    h *= d * c;
    const odd = (-(a + m) * (a + b + m) * x) / ((a + m2) * (a + 1 + m2));
    d = 1 + odd * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = 1 + odd / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const step = d * c;
    h *= step;
    if (Math.abs(step - 1) < 1e-15) break;
  }
  return h;
}

/** I_x(a, b), with y = 1 - x passed separately so that neither loses digits to the other. */
function regularizedBeta(x: number, y: number, a: number, b: number): number {
  if (x <= 0) return 0;
  if (y <= 0) return 1;
  const front = Math.exp(a * Math.log(x) + b * Math.log(y) - (gammaln(a) + gammaln(b) - gammaln(a + b)));
  if (x < (a + 1) / (a + b + 2)) return (front * betaContinuedFraction(a, b, x)) / a;
  return 1 - (front * betaContinuedFraction(b, a, y)) / b;
}

/** P(|T| >= |t|) for T ~ t(df): the two-sided p-value in R's `summary.glm` coefficient table. */
export function studentTTwoSided(t: number, df: number): number {
  if (Number.isNaN(t) || !(df > 0)) return Number.NaN;
  if (!Number.isFinite(t)) return 0;
  const t2 = t * t;
  return regularizedBeta(df / (df + t2), t2 / (df + t2), df / 2, 0.5);
}

/** P(T <= t) for T ~ t(df): R's `pt(t, df)`. */
export function studentTCdf(t: number, df: number): number {
  const twoSided = studentTTwoSided(t, df);
  return t <= 0 ? twoSided / 2 : 1 - twoSided / 2;
}
