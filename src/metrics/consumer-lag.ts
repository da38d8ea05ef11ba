import { Gauge, type Registry } from 'prom-client';
import { CONSUMER_LAG } from './metric-names.js';

/**
 * `ews_consumer_lag{topic,partition}` on the service's registry, for the Kafka consumer to
 * feed. Partitions this instance no longer owns (after a rebalance) must be removed, or the
 * instance would report a frozen lag for them forever.
 */
export class ConsumerLagGauge {
  private readonly gauge: Gauge<'topic' | 'partition'>;

  constructor(registry: Registry) {
    this.gauge = new Gauge({ name: CONSUMER_LAG.name, help: CONSUMER_LAG.help, labelNames: CONSUMER_LAG.labelNames, registers: [registry] });
  }

  set(topic: string, partition: number, lag: number): void {
    this.gauge.set({ topic, partition: String(partition) }, lag);
  }

  remove(topic: string, partition: number): void {
    this.gauge.remove({ topic, partition: String(partition) });
  }

  /** Forgets every partition, e.g. when all are revoked. */
  clear(): void {
    this.gauge.reset();
  }
}
