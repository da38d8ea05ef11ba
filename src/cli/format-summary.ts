import type { ReplaySummary } from '../pipeline/replay.js';
import type { StatsStream } from '../pipeline/engine-stats.js';
import { REJECT_REASONS } from '../sources/reject.js';

/** The end-of-replay report: where every record went, series and alerts. */
export function formatSummary(summary: ReplaySummary, seconds: number): string {
  const streams: StatsStream[] = ['hotline', 'dispute', 'cases', 'unknown'];
  const total = (pick: (s: ReplaySummary['stats'][StatsStream]) => number) => streams.reduce((sum, s) => sum + pick(summary.stats[s]), 0);
  const rejected = (reasons: readonly string[]) =>
    total((s) => reasons.reduce((sum, r) => sum + (s.rejected as Record<string, number>)[r]!, 0));
  const invalidReasons = REJECT_REASONS.filter((r) => r !== 'late' && r !== 'duplicate' && r !== 'stale_revision');
  const records = total((s) => s.received);
  const lines = [
    `records     ${records} in ${seconds.toFixed(1)} s (${Math.round(records / Math.max(seconds, 1e-3))}/s), ${summary.blankLines} blank lines skipped`,
    `accepted    ${total((s) => s.accepted)}  (+ ${total((s) => s.revised)} case-count revisions that re-scored a window)`,
    `invalid     ${rejected(invalidReasons)}${reasonBreakdown(summary, invalidReasons)}`,
    `late        ${rejected(['late'])}`,
    `duplicates  ${rejected(['duplicate', 'stale_revision'])}${reasonBreakdown(summary, ['duplicate', 'stale_revision'])}`,
    `series      ${summary.series}, ${summary.windows} windows scored`,
    `alerts      ${summary.alerts.opened} opened, ${summary.alerts.updated} updates, ${summary.alerts.resolved} resolved; opened by severity: ` +
      Object.entries(summary.openedBySeverity)
        .map(([severity, n]) => `${severity} ${n}`)
        .join(', '),
  ];
  return lines.join('\n');
}

function reasonBreakdown(summary: ReplaySummary, reasons: readonly string[]): string {
  const parts: string[] = [];
  for (const reason of reasons) {
    let n = 0;
    for (const stats of Object.values(summary.stats)) n += (stats.rejected as Record<string, number>)[reason] ?? 0;
    if (n > 0) parts.push(`${reason} ${n}`);
  }
  return parts.length > 0 ? ` (${parts.join(', ')})` : '';
}
