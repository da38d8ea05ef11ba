import { describe, expect, it } from 'vitest';
import { connectedClusters } from '../../../src/spatial/cluster-candidates.js';
import { poissonLogLikelihoodRatio, poissonUpperTail, scanClusters } from '../../../src/spatial/scan-statistic.js';

// Three communities in a row, A - B - C: candidates {A} {B} {C} {A,B} {B,C} {A,B,C}.
const LINE = [[1], [0, 2], [1]];

describe('candidate clusters', () => {
  it('lists every connected set up to the maximum size once', () => {
    expect(connectedClusters(LINE, 3)).toEqual([[0], [1], [2], [0, 1], [1, 2], [0, 1, 2]]);
    expect(connectedClusters(LINE, 2)).toEqual([[0], [1], [2], [0, 1], [1, 2]]);
  });

  it('counts the connected sets of a star and of a triangle', () => {
    // Star with centre 0 and leaves 1..3: 4 singletons, 3 pairs, 3 triples, 1 of four.
    expect(connectedClusters([[1, 2, 3], [0], [0], [0]], 4)).toHaveLength(11);
    // Triangle: 3 + 3 + 1.
    expect(connectedClusters([[1, 2], [0, 2], [0, 1]], 3)).toHaveLength(7);
  });

  it('gives a region without neighbours only itself', () => {
    expect(connectedClusters([[], [2], [1]], 4)).toEqual([[0], [1], [2], [1, 2]]);
  });

  it('rejects a maximum size below one', () => {
    expect(() => connectedClusters(LINE, 0)).toThrow(/positive integer/);
  });
});

describe('Poisson scan statistic', () => {
  it('computes the expectation-based log-likelihood ratio by hand', () => {
    // 27 ln(27/12) + 12 - 27 (R: 6.8951158378408763).
    expect(poissonLogLikelihoodRatio(27, 12)).toBeCloseTo(6.8951158378408763, 12);
    expect(poissonLogLikelihoodRatio(12, 12)).toBe(0);
    expect(poissonLogLikelihoodRatio(3, 12)).toBe(0);
    expect(poissonLogLikelihoodRatio(1, 0)).toBe(Number.POSITIVE_INFINITY);
  });

  it('fires on three small rises together though no single region would be significant', () => {
    // Each community: 9 observed against 4 expected. Alone: P[X >= 9 | 4] = 0.021363, Sidak over
    // 6 candidates 0.1215 (not significant at 0.01). Together: 27 against 12, P[X >= 27 | 12]
    // = 1.3334987e-4 (R: ppois(26, 12, lower.tail = FALSE)), Sidak over 6: 7.9983252e-4.
    const regions = [
      { observed: 9, expected: 4 },
      { observed: 9, expected: 4 },
      { observed: 9, expected: 4 },
    ];
    const result = scanClusters(regions, connectedClusters(LINE, 3));
    expect(result).not.toBeNull();
    expect(result!.members).toEqual([0, 1, 2]);
    expect(result!.observed).toBe(27);
    expect(result!.expected).toBe(12);
    expect(result!.tailP).toBeCloseTo(0.00013334986707563305, 15);
    expect(result!.pValue).toBeCloseTo(0.00079983251706805536, 14);
    expect(result!.candidates).toBe(6);
    const alone = scanClusters([{ observed: 9, expected: 4 }], [[0]]);
    expect(alone!.pValue).toBeCloseTo(0.021363434487984168, 14);
    expect(1 - (1 - alone!.pValue) ** 6).toBeCloseTo(0.12152656793478833, 12);
  });

  it('picks the single hot region over a cluster that only dilutes it', () => {
    const result = scanClusters(
      [
        { observed: 20, expected: 4 },
        { observed: 4, expected: 4 },
        { observed: 4, expected: 4 },
      ],
      connectedClusters(LINE, 3),
    );
    expect(result!.members).toEqual([0]);
  });

  it('finds nothing in all zeros or at the baseline', () => {
    const zeros = [0, 1, 2].map(() => ({ observed: 0, expected: 0 }));
    expect(scanClusters(zeros, connectedClusters(LINE, 3))).toBeNull();
    const flat = [0, 1, 2].map(() => ({ observed: 4, expected: 4 }));
    expect(scanClusters(flat, connectedClusters(LINE, 3))).toBeNull();
  });

  it('scales counts by the dispersion (quasi-Poisson): twice the variance halves the evidence', () => {
    const regions = [0, 1, 2].map(() => ({ observed: 18, expected: 8, dispersion: 2 }));
    const result = scanClusters(regions, connectedClusters(LINE, 3));
    // 54 / 2 = 27 against 24 / 2 = 12: the same tail as the Poisson case above.
    expect(result!.tailP).toBeCloseTo(0.00013334986707563305, 15);
  });

  it('stays finite on huge counts', () => {
    const result = scanClusters([{ observed: 2_000_000, expected: 1_900_000 }], [[0]]);
    expect(result!.logLikelihoodRatio).toBeCloseTo(2_000_000 * Math.log(2 / 1.9) - 100_000, 3);
    expect(result!.pValue).toBe(0); // R: ppois(1999999, 1900000, lower.tail = FALSE) = 0
    expect(poissonUpperTail(0, 3)).toBe(1);
  });
});
