import { describe, expect, it } from 'vitest';
import { ShardFencedError } from '../../../src/errors.js';
import { MemoryStore } from '../../../src/state/memory-store.js';
import { SHARD_OWNER_KEY, ShardStore, shardKeyPrefix } from '../../../src/state/shard-store.js';

describe('shardKeyPrefix', () => {
  it('keeps the one shard of a single-partition deployment right under the namespace, and puts shard p under p<p>:', () => {
    expect(shardKeyPrefix(0, 'single')).toBe('');
    expect(shardKeyPrefix(0, 'sharded')).toBe('p0:');
    expect(shardKeyPrefix(12, 'sharded')).toBe('p12:');
    expect(() => shardKeyPrefix(1, 'single')).toThrow('layout "single" has only shard 0, not 1');
  });
});

describe('ShardStore over the memory store', () => {
  it('reads, writes, lists and deletes only its own prefix', async () => {
    const backend = new MemoryStore();
    const p1 = await ShardStore.claim(backend, 'p1:', 'token-a');
    const p10 = await ShardStore.claim(backend, 'p10:', 'token-b');
    await p1.setMany([['engine:meta', { n: 1 }], ['engine:series:x', [1, 2]]]);
    await p10.setMany([['engine:meta', { n: 10 }]]);
    expect(await p1.get('engine:meta')).toEqual({ n: 1 });
    expect(await p10.get('engine:meta')).toEqual({ n: 10 });
    expect((await p1.keys('engine:')).sort()).toEqual(['engine:meta', 'engine:series:x']);
    await p1.setMany([], ['engine:series:x']);
    expect(await p1.keys('engine:')).toEqual(['engine:meta']);
    expect(backend.snapshot()).toEqual({
      'p1:shard:owner': '"token-a"',
      'p1:engine:meta': '{"n":1}',
      'p10:shard:owner': '"token-b"',
      'p10:engine:meta': '{"n":10}',
    });
  });

  it('fences the previous owner: once another instance claims the shard, its saves write nothing and throw', async () => {
    const backend = new MemoryStore();
    const old = await ShardStore.claim(backend, 'p0:', 'old');
    await old.setMany([['engine:meta', { v: 'old' }]]);
    const taker = await ShardStore.claim(backend, 'p0:', 'new');
    const refused = await old.setMany([['engine:meta', { v: 'stale' }], ['kafka:positions', { t: { 0: '99' } }]], ['engine:meta']).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(ShardFencedError);
    expect(refused).toMatchObject({ code: 'EWS_ERR_STATE_FENCED', retriable: true });
    expect(await taker.get('engine:meta')).toEqual({ v: 'old' });
    expect(await taker.get('kafka:positions')).toBeUndefined();
    await taker.setMany([['engine:meta', { v: 'new' }]]);
    expect(await old.get('engine:meta')).toEqual({ v: 'new' });
  });

  it('keeps saving when the store lost the owner key (Redis restarted empty): the key is written again', async () => {
    const backend = new MemoryStore();
    const owner = await ShardStore.claim(backend, '', 'mine');
    await backend.deleteMany([SHARD_OWNER_KEY]);
    await owner.setMany([['engine:meta', { v: 1 }]]);
    expect(backend.snapshot()).toEqual({ 'shard:owner': '"mine"', 'engine:meta': '{"v":1}' });
  });

  it('does not close the shared store', async () => {
    const backend = new MemoryStore();
    const shard = await ShardStore.claim(backend, 'p2:');
    await shard.close();
    expect(await backend.get(`p2:${SHARD_OWNER_KEY}`)).toBe(shard.token);
  });
});
