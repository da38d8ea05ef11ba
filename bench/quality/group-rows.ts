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
 * One row per scenario group and detector ("<group> all"), then one per group, mean level and
 * detector ("<group> <level>"), then one per subgroup; groups and detectors in order of first
 * appearance.
 */
export function groupRows(results: readonly SeriesAlarms[]): GroupRows {
  const tallies = new Map<string, Map<string, DetectionTally>>();
  const scoredAnywhere = new Map<string, boolean>();
  /** Row group ("noufaily-weekly mean 5") to its scenario group ("noufaily-weekly") and kind (0 all, 1 level, 2 subgroup). */
  const scenarioGroup = new Map<string, { group: string; kind: number }>();
  const add = (group: string, detector: string, tally: DetectionTally): void => {
    let byDetector = tallies.get(group);
    if (byDetector === undefined) tallies.set(group, (byDetector = new Map()));
    byDetector.set(detector, addTallies(byDetector.get(detector) ?? EMPTY_TALLY, tally));
  };
  for (const result of results) {
    const { group, level } = result.series;
    const tally = tallySeries(result.series, result.alarms);
    const rowGroups = [`${group} all`, `${group} ${level}`, ...result.series.subgroups.map((s) => `${group} ${s}`)];
    rowGroups.forEach((rowGroup, i) => {
      scenarioGroup.set(rowGroup, { group, kind: Math.min(i, 2) });
      add(rowGroup, result.detector, tally);
    });
    const key = `${group}: ${result.detector}`;
    scoredAnywhere.set(key, (scoredAnywhere.get(key) ?? false) || result.scored);
  }
  const groups = [...new Set([...scenarioGroup.values()].map((g) => g.group))];
  const order = (rowGroup: string): number => {
    const { group, kind } = scenarioGroup.get(rowGroup)!;
    return groups.indexOf(group) * 3 + kind;
  };
  const rows: QualityRow[] = [];
  for (const [rowGroup, byDetector] of [...tallies].sort(([a], [b]) => order(a) - order(b))) {
    for (const [detector, tally] of byDetector) {
      if (scoredAnywhere.get(`${scenarioGroup.get(rowGroup)!.group}: ${detector}`) === true) rows.push(qualityRow(rowGroup, detector, tally));
    }
  }
  const skipped = [...scoredAnywhere].filter(([, scored]) => !scored).map(([key]) => key);
  return { rows, skipped };
}
