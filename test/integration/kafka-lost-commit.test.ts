import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StreamName } from '../../src/domain/stream.js';
import { startService } from '../../src/service/run-service.js';
import { kafkaBrokers, redisUrl } from './support/services.js';
import {
  cleanUpServiceTest,
  committedAtEnd,
  produceInOrder,
  readTopic,
  rewindGroup,
  type ServiceTest,
  setupServiceTest,
  SIMULATION,
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
  let setup: ServiceTest;

  beforeAll(async () => {
    if (brokers === undefined) throw new Error('unreachable: skipped without services');
    setup = await setupServiceTest(brokers, names, { ...SIMULATION, days: 14 });
  }, 60_000);

  afterAll(() => cleanUpServiceTest({ producer: setup?.producer, admin: setup?.admin, names, redisUrl: redis }), 60_000);

  it('skips the redelivered records (the saved positions say they are in the state): nothing counted twice, no alert repeated', async () => {
    if (brokers === undefined || redis === undefined) throw new Error('unreachable');
    const { config, input, kafka, admin, producer } = setup;
    for (const stream of STREAMS) await produceInOrder(producer, names.topics[stream], input.byStream[stream].map((value) => ({ key: stream, value })));
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
