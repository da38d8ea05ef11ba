import { median } from 'simple-statistics';
import { SEVERITY_RANK, type Severity } from '../domain/severity.js';
import type { AppConfig } from '../config/app-config.js';
import type { ScoredWindow } from '../pipeline/scored-window.js';

export interface Assessment {
  readonly firing: boolean;
  readonly severity: Severity | null;
  /** Detectors that fired on the window. */
  readonly votes: readonly string[];
  /** Strongest score among the voters (among all detectors when none voted). */
  readonly score: number;
  /** Medians over the detectors past warm-up; NaN when none is. */
  readonly expected: number;
  readonly upper: number;
}

/**
 * Votes and severity for one scored window. An alert needs `minVotes` detectors (or all of
 * them, when a series has fewer), at least `minObserved` events and the lowest severity band;
 * the highest band reached (votes, observed / upper bound, score) sets the colour.
 */
export function assess(scored: ScoredWindow, alerting: AppConfig['alerting']): Assessment {
  const votes: string[] = [];
  let best = 0;
  let bestVoter = 0;
  for (const verdict of scored.verdicts) {
    if (verdict.score.score > best) best = verdict.score.score;
    if (!verdict.score.alarm) continue;
    votes.push(verdict.detector);
    if (verdict.score.score > bestVoter) bestVoter = verdict.score.score;
  }
  const score = votes.length > 0 ? bestVoter : best;
  const expected = finiteMedian(scored.verdicts, (v) => v.score.expected);
  const upper = finiteMedian(scored.verdicts, (v) => v.score.upper);
  // Exceedance over the consensus bound; a bound of 0 or less makes any count an infinite excess.
  const ratio = upper > 0 ? scored.window.count / upper : scored.window.count > 0 ? Number.POSITIVE_INFINITY : 0;
  // A vote count a series cannot reach (fewer detectors configured) means "all of them".
  const detectors = scored.verdicts.length;
  let severity: Severity | null = null;
  for (const band of alerting.severity) {
    if (votes.length < Math.min(band.minVotes, detectors) || score < band.minScore || !(ratio >= band.minRatio)) continue;
    if (severity === null || SEVERITY_RANK[band.severity] > SEVERITY_RANK[severity]) severity = band.severity;
  }
  const firing = severity !== null && votes.length >= Math.min(alerting.minVotes, detectors) && scored.window.count >= alerting.minObserved;
  return { firing, severity: firing ? severity : null, votes, score, expected, upper };
}

/** Median over detectors past warm-up that give a finite value (a detector may have no bound); NaN when none does. */
export function finiteMedian(verdicts: ScoredWindow['verdicts'], pick: (v: ScoredWindow['verdicts'][number]) => number): number {
  const values: number[] = [];
  for (const verdict of verdicts) {
    if (verdict.score.warmingUp) continue;
    const value = pick(verdict);
    if (Number.isFinite(value)) values.push(value);
  }
  return values.length > 0 ? median(values) : Number.NaN;
}
