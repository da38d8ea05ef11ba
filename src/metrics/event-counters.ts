import { Counter, type Registry } from 'prom-client';
import type { EngineStats, StatsStream } from '../pipeline/engine-stats.js';
import { REJECT_REASONS, type RejectReason } from '../sources/reject.js';
import { EVENTS_REJECTED_TOTAL, EVENTS_TOTAL } from './metric-names.js';

export type EventOutcome = 'accepted' | 'revised' | 'invalid' | 'late' | 'duplicate';
export const EVENT_OUTCOMES: readonly EventOutcome[] = ['accepted', 'revised', 'invalid', 'late', 'duplicate'];

/** The outcome each reject reason counts under: a new reason must be placed here to compile. */
export const OUTCOME_OF_REASON: Readonly<Record<RejectReason, Exclude<EventOutcome, 'accepted' | 'revised'>>> = {
  invalid_json: 'invalid',
  schema_violation: 'invalid',
  unknown_stream: 'invalid',
  unknown_region: 'invalid',
  unknown_category: 'invalid',
  future_timestamp: 'invalid',
  late: 'late',
  duplicate: 'duplicate',
  stale_revision: 'duplicate',
  empty_value: 'invalid',
  internal_error: 'invalid',
};

const STATS_STREAMS: readonly StatsStream[] = ['hotline', 'dispute', 'cases', 'unknown'];

/**
 * `ews_events_total` and `ews_events_rejected_total`, mirrored from the engine's own tallies
 * at scrape time, so the hot path pays nothing. They are real counters (`rate()` and the
 * `_total` suffix want that type), and prom-client counters only go up: each scrape adds
 * what the tally grew by since the previous scrape. A tally smaller than before means a fresh
 * engine replaced the old one; its whole tally is then new.
 */
export class EventCounters {
  private readonly last = new Map<string, number>();

  constructor(
    registry: Registry,
    private readonly stats: () => EngineStats,
  ) {
    const mirror = (key: string, total: number): number => {
      const previous = this.last.get(key) ?? 0;
      this.last.set(key, total);
      return total >= previous ? total - previous : total;
    };
    new Counter({
      name: EVENTS_TOTAL.name,
      help: EVENTS_TOTAL.help,
      labelNames: EVENTS_TOTAL.labelNames,
      registers: [registry],
      collect(this: Counter<'stream' | 'outcome'>) {
        for (const [key, stream, outcome, total] of eventTotals(stats())) this.inc({ stream, outcome }, mirror(key, total));
      },
    });
    new Counter({
      name: EVENTS_REJECTED_TOTAL.name,
      help: EVENTS_REJECTED_TOTAL.help,
      labelNames: EVENTS_REJECTED_TOTAL.labelNames,
      registers: [registry],
      collect(this: Counter<'stream' | 'reason'>) {
        for (const [key, stream, reason, total] of rejectedTotals(stats())) this.inc({ stream, reason }, mirror(key, total));
      },
    });
  }

  /**
   * Counts from the engine's current tallies on: call it right after restoring an engine from
   * a snapshot, so totals an earlier process already exposed do not show up as one burst.
   */
  countFromNow(): void {
    const stats = this.stats();
    for (const [key, , , total] of [...eventTotals(stats), ...rejectedTotals(stats)]) this.last.set(key, total);
  }
}

type Total = readonly [key: string, stream: StatsStream, label: string, total: number];

function eventTotals(stats: EngineStats): Total[] {
  const totals: Total[] = [];
  for (const stream of STATS_STREAMS) {
    const tally = stats[stream];
    const byOutcome: Record<EventOutcome, number> = { accepted: tally.accepted, revised: tally.revised, invalid: 0, late: 0, duplicate: 0 };
    for (const reason of REJECT_REASONS) byOutcome[OUTCOME_OF_REASON[reason]] += tally.rejected[reason];
    for (const outcome of EVENT_OUTCOMES) totals.push([`events|${stream}|${outcome}`, stream, outcome, byOutcome[outcome]]);
  }
  return totals;
}

function rejectedTotals(stats: EngineStats): Total[] {
  const totals: Total[] = [];
  for (const stream of STATS_STREAMS) {
    for (const reason of REJECT_REASONS) totals.push([`rejected|${stream}|${reason}`, stream, reason, stats[stream].rejected[reason]]);
  }
  return totals;
}
