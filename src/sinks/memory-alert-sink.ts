import type { AlertChange } from '../domain/alert.js';
import type { AlertSink } from './alert-sink.js';

/** Keeps every change in memory: for tests and for the demo's summary table. */
export class MemoryAlertSink implements AlertSink {
  readonly name = 'memory';
  readonly changes: AlertChange[] = [];

  async send(changes: readonly AlertChange[]): Promise<void> {
    this.changes.push(...changes);
  }

  async close(): Promise<void> {}
}
