import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import type { Admin, Kafka, Producer } from 'kafkajs';
import type { AppConfig } from '../../src/config/app-config.js';
import type { Alert } from '../../src/domain/alert.js';
import type { StreamName } from '../../src/domain/stream.js';
import { BENCH_STREAMS, type BenchInput, type BenchTopics } from './bench-topics.js';
import { ClosingRecords, eventTimeOf } from './closing-record.js';

export interface PacedRunOptions {
  readonly kafka: Kafka;
  readonly admin: Admin;
  readonly producer: Producer;
  readonly appConfig: AppConfig;
  /** `node <cli> serve --config <configPath>`: the service as operators run it. */
  readonly cli: string;
  readonly configPath: string;
  readonly env: Readonly<Record<string, string>>;
  readonly topics: BenchTopics;
  readonly groupId: string;
  readonly input: BenchInput;
  /** Wall-clock length of the run: event time is replayed at (event span / seconds) x real time. */
  readonly seconds: number;
}

export interface PacedRun {
  readonly records: number;
  readonly sendSeconds: number;
  readonly alerts: number;
  /** Event-to-alert latency (ms) of each alert matched to the record that closed its window. */
  readonly latencies: number[];
  /** Alerts about a revised window (caused by the revision record, not by a window closing). */
  readonly revised: number;
  readonly unmatched: number;
}

/**
 * The latency run: the service runs as its own process (`weak-signal serve`), records are
 * produced at a steady pace in event time while it consumes, and a separate consumer reads the
 * alerts topic. For each alert: arrival on the alerts topic minus the broker's acknowledgement
 * of the record that closed its window (see ClosingRecords).
 */
export async function pacedRun(options: PacedRunOptions): Promise<PacedRun> {
  const { input, topics } = options;
  const port = await freePort();
  const service = spawn(process.execPath, [options.cli, 'serve', '--config', options.configPath], {
    env: { PATH: process.env['PATH'] ?? '', ...options.env, EWS_HTTP_HOST: '127.0.0.1', EWS_HTTP_PORT: String(port) },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  try {
    await waitReady(port, service);
    const arrivals: { alert: Alert; at: number }[] = [];
    const alertConsumer = options.kafka.consumer({ groupId: `${options.groupId}-alerts`, maxWaitTimeInMs: 100 });
    await alertConsumer.connect();
    await alertConsumer.subscribe({ topic: topics.alerts, fromBeginning: true });
    const joined = new Promise<void>((resolve) => alertConsumer.on(alertConsumer.events.GROUP_JOIN, () => resolve()));
    await alertConsumer.run({
      eachBatch: async ({ batch }) => {
        const at = performance.now();
        for (const message of batch.messages) arrivals.push({ alert: JSON.parse(message.value?.toString('utf8') ?? 'null') as Alert, at });
      },
    });
    await joined;

    const acks = await producePaced(options.producer, topics, input, options.seconds);
    await waitCommitted(options.admin, options.groupId, BENCH_STREAMS.map((s) => topics[s]));
    await quiet(() => arrivals.length, 2_000);
    await alertConsumer.disconnect();

    const closing = Object.fromEntries(
      BENCH_STREAMS.map((s) => [s, new ClosingRecords(input.byStream[s].map((value) => eventTimeOf(s, value)))]),
    ) as Record<StreamName, ClosingRecords>;
    const latencies: number[] = [];
    let revised = 0;
    let unmatched = 0;
    for (const { alert, at } of arrivals) {
      if (alert.revised) {
        revised += 1;
        continue;
      }
      const lateness = options.appConfig.windowing.allowedLatenessMinutes[alert.stream] * 60_000;
      const index = closing[alert.stream].indexOf(Date.parse(alert.window.end), lateness);
      const acked = index === undefined ? undefined : acks.byStream[alert.stream][index];
      if (acked === undefined) unmatched += 1;
      else latencies.push(at - acked);
    }
    return { records: input.ordered.length, sendSeconds: acks.seconds, alerts: arrivals.length, latencies, revised, unmatched };
  } finally {
    service.kill('SIGTERM');
    if (service.exitCode === null) await once(service, 'exit');
  }
}

const TICK_MS = 20;
/** Bytes of one produce request, below the broker's default 1 MiB `message.max.bytes`. */
const MAX_SEND_BYTES = 512 * 1024;

/**
 * Sends the records in arrival order, each when the wall clock reaches its place in event
 * time (the running maximum of event times, scaled to `seconds`): one produce request per tick
 * for everything due, split when it would pass MAX_SEND_BYTES. Returns, per stream and
 * record, when the broker acknowledged it.
 */
async function producePaced(producer: Producer, topics: BenchTopics, input: BenchInput, seconds: number): Promise<{ byStream: Record<StreamName, number[]>; seconds: number }> {
  const due: number[] = [];
  let max = -Infinity;
  for (const { stream, value } of input.ordered) {
    max = Math.max(max, eventTimeOf(stream, value));
    due.push(max);
  }
  const first = due[0] ?? 0;
  const scale = (seconds * 1000) / Math.max(1, (due[due.length - 1] ?? 0) - first);
  const byStream: Record<StreamName, number[]> = { hotline: [], dispute: [], cases: [] };
  const started = performance.now();
  let next = 0;
  while (next < input.ordered.length) {
    const now = performance.now() - started;
    let end = next;
    let bytes = 0;
    while (end < input.ordered.length && (due[end]! - first) * scale <= now && bytes < MAX_SEND_BYTES) bytes += Buffer.byteLength(input.ordered[end++]!.value) + 64;
    if (end === next) {
      await new Promise((resolve) => setTimeout(resolve, TICK_MS));
      continue;
    }
    const chunk = input.ordered.slice(next, end);
    const topicMessages = BENCH_STREAMS.map((s) => ({ topic: topics[s], messages: chunk.filter((r) => r.stream === s).map((r) => ({ value: r.value })) })).filter(
      (t) => t.messages.length > 0,
    );
    await producer.sendBatch({ topicMessages, acks: -1 });
    const acked = performance.now();
    for (const record of chunk) byStream[record.stream].push(acked);
    next = end;
  }
  return { byStream, seconds: (performance.now() - started) / 1000 };
}

async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  server.close();
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

async function waitReady(port: number, service: ChildProcess): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (service.exitCode !== null) throw new Error(`the service exited with ${service.exitCode} before it was ready`);
    const ok = await fetch(`http://127.0.0.1:${port}/readyz`).then((r) => r.ok, () => false);
    if (ok) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error('the service was not ready within 60 s');
}

/** Waits until the group's committed offsets reach the end of every topic. */
async function waitCommitted(admin: Admin, groupId: string, topics: readonly string[]): Promise<void> {
  for (;;) {
    const ends = new Map<string, string>();
    for (const topic of topics) for (const { partition, high } of await admin.fetchTopicOffsets(topic)) ends.set(`${topic}/${partition}`, high);
    const committed = await admin.fetchOffsets({ groupId, topics: [...topics] });
    const behind = committed.some(({ topic, partitions }) => partitions.some((p) => p.offset !== ends.get(`${topic}/${p.partition}`)));
    if (!behind) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** Waits until `count()` has not grown for `ms`. */
async function quiet(count: () => number, ms: number): Promise<void> {
  let last = -1;
  while (count() !== last) {
    last = count();
    await new Promise((resolve) => setTimeout(resolve, ms));
  }
}
