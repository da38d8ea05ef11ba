import { assess } from '../alerts/assess.js';
import type { SeriesKey } from '../domain/series-key.js';
import type { EngineSettings } from '../pipeline/engine-settings.js';
import type { ScoredWindow } from '../pipeline/scored-window.js';
import type { TrackedSelection, TrackedSeries } from './tracked-series.js';

/** One scored window of a tracked series, as the HTTP series endpoint shows it. */
export interface LoggedWindow {
  /** Epoch ms, [start, end). */
  readonly start: number;
  readonly end: number;
  readonly count: number;
  /** Medians over the detectors past warm-up, as in alerts; null while all are warming up. */
  readonly expected: number | null;
  readonly upper: number | null;
  /** Strongest voter's score (strongest detector's when none voted). */
  readonly score: number;
  readonly votes: readonly string[];
  /** Re-scored after a case-count revision. */
  readonly revised: boolean;
}

export interface SeriesWindowLogOptions {
  readonly tracked: TrackedSeries;
  /** The running engine's settings (alerting rules for expected/upper, and what is tracked). */
  readonly settings: () => EngineSettings;
  /** Windows kept per series. Default 28. */
  readonly capacity?: number;
}

/**
 * The recent scored windows of each tracked series, fed by the engine's `onWindowScored`.
 * The engine keeps only counts per series; expected values and bounds exist only at scoring
 * time, so they are kept here, bounded by the tracked set and `capacity` windows each.
 */
export class SeriesWindowLog {
  readonly capacity: number;
  private readonly windows = new Map<SeriesKey, LoggedWindow[]>();
  private selection: TrackedSelection | undefined;

  constructor(private readonly options: SeriesWindowLogOptions) {
    this.capacity = options.capacity ?? 28;
  }

  onWindowScored(scored: ScoredWindow): void {
    const settings = this.options.settings();
    const selection = this.options.tracked.select(settings);
    if (selection !== this.selection) {
      this.windows.clear();
      this.selection = selection;
    }
    const key = scored.window.key;
    if (!selection.keys.has(key)) return;
    const assessment = assess(scored, settings.config.alerting);
    const entry: LoggedWindow = {
      start: scored.window.start,
      end: scored.window.end,
      count: scored.window.count,
      expected: Number.isFinite(assessment.expected) ? assessment.expected : null,
      upper: Number.isFinite(assessment.upper) ? assessment.upper : null,
      score: assessment.score,
      votes: assessment.votes,
      revised: scored.revised,
    };
    let list = this.windows.get(key);
    if (list === undefined) {
      list = [];
      this.windows.set(key, list);
    }
    insertByStart(list, entry);
    if (list.length > this.capacity) list.splice(0, list.length - this.capacity);
  }

  /** Logged windows of a tracked series, oldest first; empty for a series not tracked. */
  windowsOf(key: SeriesKey): readonly LoggedWindow[] {
    return this.windows.get(key) ?? [];
  }

  isTracked(key: SeriesKey): boolean {
    return this.options.tracked.select(this.options.settings()).keys.has(key);
  }
}

/** Appends a new window; a re-scored one replaces its earlier entry in place. */
function insertByStart(list: LoggedWindow[], entry: LoggedWindow): void {
  let i = list.length;
  while (i > 0 && list[i - 1]!.start > entry.start) i -= 1;
  if (i > 0 && list[i - 1]!.start === entry.start) list[i - 1] = entry;
  else list.splice(i, 0, entry);
}
