import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Message } from 'kafkajs';
import { ALERT_SCHEMA_VERSION, type Alert } from '../../src/domain/alert.js';
import { startService, type RunningService } from '../../src/service/run-service.js';
import { DEAD_LETTER_HEADERS } from '../../src/sinks/kafka-dead-letter-sink.js';
import { KAFKA_POSITIONS_KEY } from '../../src/sources/kafka-source.js';
import { kafkaBrokers, redisUrl } from './support/services.js';
import {
  accountedFor,
  byIdAndSequence,
  cleanUpServiceTest,
  committedAtEnd,
  committedOffsets,
  produceInOrder,
  readTopic,
  type ServiceTest,
  setupServiceTest,
  silentLogger,
  testServiceConfig,
  totalReceived,
  uniqueServiceNames,
} from './support/service-fixtures.js';
import { waitFor } from './support/wait-for.js';
import { Redis } from 'ioredis';

const brokers = await kafkaBrokers();
const redis = await redisUrl();

/** Records that must be dead-lettered, placed among the good ones of their topic. */
const BAD_HOTLINE = [
  { key: 'bad-json', value: '{"id": "broken", "receivedAt": ', reason: 'invalid_json' },
  { key: 'bad-schema', value: JSON.stringify({ id: 'x-1', receivedAt: 'yesterday', regionCode: '440307001', category: 'noise', channel: 'fax', text: '噪音' }), reason: 'schema_violation' },
  { key: 'tombstone', value: null, reason: 'empty_value' },
  { key: 'bad-region', value: JSON.stringify({ id: 'x-2', receivedAt: '2026-03-10T09:00:00+08:00', regionCode: '999999', category: 'noise', channel: 'app', text: '噪音' }), reason: 'unknown_region' },
] as const;
const BAD_CASES = [{ key: 'bad-count', value: JSON.stringify({ id: 'x-3', periodStart: '2026-03-10T00:00:00+08:00', periodEnd: '2026-03-11T00:00:00+08:00', regionCode: '440307001', category: 'fire', count: -2 }), reason: 'schema_violation' }] as const;
const BAD_COUNT = BAD_HOTLINE.length + BAD_CASES.length;

describe.skipIf(brokers === undefined || redis === undefined)('service pipeline on a real broker and Redis', { timeout: 90_000 }, () => {
  const names = uniqueServiceNames('pipeline');
  let setup: ServiceTest;
  let service: RunningService | undefined;
  const inputTopics = [names.topics.hotline, names.topics.dispute, names.topics.cases];

  beforeAll(async () => {
    if (brokers === undefined || redis === undefined) throw new Error('unreachable: skipped without services');
    setup = await setupServiceTest(brokers, names);
  }, 60_000);

  afterAll(async () => {
    await service?.stop('test done');
    await cleanUpServiceTest({ producer: setup?.producer, admin: setup?.admin, names, redisUrl: redis });
  }, 60_000);

  it('turns the three topics into the alerts a replay of the same records gives, dead-letters bad records, commits every offset', async () => {
    if (brokers === undefined || redis === undefined) throw new Error('unreachable');
    const { config, input, reference, kafka, admin, producer } = setup;
    const started = performance.now();
    // Bad records in the middle of the good ones, with headers of their own.
    const half = (values: string[]) => Math.floor(values.length / 2);
    const hotline: Message[] = input.byStream.hotline.map((value, i) => ({ key: `h-${i}`, value }));
    hotline.splice(half(input.byStream.hotline), 0, ...BAD_HOTLINE.map((b) => ({ key: b.key, value: b.value, headers: { producer: 'test' } })));
    const cases: Message[] = input.byStream.cases.map((value, i) => ({ key: `c-${i}`, value }));
    cases.splice(half(input.byStream.cases), 0, ...BAD_CASES.map((b) => ({ key: b.key, value: b.value })));
    await produceInOrder(producer, names.topics.hotline, hotline);
    await produceInOrder(producer, names.topics.dispute, input.byStream.dispute.map((value, i) => ({ key: `d-${i}`, value })));
    await produceInOrder(producer, names.topics.cases, cases);
    const total = hotline.length + input.byStream.dispute.length + cases.length;

    service = await startService({ appConfig: config, service: testServiceConfig(brokers, redis, names), logger: silentLogger });
    await waitFor(() => committedAtEnd(admin, names.groupId, inputTopics), { timeoutMs: 60_000, intervalMs: 200, message: 'every input offset committed' });
    const processedMs = performance.now() - started;

    // Alerts: acknowledged before their offsets were committed, so all are on the topic now.
    const alertRecords = await readTopic(kafka, admin, names.topics.alerts);
    const alerts = alertRecords.map((r) => JSON.parse(r.value?.toString('utf8') ?? 'null') as Alert);
    const expected = reference.streamed.map((c) => c.alert);
    expect(expected.length).toBeGreaterThan(20);
    expect(alerts).toHaveLength(expected.length); // no failure, so no redelivery: exactly once
    expect(byIdAndSequence(alerts)).toEqual(byIdAndSequence(expected));
    expect(new Set(alerts.map((a) => a.stream))).toEqual(new Set(expected.map((a) => a.stream)));
    for (const record of alertRecords) {
      const alert = JSON.parse(record.value?.toString('utf8') ?? 'null') as Alert;
      expect(record.key?.toString()).toBe(alert.seriesKey);
      expect(record.headers['schema-version']?.toString()).toBe(String(ALERT_SCHEMA_VERSION));
    }
    // A series' changes keep their order (same key, same partition).
    const sequences = new Map<string, number[]>();
    for (const a of alerts) sequences.set(a.id, [...(sequences.get(a.id) ?? []), a.sequence]);
    for (const seq of sequences.values()) expect(seq).toEqual([...seq].sort((x, y) => x - y));

    // Dead letters: the original bytes and key, where they came from and why.
    const letters = await readTopic(kafka, admin, names.topics.deadLetter);
    expect(letters).toHaveLength(BAD_COUNT);
    const originals = new Map<string, { value: Buffer | null; key: Buffer | null }>();
    for (const topic of [names.topics.hotline, names.topics.cases]) {
      for (const r of await readTopic(kafka, admin, topic)) originals.set(`${topic}/${r.partition}@${r.offset}`, r);
    }
    for (const bad of [...BAD_HOTLINE.map((b) => ({ ...b, topic: names.topics.hotline })), ...BAD_CASES.map((b) => ({ ...b, topic: names.topics.cases }))]) {
      const letter = letters.find((l) => l.key?.toString() === bad.key);
      expect(letter, bad.key).toBeDefined();
      const h = (name: string) => letter?.headers[name]?.toString();
      expect(h(DEAD_LETTER_HEADERS.reason)).toBe(bad.reason);
      expect(h(DEAD_LETTER_HEADERS.sourceTopic)).toBe(bad.topic);
      const details = JSON.parse(h(DEAD_LETTER_HEADERS.details) ?? 'null') as unknown;
      expect(Array.isArray(details) && details.length > 0 && details.every((d) => typeof d === 'string')).toBe(true);
      if (bad.value === null) expect(letter?.value).toBeNull();
      else expect(letter?.value?.toString('utf8')).toBe(bad.value);
      const original = originals.get(`${bad.topic}/${h(DEAD_LETTER_HEADERS.sourcePartition)}@${h(DEAD_LETTER_HEADERS.sourceOffset)}`);
      expect(original?.key?.toString()).toBe(bad.key);
      expect(original?.value?.equals(letter?.value ?? Buffer.alloc(0)) ?? letter?.value === null).toBe(true);
      if (bad.topic === names.topics.hotline) expect(h('producer')).toBe('test'); // the original headers travel along
    }

    // Every record counted once: the replay's counts plus the bad records, nothing else.
    const stats = service.engine.stats;
    expect(totalReceived(stats)).toBe(total);
    expect(accountedFor(stats)).toBe(total);
    expect(stats.hotline.accepted).toBe(reference.stats.hotline.accepted);
    expect(stats.dispute.accepted).toBe(reference.stats.dispute.accepted);
    expect(stats.cases.accepted + stats.cases.revised).toBe(reference.stats.cases.accepted + reference.stats.cases.revised);
    expect(stats.hotline.rejected.invalid_json).toBe(1);
    expect(stats.hotline.rejected.empty_value).toBe(1);
    expect(stats.hotline.rejected.schema_violation).toBe(1);
    expect(stats.hotline.rejected.unknown_region).toBe(1);
    expect(stats.cases.rejected.schema_violation).toBe(1);

    // Committed offsets are the end offsets, and the state saved in Redis says the same.
    const committed = await committedOffsets(admin, names.groupId, inputTopics);
    const ends: Record<string, string> = {};
    for (const topic of inputTopics) for (const { partition, high } of await admin.fetchTopicOffsets(topic)) ends[`${topic}/${partition}`] = high;
    expect(committed).toEqual(ends);
    const client = new Redis(redis);
    const saved = JSON.parse((await client.get(`${names.namespace}:${KAFKA_POSITIONS_KEY}`)) ?? '{}') as Record<string, Record<string, string>>;
    await client.quit();
    expect(Object.fromEntries(Object.entries(saved).flatMap(([topic, parts]) => Object.entries(parts).map(([p, o]) => [`${topic}/${p}`, o])))).toEqual(ends);
    expect(service.health.ready).toBe(true);

    console.info(`pipeline: ${total} records -> ${alerts.length} alerts, ${letters.length} dead letters; consumed and committed in ${Math.round(processedMs)} ms`);
    expect(await service.stop('test done')).toBe(0);
  });
});
