import type { DetectionTally } from './detection-metrics.js';
import { EMPTY_TALLY, addTallies, qualityRow, tallySeries } from './detection-metrics.js';
import type { SeriesAlarms } from './count-detector-run.js';
import type { QualityRow } from './quality-row.js';

export interface GroupRows {
  readonly rows: QualityRow[];
  /** "group: detector" pairs left out because the detector never left warm-up there. */
  readonly skipped: string[];
}

/**
 * One row per scenario group and detector ("<group> all") and one per group, mean level and
 * detector ("<group> <level>"), in order of first appearance.
 */
export function groupRows(results: readonly SeriesAlarms[]): GroupRows {
  const tallies = new Map<string, Map<string, DetectionTally>>();
  const scoredAnywhere = new Map<string, boolean>();
  /** Row group ("noufaily-weekly mean 5") to its scenario group ("noufaily-weekly"). */
  const scenarioGroup = new Map<string, string>();
  const add = (group: string, detector: string, tally: DetectionTally): void => {
    let byDetector = tallies.get(group);
    if (byDetector === undefined) tallies.set(group, (byDetector = new Map()));
    byDetector.set(detector, addTallies(byDetector.get(detector) ?? EMPTY_TALLY, tally));
  };
  for (const result of results) {
    const { group, level } = result.series;
    const tally = tallySeries(result.series, result.alarms);
    for (const rowGroup of [`${group} all`, `${group} ${level}`]) {
      scenarioGroup.set(rowGroup, group);
      add(rowGroup, result.detector, tally);
    }
    const key = `${group}: ${result.detector}`;
    scoredAnywhere.set(key, (scoredAnywhere.get(key) ?? false) || result.scored);
  }
  const rows: QualityRow[] = [];
  for (const [group, byDetector] of tallies) {
    for (const [detector, tally] of byDetector) {
      if (scoredAnywhere.get(`${scenarioGroup.get(group) ?? group}: ${detector}`) === true) rows.push(qualityRow(group, detector, tally));
    }
  }
  const skipped = [...scoredAnywhere].filter(([, scored]) => !scored).map(([key]) => key);
  return { rows, skipped };
}
