import { describe, expect, it } from 'vitest';
import { chiSquareSurvival } from '../../../detectors/stats/chi-square.js';
import { fisherBrown, sidak, sidakMin, stoufferCorrelated } from '../../../src/fusion/combine-p-values.js';

// Reference values from R 4 (see each comment); tolerance 1e-12 relative unless stated.
const P = [0.01, 0.02, 0.5];

describe('chi-square upper tail', () => {
  it('matches R pchisq(lower.tail = FALSE) for whole and fractional df', () => {
    expect(chiSquareSurvival(10, 4)).toBeCloseTo(0.040427681994512805, 14);
    expect(chiSquareSurvival(2, 4)).toBeCloseTo(0.73575888234288467, 14);
    expect(chiSquareSurvival(0.5, 3)).toBeCloseTo(0.91889141165467592, 14);
    expect(chiSquareSurvival(50, 7.3) / 1.9893624289370187e-8).toBeCloseTo(1, 12);
    expect(chiSquareSurvival(0, 2)).toBe(1);
    expect(() => chiSquareSurvival(1, 0)).toThrow(/df must be > 0/);
  });
});

describe('Fisher with Brown correction', () => {
  it('is Fisher at correlation 0: X = -2 sum ln p on 6 df', () => {
    // R: pchisq(-2 * sum(log(c(0.01, 0.02, 0.5))), 6, lower.tail = FALSE)
    expect(fisherBrown(P, 0)).toBeCloseTo(0.0052625525255803407, 15);
  });

  it('scales by c and f from Kost-McDermott covariances at correlation 0.3', () => {
    // cov = 3.263 r + 0.710 r^2 + 0.027 r^3; var = 12 + 6 cov; c = var / 12; f = 72 / var.
    // R: pchisq(X / c, f, lower.tail = FALSE) = 0.015869684698839016
    expect(fisherBrown(P, 0.3)).toBeCloseTo(0.015869684698839016, 14);
  });

  it('makes k copies of one p-value worth one at correlation 1', () => {
    expect(fisherBrown([0.01, 0.01], 1)).toBeCloseTo(0.01, 12);
  });

  it('ignores p-values of 1 and gives 1 without signals', () => {
    expect(fisherBrown([1, 1], 0)).toBe(1);
    expect(fisherBrown([], 0.3)).toBe(1);
    expect(fisherBrown([0, 0.5], 0)).toBeLessThan(1e-290);
  });

  it('takes a correlation per pair: 0.6 between the first two signals, 0.1 otherwise', () => {
    const rho = (i: number, j: number) => (i === 0 && j === 1 ? 0.6 : 0.1);
    // R: var = 12 + 2 (cov(0.6) + 2 cov(0.1)); pchisq(X / (var / 12), 72 / var, lower.tail = FALSE)
    expect(fisherBrown(P, rho)).toBeCloseTo(0.014960108966456833, 14);
    // R: pnorm(sum(z) / sqrt(3 + 2 (0.6 + 0.1 + 0.1)), lower.tail = FALSE)
    expect(stoufferCorrelated(P, rho)).toBeCloseTo(0.020564328456362354, 14);
    expect(() => fisherBrown(P, () => -0.1)).toThrow(/correlation/);
  });

  it('rejects a correlation outside [0, 1]', () => {
    expect(() => fisherBrown(P, 1.5)).toThrow(/correlation/);
  });
});

describe('Stouffer with correlated scores', () => {
  it('matches sum z / sqrt(k + k(k-1) rho)', () => {
    // R: z <- qnorm(p, lower.tail = FALSE); pnorm(sum(z) / sqrt(3), lower.tail = FALSE)
    expect(stoufferCorrelated(P, 0)).toBeCloseTo(0.0057218452255951655, 15);
    expect(stoufferCorrelated(P, 0.3)).toBeCloseTo(0.022791655318094087, 15);
  });
});

describe('Sidak', () => {
  it('corrects the smallest of m p-values', () => {
    expect(sidak(0.01, 5)).toBeCloseTo(1 - 0.99 ** 5, 15);
    expect(sidakMin([0.3, 0.01, 0.5, 0.2, 0.9])).toBeCloseTo(0.0490099501, 12);
    expect(sidakMin([])).toBe(1);
    expect(sidak(0.2, 1)).toBe(0.2);
  });
});
