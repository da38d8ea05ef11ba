import type { Alert, AlertChange } from '../domain/alert.js';
import { SEVERITY_RANK } from '../domain/severity.js';
import type { AlertSink } from './alert-sink.js';

export interface RecentAlertsSinkOptions {
  /** Alert records kept, newest replacing oldest. Default 500. */
  readonly capacity?: number;
}

/**
 * Keeps what the HTTP API shows: the last `capacity` alert records, and the latest record of
 * every alert still open (dropped when it resolves). In memory only: after a restart it
 * fills again as alerts change. A redelivered record (same id and sequence) is kept once.
 */
export class RecentAlertsSink implements AlertSink {
  readonly name = 'recent-alerts';
  readonly capacity: number;
  private readonly records: Alert[] = [];
  private readonly kept = new Set<string>();
  private readonly open = new Map<string, Alert>();

  constructor(options: RecentAlertsSinkOptions = {}) {
    this.capacity = options.capacity ?? 500;
  }

  async send(changes: readonly AlertChange[]): Promise<void> {
    for (const { kind, alert } of changes) {
      const id = recordId(alert);
      if (this.kept.has(id)) continue;
      this.kept.add(id);
      this.records.push(alert);
      if (this.records.length > this.capacity) {
        const evicted = this.records.shift();
        if (evicted !== undefined) this.kept.delete(recordId(evicted));
      }
      if (kind === 'resolved') this.open.delete(alert.id);
      else if ((this.open.get(alert.id)?.sequence ?? 0) < alert.sequence) this.open.set(alert.id, alert);
    }
  }

  async close(): Promise<void> {}

  /** The newest `limit` records, newest first. */
  recent(limit = this.capacity): Alert[] {
    return this.records.slice(-limit).reverse();
  }

  /** Latest record of each open alert: most severe first, then the most recently opened. */
  active(): Alert[] {
    return [...this.open.values()].sort(
      (a, b) => SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity] || compare(b.openedWindow.start, a.openedWindow.start) || compare(a.id, b.id),
    );
  }
}

function recordId(alert: Alert): string {
  return `${alert.id}#${alert.sequence}`;
}

/** Code-unit order: ISO times with one offset sort chronologically. */
function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
