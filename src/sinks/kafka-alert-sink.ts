import type { Producer } from 'kafkajs';
import { ALERT_SCHEMA_VERSION, type AlertChange } from '../domain/alert.js';
import type { AlertSink } from './alert-sink.js';
import { produceAll } from './kafka-producer.js';

/** Header naming the alert record's schema version (the JSON carries it too, as `schemaVersion`). */
export const SCHEMA_VERSION_HEADER = 'schema-version';

export interface KafkaAlertSinkOptions {
  /** Made with `createSinkProducer` (idempotent, one request in flight) and connected; its owner disconnects it. */
  readonly producer: Producer;
  readonly topic: string;
}

/**
 * Publishes alert changes to the alerts topic: one record per change, keyed by series (so a
 * series' changes stay in order on one partition), the alert JSON as value, and a
 * `schema-version` header. `send` resolves after every record is acknowledged by all in-sync
 * replicas; a redelivered change has the same id and sequence, so consumers dedupe.
 */
export class KafkaAlertSink implements AlertSink {
  readonly name = 'kafka-alerts';

  constructor(private readonly options: KafkaAlertSinkOptions) {}

  async send(changes: readonly AlertChange[]): Promise<void> {
    if (changes.length === 0) return;
    const messages = changes.map(({ alert }) => ({
      key: alert.seriesKey,
      value: JSON.stringify(alert),
      headers: { [SCHEMA_VERSION_HEADER]: String(ALERT_SCHEMA_VERSION), 'content-type': 'application/json' },
    }));
    await produceAll(this.options.producer, this.name, this.options.topic, messages);
  }

  /** Nothing to flush: `send` waits for the acks. The producer is shared; its owner disconnects it. */
  async close(): Promise<void> {}
}
