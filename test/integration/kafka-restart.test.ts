import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import type { Alert } from '../../src/domain/alert.js';
import type { StreamName } from '../../src/domain/stream.js';
import { loadEngine } from '../../src/state/engine-persistence.js';
import { RedisStore } from '../../src/state/redis-store.js';
import { KAFKA_POSITIONS_KEY } from '../../src/sources/kafka-source.js';
import { kafkaBrokers, redisUrl } from './support/services.js';
import {
  byIdAndSequence,
  cleanUpServiceTest,
  committedAtEnd,
  committedOffsets,
  offsetProgress,
  produceInOrder,
  readTopic,
  serviceEnv,
  type ServiceTest,
  setupServiceTest,
  uniqueServiceNames,
} from './support/service-fixtures.js';
import { exitWithin, spawnService, type ServiceProcess } from './support/service-process.js';
import { waitFor } from './support/wait-for.js';

const brokers = await kafkaBrokers();
const redis = await redisUrl();
const STREAMS: readonly StreamName[] = ['hotline', 'dispute', 'cases'];

describe.skipIf(brokers === undefined || redis === undefined)('service process killed and restarted', { timeout: 120_000 }, () => {
  const names = uniqueServiceNames('restart');
  let setup: ServiceTest;
  const processes: ServiceProcess[] = [];
  const inputTopics = [names.topics.hotline, names.topics.dispute, names.topics.cases];

  /** Batches of 500 (28 commits to land between) and the broker's minimum session timeout, so a killed member leaves the group fast. */
  const start = () => {
    if (brokers === undefined || redis === undefined) throw new Error('unreachable');
    const service = spawnService(
      serviceEnv(brokers, redis, names, { EWS_BATCH_MAX_RECORDS: '500', KAFKA_SESSION_TIMEOUT_MS: '6000', KAFKA_HEARTBEAT_INTERVAL_MS: '500' }),
    );
    processes.push(service);
    return service;
  };
  const progress = () => offsetProgress(setup.admin, names.groupId, inputTopics);
  const savedPositions = async (): Promise<Record<string, string>> => {
    const client = new Redis(redis ?? '');
    const saved = JSON.parse((await client.get(`${names.namespace}:${KAFKA_POSITIONS_KEY}`)) ?? '{}') as Record<string, Record<string, string>>;
    await client.quit();
    return Object.fromEntries(Object.entries(saved).flatMap(([topic, parts]) => Object.entries(parts).map(([p, o]) => [`${topic}/${p}`, o])));
  };

  beforeAll(async () => {
    if (brokers === undefined || redis === undefined) throw new Error('unreachable: skipped without services');
    setup = await setupServiceTest(brokers, names);
    const { input, producer } = setup;
    for (const stream of STREAMS) {
      await produceInOrder(producer, names.topics[stream], input.byStream[stream].map((value, i) => ({ key: `${stream}-${i}`, value })));
    }
  }, 60_000);

  afterAll(() => cleanUpServiceTest({ processes, producer: setup?.producer, admin: setup?.admin, names, redisUrl: redis }), 60_000);

  it('SIGKILL mid-stream, then SIGTERM mid-stream (exit 0 after committing), then a run to the end: the alerts and counts of an uninterrupted run', async () => {
    const { config, input, reference, kafka, admin } = setup;
    const total = input.lines.length;
    const started = performance.now();

    // 1. Killed without warning once about a quarter of the input is committed.
    const first = start();
    await waitFor(async () => (await progress()).committed >= total * 0.25, { timeoutMs: 40_000, intervalMs: 50, message: `a quarter committed; output:\n${first.output()}` });
    const t1 = performance.now();
    first.child.kill('SIGKILL');
    expect((await exitWithin(first, 10_000)).signal).toBe('SIGKILL');
    const atKill = await progress();
    expect(atKill.committed).toBeLessThan(total);

    // 2. Restarted from Redis; asked to stop once it has made progress: exits 0, having committed what it ingested.
    const second = start();
    await waitFor(async () => (await progress()).committed >= atKill.committed + total * 0.25, {
      timeoutMs: 40_000,
      intervalMs: 50,
      message: `progress after the restart; output:\n${second.output()}`,
    });
    const t2 = performance.now();
    second.child.kill('SIGTERM');
    const stopped = await exitWithin(second, 20_000);
    expect(stopped, second.output()).toEqual({ code: 0, signal: null });
    const afterTerm = await progress();
    expect(afterTerm.committed).toBeLessThan(total);
    // Everything the stopped process ingested (its saved positions) is committed, nothing more or less.
    const committedNow = Object.fromEntries(Object.entries(await committedOffsets(admin, names.groupId, inputTopics)).filter(([, offset]) => offset !== '-1'));
    expect(committedNow).toEqual(await savedPositions());

    // 3. Restarted again, runs to the end, stopped cleanly.
    const third = start();
    await waitFor(() => committedAtEnd(admin, names.groupId, inputTopics), { timeoutMs: 60_000, intervalMs: 200, message: `everything committed; output:\n${third.output()}` });
    const t3 = performance.now();
    third.child.kill('SIGTERM');
    expect(await exitWithin(third, 20_000), third.output()).toEqual({ code: 0, signal: null });
    const elapsed = performance.now() - started;

    // Alerts: every change of the uninterrupted run, none with another content; repeats allowed.
    const alerts = (await readTopic(kafka, admin, names.topics.alerts)).map((r) => JSON.parse(r.value?.toString('utf8') ?? 'null') as Alert);
    const expected = byIdAndSequence(reference.streamed.map((c) => c.alert));
    for (const alert of alerts) expect(alert).toEqual(expected.get(`${alert.id}#${alert.sequence}`));
    expect(byIdAndSequence(alerts)).toEqual(expected);

    // Records: each counted exactly once (a redelivered one would show up as a duplicate or a dead letter).
    const client = new Redis(redis ?? '');
    const restored = await loadEngine({ config }, new RedisStore(client, names.namespace));
    await client.quit();
    expect(restored.stats).toEqual(reference.stats);
    expect(await readTopic(kafka, admin, names.topics.deadLetter)).toHaveLength(0);
    console.info(
      `phases ${Math.round(t1 - started)} ${Math.round(t2 - t1)} ${Math.round(t3 - t2)} ms; restart: killed at ${atKill.committed}/${total} committed, SIGTERM at ${afterTerm.committed}; ${alerts.length} alert records for ${expected.size} changes; ${Math.round(elapsed)} ms for three runs`,
    );
  });
});
