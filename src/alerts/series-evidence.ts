import { sidakMin } from '../fusion/combine-p-values.js';
import { poissonUpperTail } from '../spatial/scan-statistic.js';
import type { ScoredWindow } from '../pipeline/scored-window.js';
import { finiteMedian } from './assess.js';

/** What one scored window says about an excess, reduced to one p-value for cross-series stages. */
export interface SeriesEvidence {
  /** The detector with the smallest p-value ("none" when no detector gave one). */
  readonly detector: string;
  /**
   * Smallest detector p-value, Sidak-corrected for the detectors that gave one, and never below
   * the Poisson tail of the count over max(expected, minExpected); 1 when no detector gave one.
   */
  readonly pValue: number;
  /** Median expected count of the detectors past warm-up; NaN when none is. */
  readonly expected: number;
}

/**
 * Evidence of one window: detectors of a series look at the same counts, so their p-values are
 * strongly dependent and the smallest one, Sidak-corrected, is a conservative summary (taking
 * the larger of two valid p-values keeps it valid).
 */
export function seriesEvidence(scored: ScoredWindow, minExpected: number): SeriesEvidence {
  const pValues: number[] = [];
  let detector = 'none';
  let smallest = Number.POSITIVE_INFINITY;
  for (const verdict of scored.verdicts) {
    const p = verdict.score.pValue;
    if (verdict.score.warmingUp || p === undefined || Number.isNaN(p)) continue;
    pValues.push(p);
    if (p < smallest) {
      smallest = p;
      detector = verdict.detector;
    }
  }
  const expected = finiteMedian(scored.verdicts, (v) => v.score.expected);
  // A baseline of zeros gives detectors a zero spread, and any count a p-value of 0: the
  // Poisson guard keeps one event over an empty baseline from outweighing everything else.
  const guard = Number.isFinite(expected) ? poissonUpperTail(scored.window.count, Math.max(expected, minExpected)) : 0;
  return { detector, pValue: Math.max(sidakMin(pValues), guard), expected };
}
