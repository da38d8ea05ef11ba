import { describe, it, expect } from 'vitest';
import {
  negativeBinomialPmf,
  negativeBinomialQuantile,
  negativeBinomialTails,
} from '../../../../detectors/stats/negative-binomial.js';
import { poissonPmf, poissonQuantile, poissonTails } from '../../../../detectors/stats/poisson.js';

// Reference values from R 4.2.2, printed with sprintf("%.17g").
/** qnbinom(p, size, prob). */
const QNBINOM: ReadonlyArray<readonly [p: number, size: number, prob: number, quantile: number]> = [
  [0.95, 5, 0.4, 16],
  [0.95, 0.25, 1 / 3, 3],
  [0.99, 2000, 0.5, 2149],
  [0.95, 1e6 / 19, 1 / 20, 1007367],
  [0.5, 3.7, 0.8, 1],
  [0.9, 0.01, 0.02, 0],
  [0.95, 1e9, 0.999, 1002648],
];
/** dnbinom, pnbinom and pnbinom(lower.tail = FALSE) at (x, size, prob). */
const PNBINOM: ReadonlyArray<readonly [x: number, size: number, prob: number, pmf: number, lower: number, upper: number]> = [
  [3, 5, 0.4, 0.077414399999999953, 0.17367040000000014, 0.82632959999999989],
  [0, 0.25, 1 / 3, 0.75983568565159254, 0.75983568565159254, 0.24016431434840746],
  [2100, 2000, 0.5, 0.0017956307950453357, 0.94264855313427387, 0.057351446865726137],
  [40, 3.7, 0.8, 2.7595043994234859e-25, 1, 7.4724166232485768e-26],
  [12, 2, 0.3, 0.016194306025170014, 0.95252438490057001, 0.047475615099429977],
];
/** dpois, ppois and ppois(lower.tail = FALSE) at (x, lambda). */
const PPOIS: ReadonlyArray<readonly [x: number, lambda: number, pmf: number, lower: number, upper: number]> = [
  [3, 2.5, 0.21376301724973648, 0.75757613313306593, 0.24242386686693412],
  [0, 0.1, 0.90483741803595952, 0.90483741803595952, 0.095162581964040427],
  [130, 100, 0.00057525268381546286, 0.99829315962949849, 0.0017068403705014933],
  [1001000, 1e6, 0.00024189010120174138, 0.84146567096342817, 0.15853432903657183],
  [60, 12, 4.1606973917545834e-23, 1, 1.0140253500528953e-23],
  [9, 12, 0.087364379903049433, 0.24239216167051233, 0.75760783832948764],
];
/** qpois(p, lambda). */
const QPOIS: ReadonlyArray<readonly [p: number, lambda: number, quantile: number]> = [
  [0.95, 2.5, 5],
  [0.95, 0.01, 0],
  [0.99, 1e6, 1002327],
  [0.5, 12, 12],
  [0.9, 1e-10, 0],
];

/** Relative difference, 0 when both are 0. */
function relative(actual: number, expected: number): number {
  return actual === expected ? 0 : Math.abs(actual - expected) / Math.abs(expected);
}

describe('negative binomial distribution', () => {
  for (const [p, size, prob, quantile] of QNBINOM) {
    it(`matches R's qnbinom(${p}, ${size}, ${prob})`, () => {
      expect(negativeBinomialQuantile(p, size, prob)).toBe(quantile);
    });
  }
  for (const [x, size, prob, pmf, lower, upper] of PNBINOM) {
    it(`matches R's dnbinom and pnbinom at (${x}, ${size}, ${prob}) to 1e-12 relative`, () => {
      const tails = negativeBinomialTails(x, size, prob);
      expect(relative(negativeBinomialPmf(x, size, prob), pmf)).toBeLessThan(1e-12);
      expect(relative(tails.lower, lower)).toBeLessThan(1e-12);
      expect(relative(tails.upper, upper)).toBeLessThan(1e-12);
    });
  }

  it('keeps P(X > x) precise far in the upper tail and is 1 below 0', () => {
    expect(negativeBinomialTails(1_200_000, 1e6 / 19, 1 / 20).upper).toBeLessThan(1e-100);
    expect(negativeBinomialTails(-1, 5, 0.4)).toEqual({ lower: 0, upper: 1 });
  });
});

describe('Poisson distribution', () => {
  for (const [x, lambda, pmf, lower, upper] of PPOIS) {
    it(`matches R's dpois and ppois at (${x}, ${lambda}) to 1e-12 relative`, () => {
      const tails = poissonTails(x, lambda);
      expect(relative(poissonPmf(x, lambda), pmf)).toBeLessThan(1e-12);
      expect(relative(tails.lower, lower)).toBeLessThan(1e-12);
      expect(relative(tails.upper, upper)).toBeLessThan(1e-12);
    });
  }
  for (const [p, lambda, quantile] of QPOIS) {
    it(`matches R's qpois(${p}, ${lambda})`, () => {
      expect(poissonQuantile(p, lambda)).toBe(quantile);
    });
  }
});

describe('counts too spread out to sum term by term (sd above 1e5)', () => {
  /** Milliseconds `run` takes. */
  function elapsed(run: () => unknown): number {
    const start = performance.now();
    run();
    return performance.now() - start;
  }

  // References: the exact tail sums of this module before the approximation existed (checked
  // against R to 1e-12 above), at a mean of 1e11 where the sd (316228) is past APPROXIMATE_SD.
  it('gives the exact quantiles at a mean of 1e11 from the Cornish-Fisher expansion', () => {
    expect(poissonQuantile(0.999, 1e11)).toBe(100000977219);
    expect(poissonQuantile(0.95, 1e11)).toBe(100000520149);
    expect(poissonQuantile(0.5, 1e11)).toBe(100000000000);
    expect(negativeBinomialQuantile(0.999, 1e11 / 2, 1 / 3)).toBe(100001692597);
    expect(negativeBinomialQuantile(0.95, 1e11 / 2, 1 / 3)).toBe(100000900925);
  });

  it('gives the tails at a mean of 1e11 to 1e-8 relative', () => {
    const cases: ReadonlyArray<readonly [tails: { lower: number; upper: number }, lower: number, upper: number]> = [
      [poissonTails(100000316228, 1e11), 0.8413453076960413, 0.15865469230395865],
      [poissonTails(100001502082, 1e11), 0.9999989828693236, 0.000001017130676368758],
      [poissonTails(99999019694, 1e11), 0.0009675943253094822, 0.9990324056746905],
      [negativeBinomialTails(100000985901, 1e11 / 2, 1 / 3), 0.9640695410418361, 0.03593045895816392],
      [negativeBinomialTails(100003012474, 1e11 / 2, 1 / 3), 0.9999999810057295, 1.8994270488888317e-8],
    ];
    for (const [tails, lower, upper] of cases) {
      expect(relative(tails.lower, lower)).toBeLessThan(1e-8);
      expect(relative(tails.upper, upper)).toBeLessThan(1e-8);
    }
  });

  it('answers in milliseconds at means of 1e12 and Number.MAX_SAFE_INTEGER', () => {
    for (const mean of [1e12, Number.MAX_SAFE_INTEGER]) {
      const took = elapsed(() => {
        const quantile = poissonQuantile(0.999, mean);
        expect(quantile).toBeGreaterThan(mean);
        expect(Number.isFinite(quantile)).toBe(true);
        const tails = negativeBinomialTails(mean + 1, mean, 0.5);
        expect(tails.lower).toBeGreaterThan(0);
        expect(tails.upper).toBeGreaterThan(0);
        expect(tails.lower + tails.upper).toBeCloseTo(1, 12);
      });
      expect(took).toBeLessThan(50);
    }
  });
});
