/* eslint-disable no-loss-of-precision -- coefficients keep the digits published with the algorithms; each literal still parses to the nearest double, as in the C sources. */
/**
 * Standard normal cdf and quantile, accurate to a few ulps. simple-statistics 7.12 only has a
 * 4-decimal table (`cumulativeStdNormalProbability`) and a closed-form `probit` that is off by
 * ~1e-2 at p = 0.999, too coarse to reproduce R's thresholds. The algorithms below are the ones
 * R's nmath uses, so `normalQuantile(1 - alpha)` matches `qnorm(1 - alpha)` to the last bits.
 */

const SQRT_32 = Math.sqrt(32);
const INV_SQRT_2PI = 0.398942280401432677939946059934;
const HALF_EPSILON = Number.EPSILON / 2;

// Cody (1993), ACM TOMS 715, ANORM: rational Chebyshev approximations on three ranges of |x|.
const CODY_A = [2.2352520354606839287, 161.02823106855587881, 1067.6894854603709582, 18154.981253343561249, 0.065682337918207449113];
const CODY_B = [47.20258190468824187, 976.09855173777669322, 10260.932208618978205, 45507.789335026729956];
const CODY_C = [
  0.39894151208813466764, 8.8831497943883759412, 93.506656132177855979, 597.27027639480026226, 2494.5375852903726711,
  6848.1904505362823326, 11602.651437647350124, 9842.7148383839780218, 1.0765576773720192317e-8,
];
const CODY_D = [
  22.266688044328115691, 235.38790178262499861, 1519.377599407554805, 6485.558298266760755, 18615.571640885098091,
  34900.952721145977266, 38912.003286093271411, 19685.429676859990727,
];
const CODY_P = [0.21589853405795699, 0.1274011611602473639, 0.022235277870649807, 0.001421619193227893466, 2.9112874951168792e-5, 0.02307344176494017303];
const CODY_Q = [1.28426009614491121, 0.468238212480865118, 0.0659881378689285515, 0.00378239633202758244, 7.29751555083966205e-5];

/** Coefficient `i` of a constant table; the tables above are fixed, so a miss is a bug. */
function at(table: readonly number[], i: number): number {
  const value = table[i];
  if (value === undefined) throw new RangeError(`coefficient ${i} out of range`);
  return value;
}

/** exp(-x^2/2) * factor, with x^2 split so the rounding of x*x does not cost precision in the tail. */
function gaussianTail(x: number, factor: number): number {
  const xHead = Math.trunc(x * 16) / 16;
  const del = (x - xHead) * (x + xHead);
  return Math.exp(-xHead * xHead * 0.5) * Math.exp(-del * 0.5) * factor;
}

/** Lower and upper tail probabilities P[X <= x] and P[X > x] of the standard normal. */
export function normalTails(x: number): { lower: number; upper: number } {
  if (Number.isNaN(x)) return { lower: Number.NaN, upper: Number.NaN };
  const y = Math.abs(x);
  if (y <= 0.67448975) {
    let num = 0;
    let den = 0;
    if (y > HALF_EPSILON) {
      const xsq = x * x;
      num = at(CODY_A, 4) * xsq;
      den = xsq;
      for (let i = 0; i < 3; i++) {
        num = (num + at(CODY_A, i)) * xsq;
        den = (den + at(CODY_B, i)) * xsq;
      }
    }
    const half = (x * (num + at(CODY_A, 3))) / (den + at(CODY_B, 3));
    return { lower: 0.5 + half, upper: 0.5 - half };
  }
  let small: number; // the tail beyond |x|
  if (y <= SQRT_32) {
    let num = at(CODY_C, 8) * y;
    let den = y;
    for (let i = 0; i < 7; i++) {
      num = (num + at(CODY_C, i)) * y;
      den = (den + at(CODY_D, i)) * y;
    }
    small = gaussianTail(y, (num + at(CODY_C, 7)) / (den + at(CODY_D, 7)));
  } else if (y < 37.5193) {
    const xsq = 1 / (x * x);
    let num = at(CODY_P, 5) * xsq;
    let den = xsq;
    for (let i = 0; i < 4; i++) {
      num = (num + at(CODY_P, i)) * xsq;
      den = (den + at(CODY_Q, i)) * xsq;
    }
    const ratio = (xsq * (num + at(CODY_P, 4))) / (den + at(CODY_Q, 4));
    small = gaussianTail(y, (INV_SQRT_2PI - ratio) / y);
  } else {
    small = 0;
  }
  return x > 0 ? { lower: 1 - small, upper: small } : { lower: small, upper: 1 - small };
}

/** P[X <= x] for X ~ N(0, 1); R's `pnorm(x)`. */
export function normalCdf(x: number): number {
  return normalTails(x).lower;
}

/** P[X > x] for X ~ N(0, 1); R's `pnorm(x, lower.tail = FALSE)`, precise far in the upper tail. */
export function normalSurvival(x: number): number {
  return normalTails(x).upper;
}

// Wichura (1988), AS 241 PPND16: three rational approximations, ~1e-16 relative accuracy.
const AS241_A = [3.387132872796366608, 133.14166789178437745, 1971.5909503065514427, 13731.693765509461125, 45921.953931549871457, 67265.770927008700853, 33430.575583588128105, 2509.0809287301226727];
const AS241_B = [1, 42.313330701600911252, 687.1870074920579083, 5394.1960214247511077, 21213.794301586595867, 39307.89580009271061, 28729.085735721942674, 5226.495278852854561];
const AS241_C = [1.42343711074968357734, 4.6303378461565452959, 5.7694972214606914055, 3.64784832476320460504, 1.27045825245236838258, 0.24178072517745061177, 0.0227238449892691845833, 7.7454501427834140764e-4];
const AS241_D = [1, 2.05319162663775882187, 1.6763848301838038494, 0.68976733498510000455, 0.14810397642748007459, 0.0151986665636164571966, 5.475938084995344946e-4, 1.05075007164441684324e-9];
const AS241_E = [6.6579046435011037772, 5.4637849111641143699, 1.7848265399172913358, 0.29656057182850489123, 0.026532189526576123093, 0.0012426609473880784386, 2.71155556874348757815e-5, 2.01033439929228813265e-7];
const AS241_F = [1, 0.59983220655588793769, 0.13692988092273580531, 0.0148753612908506148525, 7.868691311456132591e-4, 1.8463183175100546818e-5, 1.4215117583164458887e-7, 2.04426310338993978564e-15];

/** Degree-7 rational function num(r) / den(r), coefficients lowest power first, in Horner form. */
function rational7(num: readonly number[], den: readonly number[], r: number): number {
  let n = at(num, 7);
  let d = at(den, 7);
  for (let i = 6; i >= 0; i--) {
    n = n * r + at(num, i);
    d = d * r + at(den, i);
  }
  return n / d;
}

/** The p-quantile of N(0, 1); R's `qnorm(p)`. -Infinity at 0, Infinity at 1, NaN outside [0, 1]. */
export function normalQuantile(p: number): number {
  if (Number.isNaN(p) || p < 0 || p > 1) return Number.NaN;
  if (p === 0) return Number.NEGATIVE_INFINITY;
  if (p === 1) return Number.POSITIVE_INFINITY;
  const q = p - 0.5;
  if (Math.abs(q) <= 0.425) return q * rational7(AS241_A, AS241_B, 0.180625 - q * q);
  const r = Math.sqrt(-Math.log(q > 0 ? 1 - p : p));
  const value = r <= 5 ? rational7(AS241_C, AS241_D, r - 1.6) : rational7(AS241_E, AS241_F, r - 5);
  return q < 0 ? -value : value;
}

/** Critical values by alpha: alpha is config, the same for every window of a series. */
const CRITICAL_VALUES = new Map<number, number>();

/**
 * z = qnorm(1 - alpha), the one-sided critical value, memoised: computed as R's reference code
 * does (`qnorm(1 - alpha)`, bit for bit) for ordinary levels, and as -qnorm(alpha) below 1e-8,
 * where 1 - alpha loses alpha's digits and from about 1e-17 rounds to 1 (an infinite z).
 */
export function upperCriticalValue(alpha: number): number {
  let z = CRITICAL_VALUES.get(alpha);
  if (z === undefined) {
    z = alpha < 1e-8 ? -normalQuantile(alpha) : normalQuantile(1 - alpha);
    CRITICAL_VALUES.set(alpha, z);
  }
  return z;
}
