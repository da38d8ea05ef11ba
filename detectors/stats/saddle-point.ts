/* eslint-disable no-loss-of-precision -- the table keeps the digits R's nmath publishes; each literal parses to the nearest double. */
import { gammaln } from 'simple-statistics';

/**
 * The two pieces of Loader's saddle-point expansion ("Fast and accurate computation of binomial
 * probabilities", 2000) that R's nmath uses for dbinom, dpois and dnbinom: the Stirling error
 * and the deviance term bd0. Probabilities built from them keep full relative precision where
 * log-gamma differences would cancel (counts in the thousands and above). Ported from
 * R 4.2's nmath/stirlerr.c and nmath/bd0.c.
 */

export const LN_2PI = 1.837877066409345483561;
const LN_SQRT_2PI = 0.9189385332046727417803;
/** Smallest positive normal double, C's DBL_MIN. */
export const DBL_MIN = 2.2250738585072014e-308;

// stirlerr(n / 2) for n = 0 .. 30 (the entry for 0 is a placeholder).
const HALVES = [
  0, 0.1534264097200273452913848, 0.0810614667953272582196702, 0.054814121051917653896139,
  0.0413406959554092940938221, 0.03316287351993628748511048, 0.02767792568499833914878929,
  0.0237461636562974959713292, 0.02079067210376509311152277, 0.01848845053267318523077934,
  0.01664469118982119216319487, 0.01513497322191737887351255, 0.01387612882307074799874573,
  0.01281046524292022692424986, 0.01189670994589177009505572, 0.01110455975820691732662991,
  0.010411265261972096497478567, 0.009799416126158803298389475, 0.009255462182712732917728637,
  0.008768700134139385462952823, 0.008330563433362871256469318, 0.0079341145643140205472481,
  0.007573675487951840794972024, 0.007244554301320383179543912, 0.006942840107209529865664152,
  0.006665247032707682442354394, 0.006408994188004207068439631, 0.006171712263039457647532867,
  0.005951370112758847735624416, 0.005746216513010115682023589, 0.00555473355196280137103869,
];

const S0 = 1 / 12;
const S1 = 1 / 360;
const S2 = 1 / 1260;
const S3 = 1 / 1680;
const S4 = 1 / 1188;

/** log(n!) - log(sqrt(2 pi n) (n / e)^n): the error of Stirling's formula, for n >= 0. */
export function stirlerr(n: number): number {
  if (n <= 15) {
    const twice = n + n;
    if (twice === Math.trunc(twice)) return HALVES[twice]!;
    return gammaln(n + 1) - (n + 0.5) * Math.log(n) + n - LN_SQRT_2PI;
  }
  const nn = n * n;
  if (n > 500) return (S0 - S1 / nn) / n;
  if (n > 80) return (S0 - (S1 - S2 / nn) / nn) / n;
  if (n > 35) return (S0 - (S1 - (S2 - S3 / nn) / nn) / nn) / n;
  return (S0 - (S1 - (S2 - (S3 - S4 / nn) / nn) / nn) / nn) / n;
}

/** x log(x / np) + np - x, computed without cancellation when x is close to np. */
export function bd0(x: number, np: number): number {
  if (!Number.isFinite(x) || !Number.isFinite(np) || np === 0) return Number.NaN;
  if (Math.abs(x - np) < 0.1 * (x + np)) {
    let v = (x - np) / (x + np);
    let s = (x - np) * v;
    if (Math.abs(s) < DBL_MIN) return s;
    let ej = 2 * x * v;
    v *= v;
    for (let j = 1; j < 1000; j++) {
      ej *= v;
      const next = s + ej / (2 * j + 1);
      if (next === s) return next;
      s = next;
    }
  }
  return x * Math.log(x / np) + np - x;
}
