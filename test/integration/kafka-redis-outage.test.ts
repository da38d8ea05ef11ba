import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import type { Alert } from '../../src/domain/alert.js';
import type { StreamName } from '../../src/domain/stream.js';
import { startService, type RunningService } from '../../src/service/run-service.js';
import { loadEngine } from '../../src/state/engine-persistence.js';
import { RedisStore } from '../../src/state/redis-store.js';
import { kafkaBrokers, redisUrl } from './support/services.js';
import {
  byIdAndSequence,
  cleanUpServiceTest,
  committedAtEnd,
  offsetProgress,
  produceInOrder,
  readTopic,
  type ServiceTest,
  setupServiceTest,
  silentLogger,
  testServiceConfig,
  totalReceived,
  uniqueServiceNames,
} from './support/service-fixtures.js';
import { TcpProxy } from './support/tcp-proxy.js';
import { waitFor } from './support/wait-for.js';

const brokers = await kafkaBrokers();
const redis = await redisUrl();
const STREAMS: readonly StreamName[] = ['hotline', 'dispute', 'cases'];

describe.skipIf(brokers === undefined || redis === undefined)('service with Redis going away under load', { timeout: 90_000 }, () => {
  const names = uniqueServiceNames('outage');
  let setup: ServiceTest;
  let proxy: TcpProxy;
  let service: RunningService | undefined;
  const inputTopics = [names.topics.hotline, names.topics.dispute, names.topics.cases];

  beforeAll(async () => {
    if (brokers === undefined || redis === undefined) throw new Error('unreachable: skipped without services');
    setup = await setupServiceTest(brokers, names);
    proxy = await TcpProxy.start(new URL(redis));
  }, 60_000);

  afterAll(async () => {
    await proxy?.restore();
    await service?.stop('test done');
    await proxy?.close();
    await cleanUpServiceTest({ producer: setup?.producer, admin: setup?.admin, names, redisUrl: redis });
  }, 60_000);

  it('stops committing while Redis is gone (readiness false), then catches up without losing or double-counting a record', async () => {
    if (brokers === undefined || redis === undefined) throw new Error('unreachable');
    const { config, input, reference, kafka, admin, producer } = setup;
    const produce = (part: 'first' | 'rest') =>
      Promise.all(
        STREAMS.map((stream) => {
          const values = input.byStream[stream];
          const cut = Math.floor(values.length / 3);
          const slice = part === 'first' ? values.slice(0, cut) : values.slice(cut);
          return produceInOrder(producer, names.topics[stream], slice.map((value) => ({ key: stream, value })));
        }),
      );
    let flushFailures = 0;
    service = await startService({
      appConfig: config,
      service: testServiceConfig(brokers, proxy.urlFor(new URL(redis)), names, { batch: { maxRecords: 300 } }),
      logger: silentLogger,
      sourceHooks: { onFlushError: () => void (flushFailures += 1) },
    });
    const running = service;

    // A third of the input goes through with Redis up.
    await produce('first');
    await waitFor(() => committedAtEnd(admin, names.groupId, inputTopics), { timeoutMs: 30_000, intervalMs: 100, message: 'first third committed' });
    await waitFor(() => running.health.ready, { message: 'ready while Redis is up' });

    // Redis goes away, and comes back empty (a restart without persistence).
    await proxy.cut();
    const wiper = new Redis(redis);
    const keys = await wiper.keys(`${names.namespace}:*`);
    expect(keys.length).toBeGreaterThan(0);
    await wiper.del(...keys);
    await wiper.quit();
    await produce('rest');
    await waitFor(() => flushFailures >= 2, { timeoutMs: 30_000, message: 'at least two failed attempts to save a batch' });
    expect(running.health.ready).toBe(false);
    expect(running.health.get('redis').ok).toBe(false);
    expect(running.health.get('pipeline').ok).toBe(false);
    const during = await offsetProgress(admin, names.groupId, inputTopics);
    expect(during.committed).toBeLessThan(during.end);
    await waitFor(() => flushFailures >= 3, { timeoutMs: 30_000, message: 'a third failed attempt' });
    expect((await offsetProgress(admin, names.groupId, inputTopics)).committed).toBe(during.committed); // nothing committed while state cannot be saved

    await proxy.restore();
    await waitFor(() => committedAtEnd(admin, names.groupId, inputTopics), { timeoutMs: 60_000, intervalMs: 200, message: 'everything committed after Redis is back' });
    await waitFor(() => running.health.ready, { timeoutMs: 10_000, message: 'ready again' });

    // Same alerts as the replay (a retried batch may publish a change twice, identically).
    const alerts = (await readTopic(kafka, admin, names.topics.alerts)).map((r) => JSON.parse(r.value?.toString('utf8') ?? 'null') as Alert);
    const expected = byIdAndSequence(reference.streamed.map((c) => c.alert));
    expect(byIdAndSequence(alerts)).toEqual(expected);
    for (const alert of alerts) expect(alert).toEqual(expected.get(`${alert.id}#${alert.sequence}`));

    // Every record counted exactly once, with the replay's outcome.
    expect(totalReceived(running.engine.stats)).toBe(input.lines.length);
    expect(running.engine.stats).toEqual(reference.stats);
    expect(await running.stop('test done')).toBe(0);

    // Redis holds the whole state again although it was wiped: a restart would resume exactly here.
    const client = new Redis(redis);
    const restored = await loadEngine({ config }, new RedisStore(client, names.namespace));
    await client.quit();
    expect(restored.snapshot()).toEqual(running.engine.snapshot());
    console.info(`outage: ${flushFailures} failed flush attempts, ${alerts.length} alert records for ${expected.size} distinct changes`);
  });
});
