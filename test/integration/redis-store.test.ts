import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { Engine } from '../../src/pipeline/engine.js';
import { loadEngine, saveEngine } from '../../src/state/engine-persistence.js';
import { RedisStore } from '../../src/state/redis-store.js';
import { ShardFencedError, StateStoreError } from '../../src/errors.js';
import { ShardStore } from '../../src/state/shard-store.js';
import { LATE_CLOCK, at, complaint, dates, testConfig } from '../unit/support/test-config.js';
import { redisUrl, stopServiceContainers } from './support/services.js';

const url = await redisUrl();

describe.skipIf(url === undefined)('RedisStore against a real Redis', { timeout: 60_000 }, () => {
  const clients: Redis[] = [];
  const namespaces: string[] = [];

  function store(): RedisStore {
    if (url === undefined) throw new Error('unreachable: skipped without REDIS_URL');
    const namespace = `ews-test:${randomBytes(6).toString('hex')}`;
    namespaces.push(namespace);
    const client = new Redis(url, { maxRetriesPerRequest: 1 });
    clients.push(client);
    return new RedisStore(client, namespace);
  }

  afterAll(async () => {
    if (url !== undefined) {
      const cleaner = new Redis(url);
      for (const namespace of namespaces) {
        const keys = await cleaner.keys(`${namespace}:*`);
        if (keys.length > 0) await cleaner.del(...keys);
      }
      await cleaner.quit();
    }
    await Promise.all(clients.map((c) => (c.status === 'end' ? undefined : c.quit().catch(() => undefined))));
    await stopServiceContainers();
  });

  it('writes, lists by prefix, reads and deletes JSON values', async () => {
    const s = store();
    const entries = Array.from({ length: 1200 }, (_, i) => [`series:${i}`, { i, history: [i, i + 1] }] as const);
    await s.setMany([...entries, ['meta', { watermark: 5 }]]);
    expect(await s.get('series:1199')).toEqual({ i: 1199, history: [1199, 1200] });
    expect(await s.get('missing')).toBeUndefined();
    const keys = await s.keys('series:');
    expect(keys).toHaveLength(1200);
    expect(new Set(keys).has('series:0')).toBe(true);
    expect(await s.keys('meta')).toEqual(['meta']);
    await s.deleteMany(keys);
    expect(await s.keys('series:')).toEqual([]);
    await s.close();
    await s.close(); // idempotent
  });

  it('matches a key prefix literally, glob characters included', async () => {
    const s = store();
    await s.setMany([
      ['a*b:1', 1],
      ['axb:2', 2],
    ]);
    expect(await s.keys('a*b:')).toEqual(['a*b:1']);
  });

  it('restores an engine saved in Redis so it continues exactly as an uninterrupted run', async () => {
    const feed = (e: Engine, counts: readonly number[], start: string) =>
      dates(start, counts.length).forEach((date, day) => {
        for (let i = 0; i < counts[day]!; i++) e.ingest(complaint({ receivedAt: at(date, '09:00') }));
      });
    const counts = [4, 5, 6, 5, 4, 5, 6, 12, 30, 5, 5, 5];
    const whole = new Engine({ config: testConfig(), now: LATE_CLOCK });
    feed(whole, counts, '2026-03-02');
    whole.finish();

    const first = new Engine({ config: testConfig(), now: LATE_CLOCK });
    feed(first, counts.slice(0, 8), '2026-03-02');
    const before = first.takeAlertChanges();
    const s = store();
    await saveEngine(first, s);
    const second = await loadEngine({ config: testConfig(), now: LATE_CLOCK }, s);
    feed(second, counts.slice(8), '2026-03-10');
    second.finish();
    expect([...before, ...second.takeAlertChanges()]).toEqual(whole.takeAlertChanges());
  });

  it('fences a shard owner in one script: a claim by another instance makes its saves write nothing, thousands of keys included', async () => {
    const s = store();
    const old = await ShardStore.claim(s, 'p1:', 'old');
    const many = Array.from({ length: 2500 }, (_, i) => [`engine:series:${i}`, { i }] as const);
    await old.setMany(many);
    await old.setMany([['engine:meta', { v: 'old' }]], many.slice(0, 1200).map(([key]) => key));
    expect(await old.keys('engine:series:')).toHaveLength(1300);
    const taker = await ShardStore.claim(s, 'p1:', 'new');
    const refused = await old.setMany([['engine:meta', { v: 'stale' }]], ['engine:series:2000']).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(ShardFencedError);
    expect(await taker.get('engine:meta')).toEqual({ v: 'old' });
    expect(await taker.get('engine:series:2000')).toEqual({ i: 2000 });
    await taker.setMany([['engine:meta', { v: 'new' }]]);
    expect(await s.get('p1:engine:meta')).toEqual({ v: 'new' });
    expect(await s.get('p1:shard:owner')).toBe('new');
  });

  it('raises a retriable StateStoreError when Redis cannot be reached', async () => {
    const unreachable = new Redis('redis://127.0.0.1:1', { maxRetriesPerRequest: 0, retryStrategy: () => null, lazyConnect: true });
    unreachable.on('error', () => {}); // the connection error is what the store reports; no stray log
    const s = new RedisStore(unreachable, 'ews-test:down');
    const error = await s.get('x').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StateStoreError);
    expect(error).toMatchObject({ code: 'EWS_ERR_STATE_UNAVAILABLE', retriable: true });
    unreachable.disconnect();
  });
});
