import type { QualityRow } from './quality-row.js';

/** One fusion operating point of a sweep ("fusion-2streams@0.001": variant and alpha). */
export interface SweepPoint {
  readonly label: string;
  readonly row: QualityRow;
}

/** A competitor and the fusion operating point with an FPR at most the competitor's. */
export interface MatchedComparison {
  readonly competitor: QualityRow;
  /** The best swept point whose FPR is at most the competitor's; null when even the strictest is above. */
  readonly fusion: SweepPoint | null;
  /** POD at least the competitor's and mean delay at most its, one of them strictly better. */
  readonly better: boolean;
  /** POD and delay both at least as good (ties included). */
  readonly atLeastAsGood: boolean;
}

const delay = (row: QualityRow) => row.meanDelay ?? Number.POSITIVE_INFINITY;

/**
 * Issue 4's comparison made well defined: fusion is compared with each single-stream detector at
 * an operating point whose false-positive rate is equal or lower: of the swept points (fusion
 * variant and alpha) with FPR at most the competitor's, the one with the highest POD, then the
 * shortest mean delay, then the lowest FPR (a point on fusion's operating curve, as in an ROC
 * comparison). An undetected side has an infinite delay.
 */
export function matchAtEqualFpr(competitor: QualityRow, sweep: readonly SweepPoint[]): MatchedComparison {
  let chosen: SweepPoint | null = null;
  for (const point of sweep) {
    if (point.row.fpr > competitor.fpr) continue;
    if (chosen === null || rank(point.row, chosen.row) < 0) chosen = point;
  }
  if (chosen === null) return { competitor, fusion: null, better: false, atLeastAsGood: false };
  const podOk = chosen.row.pod >= competitor.pod;
  const delayOk = delay(chosen.row) <= delay(competitor);
  const strictly = chosen.row.pod > competitor.pod || delay(chosen.row) < delay(competitor);
  return { competitor, fusion: chosen, better: podOk && delayOk && strictly, atLeastAsGood: podOk && delayOk };
}

/** Negative when a is the better operating point: higher POD, then shorter delay, then lower FPR. */
function rank(a: QualityRow, b: QualityRow): number {
  return b.pod - a.pod || delay(a) - delay(b) || a.fpr - b.fpr;
}

/** Markdown table of the comparisons, one line per competitor. */
export function matchedTable(comparisons: readonly MatchedComparison[]): string[] {
  const fmt = (row: QualityRow) => `${row.fpr.toFixed(4)} | ${row.pod.toFixed(2)} | ${row.meanDelay === null ? '-' : row.meanDelay.toFixed(2)}`;
  const lines = [
    '| group | competitor | FPR | POD | delay | fusion point | fusion FPR | fusion POD | fusion delay | fusion earlier and more often |',
    '|---|---|--:|--:|--:|--:|--:|--:|--:|---|',
  ];
  for (const c of comparisons) {
    const fused = c.fusion === null ? '- | - | - | -' : `${c.fusion.label} | ${fmt(c.fusion.row)}`;
    const verdict = c.fusion === null ? 'no point at this FPR' : c.better ? 'yes' : c.atLeastAsGood ? 'tie' : 'no';
    lines.push(`| ${c.competitor.group} | ${c.competitor.detector} | ${fmt(c.competitor)} | ${fused} | ${verdict} |`);
  }
  return lines;
}
