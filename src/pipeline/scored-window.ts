import type { SeriesParts } from '../domain/series-key.js';
import type { Window } from '../domain/window.js';
import type { Verdict } from './score-window.js';

/** A closed (or re-scored) window of one series with every detector's verdict: the alert manager's input. */
export interface ScoredWindow {
  readonly parts: SeriesParts;
  readonly window: Window;
  readonly verdicts: readonly Verdict[];
  /** Closed windows the detectors had seen before this one. */
  readonly historyWindows: number;
  /** True when a case-count revision changed this window after it was first scored. */
  readonly revised: boolean;
}
