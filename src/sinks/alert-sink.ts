import type { AlertChange } from '../domain/alert.js';

/**
 * Where alert changes go. `send` resolves once the change is durable in the sink (the
 * caller commits input only after that); sinks must tolerate redelivery of the same change.
 * `close` flushes and is idempotent.
 */
export interface AlertSink {
  readonly name: string;
  send(changes: readonly AlertChange[]): Promise<void>;
  close(): Promise<void>;
}
