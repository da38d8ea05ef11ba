import { describe, it, expect } from 'vitest';
import { normalCdf, normalQuantile, normalSurvival, upperCriticalValue } from '../../../../detectors/stats/normal.js';

// Reference values from R 4.2.2, printed with sprintf("%.17g"):
//   pnorm(x), pnorm(x, lower.tail = FALSE) and qnorm(p).
const PNORM: ReadonlyArray<readonly [x: number, lower: number, upper: number]> = [
  [-40, 0, 1],
  [-37, 5.7255712225245771e-300, 1],
  [-20, 2.7536241186062337e-89, 1],
  [-8, 6.2209605742717849e-16, 0.99999999999999933],
  [-5.7, 5.9903714010635279e-9, 0.99999999400962858],
  [-3.2, 0.00068713793791584806, 0.99931286206208414],
  [-1, 0.15865525393145705, 0.84134474606854293],
  [-0.6744, 0.25002852137294063, 0.74997147862705937],
  [-1e-20, 0.5, 0.5],
  [0, 0.5, 0.5],
  [0.3, 0.61791142218895267, 0.38208857781104733],
  [0.67449, 0.75000007938182633, 0.24999992061817367],
  [1.5, 0.93319279873114191, 0.066807201268858071],
  [3.0902323061678132, 0.999, 0.0010000000000000013],
  [5.6, 0.99999998928240974, 1.071759025831093e-8],
  [5.66, 0.99999999243135029, 7.5686497519977138e-9],
  [7, 0.99999999999872013, 1.2798125438858352e-12],
  [12, 1, 1.776482112077679e-33],
  [30, 1, 4.9067139271481872e-198],
];

const QNORM: ReadonlyArray<readonly [p: number, quantile: number]> = [
  [1e-300, -37.047096299361201],
  [1e-20, -9.2623400897984052],
  [1e-11, -6.7060231554951359],
  [0.001, -3.0902323061678132],
  [0.025, -1.9599639845400538],
  [0.05, -1.6448536269514726],
  [0.0751, -1.4388253927525398],
  [0.3, -0.52440051270804067],
  [0.5, 0],
  [0.7, 0.52440051270804067],
  [0.924, 1.4325027208258119],
  [0.95, 1.6448536269514715],
  [0.975, 1.9599639845400536],
  [0.99, 2.3263478740408408],
  [0.999, 3.0902323061678132],
  [0.9999999, 5.1993375822906618],
  [0.999999999999999, 7.9414444874159766],
];

/** Relative closeness; exact zeros must match exactly. */
function expectClose(actual: number, expected: number, relative = 1e-14): void {
  if (expected === 0) expect(actual).toBe(0);
  else expect(Math.abs(actual - expected) / Math.abs(expected)).toBeLessThanOrEqual(relative);
}

describe('normalCdf / normalSurvival', () => {
  it.each(PNORM)('matches R pnorm at x = %s', (x, lower, upper) => {
    expectClose(normalCdf(x), lower);
    expectClose(normalSurvival(x), upper);
  });

  it('saturates at the infinities and propagates NaN', () => {
    expect(normalCdf(Number.POSITIVE_INFINITY)).toBe(1);
    expect(normalCdf(Number.NEGATIVE_INFINITY)).toBe(0);
    expect(normalSurvival(Number.POSITIVE_INFINITY)).toBe(0);
    expect(normalCdf(Number.NaN)).toBeNaN();
  });
});

describe('normalQuantile', () => {
  it.each(QNORM)('matches R qnorm at p = %s', (p, quantile) => {
    expectClose(normalQuantile(p), quantile);
  });

  it('gives the infinities at 0 and 1 and NaN outside [0, 1]', () => {
    expect(normalQuantile(0)).toBe(Number.NEGATIVE_INFINITY);
    expect(normalQuantile(1)).toBe(Number.POSITIVE_INFINITY);
    expect(normalQuantile(-0.1)).toBeNaN();
    expect(normalQuantile(1.1)).toBeNaN();
    expect(normalQuantile(Number.NaN)).toBeNaN();
  });

  it('inverts normalCdf', () => {
    for (const p of [1e-9, 0.01, 0.2, 0.5, 0.8, 0.975, 0.999]) expectClose(normalCdf(normalQuantile(p)), p, 1e-13);
  });
});

describe('upperCriticalValue', () => {
  it("is R's qnorm(1 - alpha) bit for bit at ordinary levels", () => {
    for (const alpha of [0.05, 0.025, 0.001, 1e-6]) expect(upperCriticalValue(alpha)).toBe(normalQuantile(1 - alpha));
  });

  it('stays finite where 1 - alpha rounds to 1: qnorm(1e-17) = -8.4938, qnorm(1e-300) = -37.0471', () => {
    expect(1 - 1e-17).toBe(1);
    expect(upperCriticalValue(1e-17)).toBeCloseTo(-normalQuantile(1e-17), 12);
    expect(upperCriticalValue(1e-17)).toBeCloseTo(8.4938, 4);
    expect(upperCriticalValue(1e-300)).toBeCloseTo(37.0471, 4);
  });
});
