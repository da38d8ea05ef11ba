import type { SeriesAlarms } from './count-detector-run.js';

/** Our detector and R's implementation of the same method. */
export const R_COUNTERPARTS: readonly (readonly [string, string])[] = [
  ['farrington_flexible', 'R:farringtonFlexible'],
  ['ears_c1', 'R:earsC1'],
  ['ears_c2', 'R:earsC2'],
  ['ears_c3', 'R:earsC3'],
];

/**
 * For each pair and scenario group: in how many test windows our alarm differs from R's on the
 * same series. Nonzero means the two implementations disagree, not that either is wrong.
 */
export function alarmAgreementLines(results: readonly SeriesAlarms[]): string[] {
  const byKey = new Map<string, SeriesAlarms>();
  for (const result of results) byKey.set(`${result.series.id}|${result.detector}`, result);
  const lines: string[] = [];
  for (const [ours, theirs] of R_COUNTERPARTS) {
    const tallies = new Map<string, { windows: number; differ: number; ours: number; theirs: number }>();
    for (const result of results) {
      if (result.detector !== ours) continue;
      const other = byKey.get(`${result.series.id}|${theirs}`);
      if (other === undefined) continue;
      const tally = tallies.get(result.series.group) ?? { windows: 0, differ: 0, ours: 0, theirs: 0 };
      for (let i = result.series.testStart; i < result.alarms.length; i++) {
        tally.windows++;
        if (result.alarms[i] === true) tally.ours++;
        if (other.alarms[i] === true) tally.theirs++;
        if (result.alarms[i] !== other.alarms[i]) tally.differ++;
      }
      tallies.set(result.series.group, tally);
    }
    for (const [group, t] of tallies) {
      lines.push(`${group}: ${ours} vs ${theirs}: alarms differ in ${t.differ} of ${t.windows} test windows (alarms: ${t.ours} ours, ${t.theirs} R)`);
    }
  }
  return lines;
}
