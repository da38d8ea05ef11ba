import type { ContributingSignal } from '../domain/alert.js';
import type { SeriesKey, SeriesParts } from '../domain/series-key.js';
import { finiteMedian } from './assess.js';
import { sidak } from '../fusion/combine-p-values.js';
import { poissonUpperTail } from '../spatial/scan-statistic.js';
import type { ScoredWindow } from '../pipeline/scored-window.js';

/** What one scored window says about an excess, reduced to one p-value for cross-series stages. */
export interface SeriesEvidence {
  /** The detector with the smallest p-value ("none" when no detector gave one). */
  readonly detector: string;
  /**
   * Smallest detector p-value, Sidak-corrected for the detectors that gave one, and never below
   * the Poisson tail of the count over max(expected, minExpected); 1 when no detector gave one.
   */
  readonly pValue: number;
  /**
   * Smallest detector p-value without the correction for multiplicity (still at least the
   * Poisson tail): not a valid p-value itself, the input of empirical calibration.
   */
  readonly sharpPValue: number;
  /** Median expected count of the detectors past warm-up; NaN when none is. */
  readonly expected: number;
}

/**
 * Evidence of one window: detectors of a series look at the same counts, so their p-values are
 * strongly dependent and the smallest one, Sidak-corrected, is a conservative summary (taking
 * the larger of two valid p-values keeps it valid).
 */
export function seriesEvidence(scored: ScoredWindow, minExpected: number): SeriesEvidence {
  let tests = 0;
  let detector = 'none';
  let smallest = Number.POSITIVE_INFINITY;
  for (const verdict of scored.verdicts) {
    const { score } = verdict;
    if (score.warmingUp) continue;
    const p = score.pValue;
    if (p === undefined || Number.isNaN(p)) continue;
    tests += 1;
    if (p < smallest) {
      smallest = p;
      detector = verdict.detector;
    }
  }
  // The consensus expected of the series alert (assess), so both kinds of alert quote one baseline.
  const expected = finiteMedian(scored.verdicts, (v) => v.score.expected);
  // A baseline of zeros gives detectors a zero spread, and any count a p-value of 0: the
  // Poisson guard keeps one event over an empty baseline from outweighing everything else.
  const guard = Number.isFinite(expected) ? poissonUpperTail(scored.window.count, Math.max(expected, minExpected)) : 0;
  const detectorP = tests === 0 ? 1 : sidak(smallest, tests);
  return { detector, pValue: Math.max(detectorP, guard), sharpPValue: Math.max(tests === 0 ? 1 : smallest, guard), expected };
}

/**
 * One series window as a signal of a cluster or fused alert: its own evidence, or no detector
 * and p = 1 when it has none (a cluster member without a series).
 */
export function seriesSignal(
  source: 'series' | 'hours',
  key: SeriesKey,
  parts: SeriesParts,
  observed: number,
  evidence: SeriesEvidence | null,
): ContributingSignal {
  return {
    source,
    seriesKey: key,
    stream: parts.stream,
    regionCode: parts.region,
    regions: [parts.region],
    category: parts.category,
    granularity: parts.granularity,
    detector: evidence?.detector ?? 'none',
    observed,
    expected: evidence !== null && Number.isFinite(evidence.expected) ? evidence.expected : null,
    pValue: evidence?.pValue ?? 1,
  };
}
