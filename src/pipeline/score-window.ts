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

/** Runs every planned detector of a series over one closed window. */
export function scoreWindow(plan: readonly PlannedDetector[], states: readonly unknown[], window: Window): ScoredStates {
  const nextStates: unknown[] = new Array(plan.length);
  const verdicts: Verdict[] = new Array(plan.length);
  for (let i = 0; i < plan.length; i++) {
    const planned = plan[i]!;
    const result = planned.detector.update(states[i], window, planned.config);
    nextStates[i] = result.state;
    verdicts[i] = { detector: planned.name, score: result.score };
  }
  return { states: nextStates, verdicts };
}
