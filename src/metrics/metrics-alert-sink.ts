import { Counter, type Registry } from 'prom-client';
import type { AlertChange, AlertChangeKind } from '../domain/alert.js';
import { Severity } from '../domain/severity.js';
import type { AlertSink } from '../sinks/alert-sink.js';
import { ALERT_TRANSITIONS_TOTAL, ALERT_VOTES_TOTAL } from './metric-names.js';

const KINDS: readonly AlertChangeKind[] = ['opened', 'updated', 'resolved'];

/** Changes remembered to ignore a redelivered batch: far more than alerts change between two sends. */
const REMEMBERED_CHANGES = 10_000;

/**
 * Counts alert changes as they reach the sinks: `ews_alert_transitions_total{kind,severity}`
 * once per change, and `ews_alert_votes_total{kind,detector}` once per detector that voted
 * for an opened or updated alert (a resolution carries no votes worth counting). Sinks must
 * tolerate redelivery, so a change already counted (same id and sequence) is not counted again.
 */
export class MetricsAlertSink implements AlertSink {
  readonly name = 'metrics';
  private readonly transitions: Counter<'kind' | 'severity'>;
  private readonly votes: Counter<'kind' | 'detector'>;
  private readonly seen = new Set<string>();

  constructor(registry: Registry) {
    this.transitions = new Counter({
      name: ALERT_TRANSITIONS_TOTAL.name,
      help: ALERT_TRANSITIONS_TOTAL.help,
      labelNames: ALERT_TRANSITIONS_TOTAL.labelNames,
      registers: [registry],
    });
    this.votes = new Counter({ name: ALERT_VOTES_TOTAL.name, help: ALERT_VOTES_TOTAL.help, labelNames: ALERT_VOTES_TOTAL.labelNames, registers: [registry] });
    // Start every bounded combination at 0, so rate() sees the first alert of each kind.
    for (const kind of KINDS) for (const severity of Severity.options) this.transitions.inc({ kind, severity }, 0);
  }

  async send(changes: readonly AlertChange[]): Promise<void> {
    for (const { kind, alert } of changes) {
      const id = `${alert.id}#${alert.sequence}`;
      if (this.seen.has(id)) continue;
      this.remember(id);
      this.transitions.inc({ kind, severity: alert.severity });
      if (kind === 'resolved') continue;
      for (const detector of alert.votes) this.votes.inc({ kind, detector });
    }
  }

  async close(): Promise<void> {}

  private remember(id: string): void {
    this.seen.add(id);
    if (this.seen.size > REMEMBERED_CHANGES) {
      const oldest = this.seen.values().next();
      if (oldest.done !== true) this.seen.delete(oldest.value);
    }
  }
}
