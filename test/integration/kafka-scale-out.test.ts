import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Admin, Kafka, Message, Producer } from 'kafkajs';
import { Redis } from 'ioredis';
import type { AppConfig } from '../../src/config/app-config.js';
import { RegionIndex } from '../../src/config/region-index.js';
import type { Alert } from '../../src/domain/alert.js';
import type { StreamName } from '../../src/domain/stream.js';
import type { EngineStats } from '../../src/pipeline/engine-stats.js';
import { shardLocalConfig } from '../../src/service/shard-local-config.js';
import { loadEngine } from '../../src/state/engine-persistence.js';
import { RedisStore } from '../../src/state/redis-store.js';
import { createKafka, createProducer, createTopics } from './support/kafka-helpers.js';
import { kafkaBrokers, redisUrl } from './support/services.js';
import {
  byIdAndSequence,
  cleanUpServiceTest,
  committedAtEnd,
  committedOffsets,
  defaultAppConfig,
  produceInOrder,
  readTopic,
  replayReference,
  serviceEnv,
  simulatedInput,
  uniqueServiceNames,
} from './support/service-fixtures.js';
import { exitWithin, spawnService, type ServiceProcess } from './support/service-process.js';
import { waitFor } from './support/wait-for.js';

const brokers = await kafkaBrokers();
const redis = await redisUrl();
const STREAMS: readonly StreamName[] = ['hotline', 'dispute', 'cases'];
const PARTITIONS = 2;

/** The pino lines of a service process with this message. */
function logLines(service: ServiceProcess, msg: string): Record<string, unknown>[] {
  return service
    .output()
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as Record<string, unknown>)
    .filter((entry) => entry.msg === msg);
}

/** The shards (partition numbers) of the last group join a service logged, or undefined before one. */
function shardsHeld(service: ServiceProcess): number[] | undefined {
  return logLines(service, 'shards assigned').at(-1)?.shards as number[] | undefined;
}

describe.skipIf(brokers === undefined || redis === undefined)('two service instances over co-partitioned topics', { timeout: 120_000 }, () => {
  const names = uniqueServiceNames('scale');
  const inputTopics = [names.topics.hotline, names.topics.dispute, names.topics.cases];
  let config: AppConfig;
  let kafka: Kafka;
  let admin: Admin;
  let producer: Producer;
  /** Per stream, the messages as a producer keyed by street code sends them, with the partition of the street. */
  const messages: Record<StreamName, (Message & { partition: number })[]> = { hotline: [], dispute: [], cases: [] };
  /** Per shard, the JSONL lines of its partition, in order: what its engine sees. */
  const linesOfShard: string[][] = Array.from({ length: PARTITIONS }, () => []);
  /** All lines in arrival order. */
  let lines: readonly string[] = [];
  const processes: ServiceProcess[] = [];

  const start = () => {
    if (brokers === undefined || redis === undefined) throw new Error('unreachable');
    const service = spawnService(
      serviceEnv(brokers, redis, names, { EWS_BATCH_MAX_RECORDS: '200', KAFKA_SESSION_TIMEOUT_MS: '6000', KAFKA_HEARTBEAT_INTERVAL_MS: '500', EWS_LOG_LEVEL: 'info' }),
    );
    processes.push(service);
    return service;
  };

  beforeAll(async () => {
    if (brokers === undefined || redis === undefined) throw new Error('unreachable: skipped without services');
    config = defaultAppConfig();
    const regions = new RegionIndex(config.regions);
    const streets = regions.root.code;
    const input = simulatedInput(config);
    lines = input.lines;
    // Keyed by street code; partition = the street's position under the district, modulo 2.
    const streetCodes = (config.regions.root.children ?? []).map((street) => street.code);
    for (const line of input.lines) {
      const { stream, ...fields } = JSON.parse(line) as { stream: StreamName; regionCode: string };
      const chain = regions.get(fields.regionCode)?.chain ?? [streets];
      const street = chain.at(-2) ?? streets; // the district itself for a district-level record
      const partition = Math.max(0, streetCodes.indexOf(street)) % PARTITIONS;
      messages[stream].push({ key: street, value: JSON.stringify(fields), partition });
      linesOfShard[partition]!.push(line);
    }
    kafka = createKafka(brokers);
    admin = kafka.admin();
    await admin.connect();
    await createTopics(admin, [
      ...inputTopics.map((topic) => ({ topic, numPartitions: PARTITIONS })),
      { topic: names.topics.alerts, numPartitions: 3 },
      { topic: names.topics.deadLetter, numPartitions: 3 },
    ]);
    producer = createProducer(kafka, { idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
  }, 60_000);

  afterAll(() => cleanUpServiceTest({ processes, producer, admin, names, redisUrl: redis }), 60_000);

  it('each instance owns one shard; one killed mid-stream, the other takes its shard over from Redis: the alerts of a single-instance run', async () => {
    if (redis === undefined) throw new Error('unreachable');
    const started = performance.now();
    const total = STREAMS.reduce((sum, stream) => sum + messages[stream].length, 0);

    // 1. Two members of one group: each gets one partition number of every topic.
    const first = start();
    await waitFor(() => shardsHeld(first)?.length === PARTITIONS, { timeoutMs: 30_000, message: `first instance joined; output:\n${first.output().slice(-3000)}` });
    const second = start();
    await waitFor(() => shardsHeld(first)?.length === 1 && shardsHeld(second)?.length === 1, {
      timeoutMs: 30_000,
      message: `one shard each; output:\n${first.output().slice(-3000)}\n${second.output().slice(-3000)}`,
    });
    expect([...shardsHeld(first)!, ...shardsHeld(second)!].sort()).toEqual([0, 1]);
    const victim = shardsHeld(second)![0]!;

    // 2. The input arrives; the instance holding shard `victim` dies without warning mid-stream.
    for (const stream of STREAMS) await produceInOrder(producer, names.topics[stream], messages[stream]);
    const ofVictim = STREAMS.reduce((sum, stream) => sum + messages[stream].filter((m) => m.partition === victim).length, 0);
    const victimCommitted = async () => {
      const offsets = await committedOffsets(admin, names.groupId, inputTopics);
      return Object.entries(offsets).reduce((sum, [key, offset]) => sum + (key.endsWith(`/${victim}`) ? Math.max(0, Number(offset)) : 0), 0);
    };
    await waitFor(async () => (await victimCommitted()) >= ofVictim * 0.3, { timeoutMs: 40_000, intervalMs: 50, message: 'a third of the shard committed' });
    second.child.kill('SIGKILL');
    expect((await exitWithin(second, 10_000)).signal).toBe('SIGKILL');
    const atKill = await victimCommitted();
    expect(atKill).toBeLessThan(ofVictim);
    const victimSaved = logLines(second, 'shard state restored').length;
    expect(victimSaved).toBe(1); // it loaded its shard once, fresh

    // 3. The survivor takes the shard over (after the session timeout) from Redis and finishes.
    await waitFor(() => committedAtEnd(admin, names.groupId, inputTopics), { timeoutMs: 60_000, intervalMs: 200, message: `everything committed; output:\n${first.output().slice(-4000)}` });
    const takeover = logLines(first, 'shard state restored').filter((entry) => entry.shard === victim);
    expect(takeover).toHaveLength(1);
    expect(takeover[0]!.received).toBeGreaterThan(0); // restored, not started afresh
    expect(shardsHeld(first)).toEqual([0, 1]);
    first.child.kill('SIGTERM');
    expect(await exitWithin(first, 20_000), first.output().slice(-3000)).toEqual({ code: 0, signal: null });
    const elapsed = performance.now() - started;

    // The reference: one engine per shard over the records of its partition (a single instance
    // holding both shards runs exactly these), district-level series left out.
    const local = shardLocalConfig(config).config;
    const references = await Promise.all(linesOfShard.map((shardLines) => replayReference(local, shardLines)));
    const expected = byIdAndSequence(references.flatMap((r) => r.streamed.map((c) => c.alert)));
    expect(expected.size).toBeGreaterThan(10);
    expect([...expected.values()].some((alert) => alert.region.level === config.regions.root.level)).toBe(false);

    const alerts = (await readTopic(kafka, admin, names.topics.alerts)).map((r) => JSON.parse(r.value?.toString('utf8') ?? 'null') as Alert);
    for (const alert of alerts) expect(alert).toEqual(expected.get(`${alert.id}#${alert.sequence}`));
    expect(byIdAndSequence(alerts)).toEqual(expected);
    expect(await readTopic(kafka, admin, names.topics.deadLetter)).toHaveLength(0);

    // Every record counted exactly once, in its shard's saved state.
    const client = new Redis(redis);
    const saved: EngineStats[] = [];
    for (let shard = 0; shard < PARTITIONS; shard++) saved.push((await loadEngine({ config: local }, new RedisStore(client, `${names.namespace}:p${shard}`))).stats);
    await client.quit();
    expect(saved).toEqual(references.map((r) => r.stats));

    // For the record: how the shards' alerts compare with one unsharded engine over everything.
    const unsharded = byIdAndSequence((await replayReference(config, lines)).streamed.map((c) => c.alert));
    const sameIds = [...expected.keys()].filter((key) => unsharded.has(key)).length;
    console.info(
      `scale-out: ${total} records over ${PARTITIONS} partitions, shard ${victim} taken over after a SIGKILL at ${atKill}/${ofVictim} of its records committed; ${alerts.length} alert records for ${expected.size} changes (${sameIds} of them among the ${unsharded.size} changes of one unsharded engine); ${Math.round(elapsed)} ms`,
    );
  });
});
