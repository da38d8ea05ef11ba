import type { Score } from '../domain/score.js';
import type { Window } from '../domain/window.js';
import type { PlannedDetector } from '../config/detector-plan.js';

export interface Verdict {
  readonly detector: string;
  readonly score: Score;
}

export interface ScoredStates {
  readonly states: unknown[];
  readonly verdicts: Verdict[];
}

/** Receives how long each detector update took, in seconds (for a histogram). */
export type DetectorTimer = (detector: string, seconds: number) => void;

/** Runs every planned detector of a series over one closed window. */
export function scoreWindow(plan: readonly PlannedDetector[], states: readonly unknown[], window: Window, timer?: DetectorTimer): ScoredStates {
  const nextStates: unknown[] = new Array(plan.length);
  const verdicts: Verdict[] = new Array(plan.length);
  for (let i = 0; i < plan.length; i++) {
    const planned = plan[i]!;
    const started = timer === undefined ? 0 : performance.now();
    const result = planned.detector.update(states[i], window, planned.config);
    if (timer !== undefined) timer(planned.name, (performance.now() - started) / 1000);
    nextStates[i] = result.state;
    verdicts[i] = { detector: planned.name, score: result.score };
  }
  return { states: nextStates, verdicts };
}
