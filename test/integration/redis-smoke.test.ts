import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { redisUrl, stopServiceContainers } from './support/services.js';

const url = await redisUrl();

describe.skipIf(url === undefined)('Redis (real, ioredis)', { timeout: 60_000 }, () => {
  let redis: Redis;
  const prefix = `weak-signal:test:${randomBytes(6).toString('hex')}:`;
  const keys = Array.from({ length: 50 }, (_, i) => `${prefix}baseline:${i}`);

  beforeAll(async () => {
    if (url === undefined) throw new Error('unreachable: the suite is skipped without REDIS_URL');
    redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 2, connectTimeout: 5_000 });
    await redis.connect();
  }, 30_000);

  afterAll(async () => {
    if (redis !== undefined) {
      await redis.del(...keys);
      await redis.quit();
    }
    await stopServiceContainers();
  }, 30_000);

  it('answers PING', async () => {
    expect(await redis.ping()).toBe('PONG');
  });

  it('round-trips values written and read in pipelines', async () => {
    const writes = redis.pipeline();
    keys.forEach((key, i) => writes.set(key, JSON.stringify({ i, mean: i / 2 }), 'EX', 300));
    const written = await writes.exec();
    expect(written?.every(([err, reply]) => err === null && reply === 'OK')).toBe(true);

    const reads = redis.pipeline();
    for (const key of keys) reads.get(key);
    const read = await reads.exec();
    expect(read?.map(([err, value]) => (err === null ? JSON.parse(String(value)) : err))).toEqual(
      keys.map((_, i) => ({ i, mean: i / 2 })),
    );
  });

  it('removes only the keys under its own prefix', async () => {
    expect(await redis.del(...keys)).toBe(keys.length);
    expect(await redis.exists(...keys)).toBe(0);
  });
});
