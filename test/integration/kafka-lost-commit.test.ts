import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Admin, Kafka } from 'kafkajs';
import { Redis } from 'ioredis';
import type { StreamName } from '../../src/domain/stream.js';
import { startService } from '../../src/service/run-service.js';
import { createKafka, createProducer, deleteTopics } from './support/kafka-helpers.js';
import { kafkaBrokers, redisUrl, stopServiceContainers } from './support/services.js';
import {
  committedAtEnd,
  createServiceTopics,
  defaultAppConfig,
  produceInOrder,
  readTopic,
  rewindGroup,
  SIMULATION,
  simulatedInput,
  silentLogger,
  testServiceConfig,
  totalReceived,
  uniqueServiceNames,
} from './support/service-fixtures.js';
import { waitFor } from './support/wait-for.js';

const brokers = await kafkaBrokers();
const redis = await redisUrl();
const STREAMS: readonly StreamName[] = ['hotline', 'dispute', 'cases'];

/**
 * The crash window between "state saved" and "offsets committed" (kafka-source.ts), made
 * deterministic: a run commits everything, then the group's offsets are rewound to 0.
 */
describe.skipIf(brokers === undefined || redis === undefined)('service restarted after its state was saved but its offsets were not committed', { timeout: 90_000 }, () => {
  const names = uniqueServiceNames('lostcommit');
  const inputTopics = [names.topics.hotline, names.topics.dispute, names.topics.cases];
  let kafka: Kafka;
  let admin: Admin;

  beforeAll(async () => {
    if (brokers === undefined) throw new Error('unreachable: skipped without services');
    kafka = createKafka(brokers);
    admin = kafka.admin();
    await admin.connect();
    await createServiceTopics(admin, names);
  }, 60_000);

  afterAll(async () => {
    if (admin !== undefined) {
      await deleteTopics(admin, Object.values(names.topics));
      await admin.disconnect();
    }
    if (redis !== undefined) {
      const cleaner = new Redis(redis);
      const keys = await cleaner.keys(`${names.namespace}:*`);
      if (keys.length > 0) await cleaner.del(...keys);
      await cleaner.quit();
    }
    await stopServiceContainers();
  }, 60_000);

  it('skips the redelivered records (the saved positions say they are in the state): nothing counted twice, no alert repeated', async () => {
    if (brokers === undefined || redis === undefined) throw new Error('unreachable');
    const config = defaultAppConfig();
    const input = simulatedInput(config, { ...SIMULATION, days: 14 });
    const producer = createProducer(kafka, { idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    for (const stream of STREAMS) await produceInOrder(producer, names.topics[stream], input.byStream[stream].map((value) => ({ key: stream, value })));
    await producer.disconnect();
    const settings = testServiceConfig(brokers, redis, names);

    const first = await startService({ appConfig: config, service: settings, logger: silentLogger });
    await waitFor(() => committedAtEnd(admin, names.groupId, inputTopics), { timeoutMs: 60_000, intervalMs: 200, message: 'first run committed' });
    expect(await first.stop('test')).toBe(0);
    const stats = structuredClone(first.engine.stats);
    expect(totalReceived(stats)).toBe(input.lines.length);
    const alertsBefore = (await readTopic(kafka, admin, names.topics.alerts)).length;
    expect(alertsBefore).toBeGreaterThan(0);

    // The crash window between "state saved" and "offsets committed", at its widest: no commit at all.
    await rewindGroup(kafka, names.groupId, inputTopics);
    expect(await committedAtEnd(admin, names.groupId, inputTopics)).toBe(false);

    const second = await startService({ appConfig: config, service: settings, logger: silentLogger });
    await waitFor(() => committedAtEnd(admin, names.groupId, inputTopics), { timeoutMs: 60_000, intervalMs: 200, message: 'redelivered records committed' });
    expect(await second.stop('test')).toBe(0);
    expect(second.engine.stats).toEqual(stats);
    expect((await readTopic(kafka, admin, names.topics.alerts)).length).toBe(alertsBefore);
    expect(await readTopic(kafka, admin, names.topics.deadLetter)).toHaveLength(0);
  });
});
