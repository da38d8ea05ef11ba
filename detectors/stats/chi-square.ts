import { gammaln } from 'simple-statistics';

/**
 * Upper tail of the chi-square distribution for any real df > 0 (Brown's method scales the
 * degrees of freedom, so they are rarely whole): P[X > x] = Q(df / 2, x / 2), the regularized
 * upper incomplete gamma function. Series below a + 1, Lentz's continued fraction above
 * (Numerical Recipes 3rd ed., 6.2), relative accuracy about 1e-14.
 */
export function chiSquareSurvival(x: number, df: number): number {
  if (!(df > 0)) throw new RangeError(`chi-square df must be > 0, got ${df}`);
  if (Number.isNaN(x)) return Number.NaN;
  if (x <= 0) return 1;
  if (x === Number.POSITIVE_INFINITY) return 0;
  const a = df / 2;
  const z = x / 2;
  const logPrefix = a * Math.log(z) - z - gammaln(a);
  if (z < a + 1) return 1 - Math.exp(logPrefix) * lowerSeries(a, z);
  return Math.exp(logPrefix) * upperFraction(a, z);
}

const EPS = 1e-15;
const TINY = 1e-300;
const MAX_ITERATIONS = 10_000;

/** sum_n z^n / (a (a+1) ... (a+n)): P(a, z) = prefix * series. */
function lowerSeries(a: number, z: number): number {
  let term = 1 / a;
  let sum = term;
  for (let n = 1; n < MAX_ITERATIONS; n++) {
    term *= z / (a + n);
    sum += term;
    if (Math.abs(term) < Math.abs(sum) * EPS) break;
  }
  return sum;
}

/** Continued fraction 1 / (z + 1 - a - 1 (1 - a) / (z + 3 - a - ...)): Q(a, z) = prefix * fraction. */
function upperFraction(a: number, z: number): number {
  let b = z + 1 - a;
  let c = 1 / TINY;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < MAX_ITERATIONS; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < TINY) d = TINY;
    c = b + an / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < EPS) break;
  }
  return h;
}
