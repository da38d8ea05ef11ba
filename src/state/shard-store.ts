import { randomUUID } from 'node:crypto';
import { ShardFencedError } from '../errors.js';
import type { FencingStateStore, StateStore } from './state-store.js';

/** Key (under the shard's prefix) of the token of the instance that owns the shard. */
export const SHARD_OWNER_KEY = 'shard:owner';

/**
 * Where a shard's keys live. `single`: input topics with one partition, one shard whose keys
 * sit right under the namespace, as before shards existed (a running deployment keeps its
 * state). `sharded`: shard p under `p<p>:`.
 */
export type ShardLayout = 'single' | 'sharded';

export function shardKeyPrefix(shard: number, layout: ShardLayout): string {
  if (layout === 'single') {
    if (shard !== 0) throw new RangeError(`layout "single" has only shard 0, not ${shard}`);
    return '';
  }
  return `p${shard}:`;
}

/**
 * The state of one shard (partition number) in a shared store, owned by this instance: keys
 * under the shard's prefix, and every save fenced by the owner token written when the shard
 * was claimed. Once another instance claims the shard (it took over the partition while this
 * one was slow or cut off), `setMany` writes nothing and throws ShardFencedError, so a
 * revoked owner never overwrites the new owner's state. `close` leaves the shared store open.
 */
export class ShardStore implements StateStore {
  readonly name: string;

  private constructor(
    private readonly backend: FencingStateStore,
    readonly prefix: string,
    readonly token: string,
  ) {
    this.name = `${backend.name}:${prefix === '' ? 'shard' : prefix.slice(0, -1)}`;
  }

  /** Takes the shard over: claim first, load after, so the state read is the last the previous owner could write. */
  static async claim(backend: FencingStateStore, prefix: string, token: string = randomUUID()): Promise<ShardStore> {
    await backend.claim(prefix + SHARD_OWNER_KEY, token);
    return new ShardStore(backend, prefix, token);
  }

  get(key: string): Promise<unknown> {
    return this.backend.get(this.prefix + key);
  }

  async setMany(entries: Iterable<readonly [string, unknown]>, deletes: readonly string[] = []): Promise<void> {
    const owned = await this.backend.setManyIfOwner(this.prefix + SHARD_OWNER_KEY, this.token, this.prefixed(entries), deletes.map((key) => this.prefix + key));
    if (!owned) throw new ShardFencedError(`${this.name}: another instance claimed the shard; this save was not written`);
  }

  async keys(prefix: string): Promise<string[]> {
    return (await this.backend.keys(this.prefix + prefix)).map((key) => key.slice(this.prefix.length));
  }

  deleteMany(keys: readonly string[]): Promise<void> {
    return this.backend.deleteMany(keys.map((key) => this.prefix + key));
  }

  async close(): Promise<void> {}

  private *prefixed(entries: Iterable<readonly [string, unknown]>): Iterable<readonly [string, unknown]> {
    for (const [key, value] of entries) yield [this.prefix + key, value];
  }
}
