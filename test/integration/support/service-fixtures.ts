/**
 * Shared pieces of the service integration tests: simulated input split by topic, the replay
 * reference it is compared with, reading a whole topic, and committed vs end offsets.
 */
import { join } from 'node:path';
import type { Admin, IHeaders, Kafka, Message, Producer } from 'kafkajs';
import { pino } from 'pino';
import { loadConfig } from '../../../src/config/load-config.js';
import type { AppConfig } from '../../../src/config/app-config.js';
import type { Alert, AlertChange } from '../../../src/domain/alert.js';
import type { StreamName } from '../../../src/domain/stream.js';
import type { EngineStats } from '../../../src/pipeline/engine-stats.js';
import { Engine } from '../../../src/pipeline/engine.js';
import { replay } from '../../../src/pipeline/replay.js';
import { ServiceConfig, type ServiceConfigInput } from '../../../src/service/service-config.js';
import type { AlertSink } from '../../../src/sinks/alert-sink.js';
import type { DeadLetter, DeadLetterSink } from '../../../src/sources/dead-letter.js';
import { simulate, type SimulateOptions } from '../../../src/simulate/simulate.js';
import { Redis } from 'ioredis';
import { createKafka, createProducer, createTopics, deleteTopics, secureRandom } from './kafka-helpers.js';
import type { ServiceProcess } from './service-process.js';
import { stopServiceContainers } from './services.js';

export const REPO_ROOT = join(import.meta.dirname, '..', '..', '..');
export const DEFAULT_CONFIG_PATH = join(REPO_ROOT, 'config', 'default.yaml');

export const silentLogger = pino({ level: 'silent' });

export function defaultAppConfig(): AppConfig {
  return loadConfig(DEFAULT_CONFIG_PATH).config;
}

/** Four weeks at a small scale: ~14k records, alerts on hotline and case series, in ~2 s of engine time. */
export const SIMULATION = { seed: 3, start: '2026-03-01', days: 28, scale: 0.04 } as const;

export interface SimulatedInput {
  /** JSONL lines with `stream`, in arrival order: what `replay` reads. */
  readonly lines: string[];
  /** Message values per stream (no `stream` field: the topic says it), in arrival order. */
  readonly byStream: Record<StreamName, string[]>;
}

export function simulatedInput(config: AppConfig, options: SimulateOptions = SIMULATION): SimulatedInput {
  const { records } = simulate(options, config);
  const byStream: Record<StreamName, string[]> = { hotline: [], dispute: [], cases: [] };
  const lines: string[] = [];
  for (const record of records) {
    const { stream, ...fields } = record;
    lines.push(JSON.stringify(record));
    byStream[stream].push(JSON.stringify(fields));
  }
  return { lines, byStream };
}

export interface ReplayReference {
  /** Alert changes produced while records were read: what a never-ending stream publishes. */
  readonly streamed: AlertChange[];
  /** Alert changes produced only by `finish()` at the end of the file (no Kafka equivalent). */
  readonly atEnd: AlertChange[];
  readonly stats: EngineStats;
}

/**
 * Runs `lines` through `src/pipeline/replay.ts` in process with a memory sink. A flush after
 * every line tells the changes caused by records from those of the final `finish()`.
 */
export async function replayReference(config: AppConfig, lines: readonly string[]): Promise<ReplayReference> {
  const streamed: AlertChange[] = [];
  const atEnd: AlertChange[] = [];
  let inputDone = false;
  const sink: AlertSink = {
    name: 'reference',
    async send(changes) {
      (inputDone ? atEnd : streamed).push(...changes);
    },
    async close() {},
  };
  const deadLetters: DeadLetterSink = { name: 'reference-rejects', async send(_letters: readonly DeadLetter[]) {}, async close() {} };
  async function* source() {
    for (const [index, line] of lines.entries()) yield { line, lineNumber: index + 1 };
    inputDone = true; // runs when replay asks for the line after the last, i.e. after its flush
  }
  const engine = new Engine({ config });
  const summary = await replay({ engine, lines: source(), sourceName: 'reference', sinks: [sink], deadLetters, batchSize: 1 });
  return { streamed, atEnd, stats: summary.stats };
}

/** Unique names for the five topics, a group and a Redis namespace. */
export function uniqueServiceNames(prefix: string) {
  const id = secureRandom();
  return {
    topics: {
      hotline: `${prefix}-hotline-${id}`,
      dispute: `${prefix}-dispute-${id}`,
      cases: `${prefix}-cases-${id}`,
      alerts: `${prefix}-alerts-${id}`,
      deadLetter: `${prefix}-dlq-${id}`,
    },
    groupId: `${prefix}-group-${id}`,
    namespace: `ews-test:${prefix}:${id}`,
  };
}
export type ServiceNames = ReturnType<typeof uniqueServiceNames>;

/**
 * Input topics with one partition each (the engine's watermark is per stream: one partition
 * keeps a stream's order, so the result can equal a replay of the same lines), and three
 * partitions for alerts and dead letters.
 */
export async function createServiceTopics(admin: Admin, names: ServiceNames): Promise<void> {
  const { topics } = names;
  await createTopics(admin, [
    { topic: topics.hotline, numPartitions: 1 },
    { topic: topics.dispute, numPartitions: 1 },
    { topic: topics.cases, numPartitions: 1 },
    { topic: topics.alerts, numPartitions: 3 },
    { topic: topics.deadLetter, numPartitions: 3 },
  ]);
}

/** Service settings for tests: fast retries and reconnects, small batches. */
export function testServiceConfig(brokers: string, redisUrl: string, names: ServiceNames, overrides: Partial<ServiceConfigInput> = {}): ServiceConfig {
  return ServiceConfig.parse({
    kafka: {
      brokers: brokers.split(',').map((b) => b.trim()),
      clientId: `ews-test-${secureRandom(4)}`,
      groupId: names.groupId,
      topics: names.topics,
      sessionTimeoutMs: 10_000,
      heartbeatIntervalMs: 1_000,
      retry: { initialRetryTimeMs: 200, maxRetryTimeMs: 1_000, retries: 5 },
    },
    redis: { url: redisUrl, namespace: names.namespace, commandTimeoutMs: 5_000, maxRetriesPerRequest: 1, reconnect: { initialDelayMs: 50, maxDelayMs: 500 } },
    batch: { maxRecords: 500 },
    logLevel: 'silent',
    ...overrides,
  });
}

/** The environment the `serve` child process reads for the same settings. */
export function serviceEnv(brokers: string, redisUrl: string, names: ServiceNames, extra: Record<string, string> = {}): Record<string, string> {
  return {
    KAFKA_BROKERS: brokers,
    KAFKA_CLIENT_ID: `ews-test-${secureRandom(4)}`,
    KAFKA_GROUP_ID: names.groupId,
    KAFKA_TOPIC_HOTLINE: names.topics.hotline,
    KAFKA_TOPIC_DISPUTES: names.topics.dispute,
    KAFKA_TOPIC_CASES: names.topics.cases,
    KAFKA_TOPIC_ALERTS: names.topics.alerts,
    KAFKA_TOPIC_DEAD_LETTER: names.topics.deadLetter,
    KAFKA_SESSION_TIMEOUT_MS: '10000',
    KAFKA_HEARTBEAT_INTERVAL_MS: '1000',
    KAFKA_RETRY_MAX_MS: '1000',
    REDIS_URL: redisUrl,
    REDIS_NAMESPACE: names.namespace,
    EWS_LOG_LEVEL: 'warn',
    // Loopback only, on a port the OS picks, unless a test asks for one.
    EWS_HTTP_HOST: '127.0.0.1',
    EWS_HTTP_PORT: '0',
    ...extra,
  };
}

export interface TopicRecord {
  readonly partition: number;
  readonly offset: string;
  readonly key: Buffer | null;
  readonly value: Buffer | null;
  readonly headers: IHeaders;
}

/**
 * Every record of `topic` up to its current end offsets, read by a throwaway group.
 * Call it once the producer side is done (the end offsets are taken at the start).
 */
export async function readTopic(kafka: Kafka, admin: Admin, topic: string): Promise<TopicRecord[]> {
  const ends = new Map((await admin.fetchTopicOffsets(topic)).map(({ partition, high, low }) => [partition, { high: BigInt(high), low: BigInt(low) }]));
  const total = [...ends.values()].reduce((sum, { high, low }) => sum + Number(high - low), 0);
  const records: TopicRecord[] = [];
  if (total === 0) return records;
  const consumer = kafka.consumer({ groupId: `reader-${secureRandom()}`, sessionTimeout: 10_000, heartbeatInterval: 1_000 });
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    const reached = new Set<number>();
    let resolveAll!: () => void;
    const all = new Promise<void>((resolve) => (resolveAll = resolve));
    for (const [partition, { high, low }] of ends) if (high === low) reached.add(partition);
    await consumer.run({
      eachMessage: async ({ partition, message }) => {
        const end = ends.get(partition)?.high ?? 0n;
        if (BigInt(message.offset) >= end) return;
        records.push({ partition, offset: message.offset, key: message.key, value: message.value, headers: message.headers ?? {} });
        if (BigInt(message.offset) + 1n === end) reached.add(partition);
        if (reached.size === ends.size) resolveAll();
      },
    });
    await Promise.race([all, new Promise((_, reject) => setTimeout(() => reject(new Error(`reading ${topic}: ${records.length} of ${total} records after 30 s`)), 30_000))]);
  } finally {
    await consumer.disconnect();
  }
  return records;
}

/** Committed offsets of `groupId` on `topics` equal their end offsets (everything consumed and committed). */
export async function committedAtEnd(admin: Admin, groupId: string, topics: readonly string[]): Promise<boolean> {
  const progress = await offsetProgress(admin, groupId, topics);
  return progress.committed === progress.end;
}

/** Sum over the topics' partitions of committed and end offsets. */
export async function offsetProgress(admin: Admin, groupId: string, topics: readonly string[]): Promise<{ committed: number; end: number }> {
  let committed = 0;
  let end = 0;
  const fetched = await admin.fetchOffsets({ groupId, topics: [...topics] });
  for (const { partitions } of fetched) for (const { offset } of partitions) committed += Math.max(0, Number(offset));
  for (const topic of topics) for (const { high } of await admin.fetchTopicOffsets(topic)) end += Number(high);
  return { committed, end };
}

/** Per topic-partition committed offsets as `topic/partition -> offset`. */
export async function committedOffsets(admin: Admin, groupId: string, topics: readonly string[]): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const { topic, partitions } of await admin.fetchOffsets({ groupId, topics: [...topics] })) {
    for (const { partition, offset } of partitions) out[`${topic}/${partition}`] = offset;
  }
  return out;
}

/** `(id, sequence)` -> alert, for comparing alert records regardless of order and partition. */
export function byIdAndSequence(alerts: Iterable<Alert>): Map<string, Alert> {
  const map = new Map<string, Alert>();
  for (const alert of alerts) map.set(`${alert.id}#${alert.sequence}`, alert);
  return map;
}

export function totalReceived(stats: EngineStats): number {
  return Object.values(stats).reduce((sum, s) => sum + s.received, 0);
}

/** Every received record ended somewhere: accepted, revised or one rejection reason. */
export function accountedFor(stats: EngineStats): number {
  return Object.values(stats).reduce((sum, s) => sum + s.accepted + s.revised + Object.values(s.rejected).reduce((a, b) => a + b, 0), 0);
}

/** Produces `messages` in order, a few hundred per request (the broker caps a request's size). */
export async function produceInOrder(producer: Producer, topic: string, messages: readonly Message[], perRequest = 500): Promise<void> {
  for (let i = 0; i < messages.length; i += perRequest) {
    await producer.send({ topic, acks: -1, messages: messages.slice(i, i + perRequest) });
  }
}

/**
 * Sets the committed offsets of `groupId` on single-partition `topics` back to `offset`, as if
 * the group had never committed past it (admin.setOffsets does the same, one topic at a time
 * and several seconds each). The group must have no other member.
 */
export async function rewindGroup(kafka: Kafka, groupId: string, topics: readonly string[], offset = '0'): Promise<void> {
  const consumer = kafka.consumer({ groupId, maxWaitTimeInMs: 100, sessionTimeout: 10_000, heartbeatInterval: 1_000 });
  let joined!: () => void;
  const isJoined = new Promise<void>((resolve) => (joined = resolve));
  consumer.on(consumer.events.GROUP_JOIN, () => joined());
  await consumer.connect();
  try {
    await consumer.subscribe({ topics: [...topics], fromBeginning: true });
    // Reads nothing for real: no offset is resolved and nothing is committed but the rewind.
    await consumer.run({ autoCommit: false, eachBatchAutoResolve: false, eachBatch: async () => {} });
    await isJoined;
    await consumer.commitOffsets(topics.map((topic) => ({ topic, partition: 0, offset })));
  } finally {
    await consumer.disconnect();
  }
}

/** What the beforeAll of a service test sets up: the input, its replay, and connected clients. */
export interface ServiceTest {
  readonly config: AppConfig;
  readonly input: SimulatedInput;
  /** What `replay` gives for `input`: the alerts and counts the service must match. */
  readonly reference: ReplayReference;
  readonly kafka: Kafka;
  readonly admin: Admin;
  /** Idempotent, one request in flight: records keep their order on a topic. */
  readonly producer: Producer;
}

/**
 * The beforeAll of a service test: default config, simulated input and its replay reference,
 * the five topics of `names`, and a connected admin and producer. If a step fails, what was
 * set up is torn down here (the afterAll never gets the clients).
 */
export async function setupServiceTest(brokers: string, names: ServiceNames, simulation: SimulateOptions = SIMULATION): Promise<ServiceTest> {
  const config = defaultAppConfig();
  const input = simulatedInput(config, simulation);
  const reference = await replayReference(config, input.lines);
  const kafka = createKafka(brokers);
  const admin = kafka.admin();
  const producer = createProducer(kafka, { idempotent: true, maxInFlightRequests: 1 });
  try {
    await admin.connect();
    await createServiceTopics(admin, names);
    await producer.connect();
  } catch (error) {
    await producer.disconnect();
    await deleteTopics(admin, Object.values(names.topics));
    await admin.disconnect();
    throw error;
  }
  return { config, input, reference, kafka, admin, producer };
}

/**
 * The afterAll of a service test: kills the spawned processes still running, then deletes
 * the test's topics and Redis keys (each step only if the test got that far).
 */
export async function cleanUpServiceTest(parts: {
  processes?: readonly ServiceProcess[];
  producer: Producer | undefined;
  admin: Admin | undefined;
  names: ServiceNames;
  redisUrl: string | undefined;
}): Promise<void> {
  const { processes = [], producer, admin, names, redisUrl } = parts;
  for (const p of processes) if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill('SIGKILL');
  await producer?.disconnect();
  if (admin !== undefined) {
    await deleteTopics(admin, Object.values(names.topics));
    await admin.disconnect();
  }
  if (redisUrl !== undefined) {
    const cleaner = new Redis(redisUrl);
    const keys = await cleaner.keys(`${names.namespace}:*`);
    if (keys.length > 0) await cleaner.del(...keys);
    await cleaner.quit();
  }
  await stopServiceContainers();
}
