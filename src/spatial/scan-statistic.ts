import { poissonTails } from '../../detectors/stats/poisson.js';
import { sidak } from '../fusion/combine-p-values.js';

/** One region of a scan: its count in the window and the count its baseline expects. */
export interface ScanRegion {
  readonly observed: number;
  readonly expected: number;
  /** Variance / mean of the region's counts (1 = Poisson, the default). */
  readonly dispersion?: number;
}

export interface ScanResult {
  /** Member indexes of the most likely cluster, ascending. */
  readonly members: readonly number[];
  readonly observed: number;
  readonly expected: number;
  readonly logLikelihoodRatio: number;
  /** P[X >= observed] for X ~ Poisson(expected), before the correction. */
  readonly tailP: number;
  /** `tailP` with Sidak's correction for the number of candidate clusters scanned. */
  readonly pValue: number;
  readonly candidates: number;
}

/**
 * Kulldorff's (1997) Poisson log-likelihood ratio of "rate inside the cluster is higher" in its
 * expectation-based form (Neill et al. 2005): the expected count comes from each region's own
 * baseline instead of being rescaled to the window's total, so a rise shared by every region
 * still counts. c ln(c / e) + e - c when c > e, else 0.
 */
export function poissonLogLikelihoodRatio(observed: number, expected: number): number {
  if (!(observed > expected)) return 0;
  if (expected <= 0) return Number.POSITIVE_INFINITY;
  return observed * Math.log(observed / expected) + expected - observed;
}

/** P[X >= c] for X ~ Poisson(e) (c rounded up when scaled by a dispersion); 1 at c <= 0, 0 at e = 0 < c. */
export function poissonUpperTail(observed: number, expected: number): number {
  if (observed <= 0) return 1;
  return poissonTails(Math.ceil(observed) - 1, expected).upper;
}

/**
 * The most likely cluster among `candidates` (sets of indexes into `regions`): highest
 * log-likelihood ratio, ties to the earlier (smaller) candidate. Its significance is the
 * Poisson tail of its sum, Sidak-corrected for the number of candidates: deterministic, and
 * conservative because overlapping candidates are far from independent (a Monte Carlo
 * replication would be sharper but costs 1000 rescans per window). Null when no candidate has
 * an excess. With dispersions, a candidate's counts are divided by its expected-weighted mean
 * dispersion before both steps (the quasi-Poisson scaling).
 */
export function scanClusters(regions: readonly ScanRegion[], candidates: readonly (readonly number[])[]): ScanResult | null {
  let best: { members: readonly number[]; observed: number; expected: number; llr: number; dispersion: number } | null = null;
  for (const members of candidates) {
    let observed = 0;
    let expected = 0;
    let variance = 0;
    for (const i of members) {
      const region = regions[i];
      if (region === undefined) throw new RangeError(`candidate names region ${i} of ${regions.length}`);
      observed += region.observed;
      expected += region.expected;
      variance += (region.dispersion ?? 1) * region.expected;
    }
    const dispersion = expected > 0 ? variance / expected : 1;
    const llr = poissonLogLikelihoodRatio(observed / dispersion, expected / dispersion);
    if (llr > 0 && (best === null || llr > best.llr)) best = { members, observed, expected, llr, dispersion };
  }
  if (best === null) return null;
  const tailP = poissonUpperTail(best.observed / best.dispersion, best.expected / best.dispersion);
  return {
    members: best.members,
    observed: best.observed,
    expected: best.expected,
    logLikelihoodRatio: best.llr,
    tailP,
    pValue: sidak(tailP, candidates.length),
    candidates: candidates.length,
  };
}
