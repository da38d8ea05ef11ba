import type { SeriesKey, SeriesParts } from '../domain/series-key.js';
import type { PlannedDetector } from '../config/detector-plan.js';
import { type OpenTerms, type OpenTermsSnapshot, snapshotOpenTerms } from './open-terms.js';

/** Everything the engine keeps for one series. Mutable: owned by one StreamClock. */
export interface SeriesState {
  readonly key: SeriesKey;
  readonly parts: SeriesParts;
  readonly plan: readonly PlannedDetector[];
  /** Counts of windows not yet closed: index 0 is the window starting at the clock's `closedUpTo`. */
  readonly open: number[];
  /** Text term counts of the open windows, aligned with `open`; null when no detector of the series reads terms. */
  readonly openTerms: OpenTerms | null;
  detectorStates: unknown[];
  /** Counts of the most recent closed windows, oldest first. */
  history: number[];
  /** Start of the newest closed window; NaN before the first close. */
  lastClosedStart: number;
  /** Closed windows since the series started (not capped like `history`). */
  closedCount: number;
  /**
   * Case counts only: detector states as they were before the oldest window a revision may
   * still change (`revisionHorizonWindows` back), so a revision replays from there. One
   * checkpoint, advanced as windows leave the horizon, instead of one per window.
   */
  checkpoint: unknown[] | null;
}

/** The JSON form of a SeriesState in a snapshot; the plan is rebuilt from config. */
export interface SeriesSnapshot {
  readonly key: SeriesKey;
  /** Counts of open windows, the first starting at its clock's `closedUpTo`. */
  readonly open: number[];
  /** Term counts of the open windows (absent in snapshots from before term counting). */
  readonly openTerms?: OpenTermsSnapshot | null;
  readonly detectorStates: unknown[];
  readonly detectorNames: string[];
  readonly history: number[];
  readonly lastClosedStart: number | null;
  readonly closedCount: number;
  readonly checkpoint: unknown[] | null;
}

export function snapshotSeries(series: SeriesState): SeriesSnapshot {
  return {
    key: series.key,
    open: [...series.open],
    openTerms: snapshotOpenTerms(series.openTerms),
    detectorStates: series.detectorStates,
    detectorNames: series.plan.map((p) => p.name),
    history: series.history,
    lastClosedStart: Number.isNaN(series.lastClosedStart) ? null : series.lastClosedStart,
    closedCount: series.closedCount,
    checkpoint: series.checkpoint,
  };
}
