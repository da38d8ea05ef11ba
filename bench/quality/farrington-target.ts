import type { QualityRow } from './quality-row.js';

/** "Near the nominal level": at most this many times alpha (binomial noise on ~7000 quiet weeks a level is about +-35%). */
export const NEAR_NOMINAL_FACTOR = 2;

/**
 * Issue 4's target, per weekly row group: our farrington_flexible's FPR at most
 * NEAR_NOMINAL_FACTOR x alpha, and its POD at least R's farringtonFlexible's on the same series.
 */
export function farringtonTargetLines(rows: readonly QualityRow[], alpha: number): string[] {
  const lines: string[] = [];
  for (const ours of rows) {
    if (ours.detector !== 'farrington_flexible') continue;
    const theirs = rows.find((r) => r.group === ours.group && r.detector === 'R:farringtonFlexible');
    const fprMet = ours.fpr <= NEAR_NOMINAL_FACTOR * alpha;
    let line = `${ours.group}: FPR ${ours.fpr.toFixed(4)} vs nominal ${alpha} (<= ${NEAR_NOMINAL_FACTOR * alpha}: ${fprMet ? 'met' : 'MISSED'})`;
    if (theirs === undefined) line += `; POD ${ours.pod.toFixed(3)} (no R row to compare)`;
    else line += `; POD ${ours.pod.toFixed(3)} vs R ${theirs.pod.toFixed(3)} (${ours.pod >= theirs.pod ? 'met' : 'MISSED'}), R's FPR ${theirs.fpr.toFixed(4)}`;
    lines.push(line);
  }
  return lines;
}
