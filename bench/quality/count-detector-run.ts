import type { PlannedDetector } from '../../src/config/detector-plan.js';
import type { DayCalendar } from '../../src/config/day-calendar.js';
import { scoreWindow } from '../../src/pipeline/score-window.js';
import type { LabelledSeries } from './labelled-series.js';
import { seriesWindows } from './series-windows.js';

/** One detector's alarms on one series, indexed like the series' windows. */
export interface SeriesAlarms {
  readonly series: LabelledSeries;
  readonly detector: string;
  readonly alarms: readonly boolean[];
  /** False when the detector warmed up through the whole test period (e.g. week-only on days). */
  readonly scored: boolean;
}

/**
 * Replays every series through every planned detector with the engine's own scoreWindow, from
 * empty states, one closed window at a time, and keeps the alarms of the test windows.
 */
export function runCountDetectors(series: readonly LabelledSeries[], plan: readonly PlannedDetector[], calendar: DayCalendar): SeriesAlarms[] {
  const results: SeriesAlarms[] = [];
  for (const one of series) {
    const windows = seriesWindows(one, calendar);
    const alarms = plan.map(() => new Array<boolean>(windows.length).fill(false));
    const scored = plan.map(() => false);
    let states: unknown[] = plan.map((planned) => planned.detector.create(planned.config));
    windows.forEach((window, i) => {
      const result = scoreWindow(plan, states, window);
      states = result.states;
      if (i < one.testStart) return;
      result.verdicts.forEach((verdict, d) => {
        alarms[d]![i] = verdict.score.alarm;
        if (!verdict.score.warmingUp) scored[d] = true;
      });
    });
    plan.forEach((planned, d) => results.push({ series: one, detector: planned.name, alarms: alarms[d]!, scored: scored[d]! }));
  }
  return results;
}
