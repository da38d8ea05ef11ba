import { randomBytes } from 'node:crypto';
import type { Admin, Kafka, Producer } from 'kafkajs';
import type { AppConfig } from '../../src/config/app-config.js';
import type { StreamName } from '../../src/domain/stream.js';
import { createConsumer } from '../../src/service/clients.js';
import type { ServiceConfig } from '../../src/service/service-config.js';
import { produceAll } from '../../src/sinks/kafka-producer.js';
import { simulate } from '../../src/simulate/simulate.js';

export const BENCH_STREAMS: readonly StreamName[] = ['hotline', 'dispute', 'cases'];

/** Simulated records as Kafka values (no `stream` field: the topic says it). */
export interface BenchInput {
  /** Every record in arrival order, with its stream. */
  readonly ordered: readonly { readonly stream: StreamName; readonly value: string }[];
  readonly byStream: Readonly<Record<StreamName, readonly string[]>>;
}

export function benchInput(config: AppConfig, days: number, scale: number): BenchInput {
  const { records } = simulate({ seed: 42, start: '2026-03-01', days, scale }, config);
  const byStream: Record<StreamName, string[]> = { hotline: [], dispute: [], cases: [] };
  const ordered = records.map(({ stream, ...fields }) => {
    const value = JSON.stringify(fields);
    byStream[stream].push(value);
    return { stream, value };
  });
  return { ordered, byStream };
}

export interface BenchTopics {
  readonly hotline: string;
  readonly dispute: string;
  readonly cases: string;
  readonly alerts: string;
  readonly deadLetter: string;
}

/** Random suffix for topics, groups and Redis namespaces: a run never meets an earlier one. */
export function uniqueName(prefix: string): string {
  return `${prefix}-${randomBytes(5).toString('hex')}`;
}

export function benchTopics(prefix: string): BenchTopics {
  return { hotline: `${prefix}.hotline`, dispute: `${prefix}.dispute`, cases: `${prefix}.cases`, alerts: `${prefix}.alerts`, deadLetter: `${prefix}.dead-letter` };
}

/** One partition per topic: the service keeps one engine per stream partition, see README. */
export async function createBenchTopics(admin: Admin, topics: BenchTopics): Promise<void> {
  await admin.createTopics({
    topics: Object.values(topics).map((topic) => ({ topic, numPartitions: 1, replicationFactor: 1 })),
    waitForLeaders: true,
    timeout: 30_000,
  });
}

/** Produces every record to its stream's topic; resolves when the broker acknowledged all. */
export async function produceInput(producer: Producer, topics: BenchTopics, input: BenchInput): Promise<void> {
  for (const stream of BENCH_STREAMS) {
    await produceAll(producer, 'bench', topics[stream], input.byStream[stream].map((value) => ({ value })));
  }
}

/**
 * The floor: a kafkajs consumer with the service's fetch settings, in its own group, that only
 * counts messages (eachBatch, auto-resolve and auto-commit as kafkajs defaults). Timed from
 * the first batch to the last message, so the group join is not counted.
 */
export async function bareConsume(kafka: Kafka, service: ServiceConfig, topics: readonly string[], total: number): Promise<number> {
  const consumer = createConsumer(kafka, service);
  await consumer.connect();
  await consumer.subscribe({ topics: [...topics], fromBeginning: true });
  let count = 0;
  let started: number | undefined;
  const done = new Promise<number>((resolve) => {
    void consumer.run({
      eachBatch: async ({ batch }) => {
        started ??= performance.now();
        count += batch.messages.length;
        if (count >= total) resolve(performance.now() - started);
      },
    });
  });
  const ms = await done;
  await consumer.disconnect();
  return ms;
}
