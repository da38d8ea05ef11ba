import type { Redis } from 'ioredis';
import { StateStoreError } from '../errors.js';
import type { FencingStateStore } from './state-store.js';

/** Keys per DEL: large enough to amortise round-trips, small enough not to stall Redis. */
const CHUNK = 500;

/**
 * setManyIfOwner in one script (atomic like MULTI): KEYS[1] the owner key, ARGV[1] the token
 * (JSON), ARGV[2] the number of key/value pairs, then the pairs, then the keys to delete.
 * MSET and DEL go in chunks: Lua's unpack refuses a few thousand values at once.
 */
const SET_MANY_IF_OWNER = `
local owner = redis.call('GET', KEYS[1])
if owner and owner ~= ARGV[1] then return 0 end
if not owner then redis.call('SET', KEYS[1], ARGV[1]) end
local last = 2 + 2 * tonumber(ARGV[2])
for i = 3, last, 2 * ${CHUNK} do redis.call('MSET', unpack(ARGV, i, math.min(i + 2 * ${CHUNK} - 1, last))) end
for i = last + 1, #ARGV, ${CHUNK} do redis.call('DEL', unpack(ARGV, i, math.min(i + ${CHUNK} - 1, #ARGV))) end
return 1
`;

/**
 * StateStore on Redis: values as JSON strings under `<namespace>:<key>`, each `setMany` one
 * atomic transaction. A drop-in for MemoryStore. The client is made (and configured for TLS, password,
 * retries) by the composition root; `close` quits it once.
 */
export class RedisStore implements FencingStateStore {
  readonly name = 'redis';
  private closed = false;

  constructor(
    private readonly redis: Redis,
    private readonly namespace: string,
  ) {}

  async get(key: string): Promise<unknown> {
    const text = await this.call(`GET ${key}`, () => this.redis.get(this.fullKey(key)));
    return text === null ? undefined : JSON.parse(text);
  }

  /**
   * One MULTI/EXEC: a batch's state (and whatever else the caller puts in, like Kafka
   * positions) lands together or not at all, even if the process dies mid-save.
   */
  async setMany(entries: Iterable<readonly [string, unknown]>, deletes: readonly string[] = []): Promise<void> {
    // One MSET, not a SET per key: a batch rewrites ~1000 series, and per-command overhead
    // (client objects, replies) cost more than the bytes.
    const pairs: string[] = [];
    for (const [key, value] of entries) pairs.push(this.fullKey(key), JSON.stringify(value));
    const queued = pairs.length / 2;
    if (queued === 0 && deletes.length === 0) return;
    const transaction = this.redis.multi();
    if (queued > 0) transaction.mset(...pairs);
    for (let i = 0; i < deletes.length; i += CHUNK) transaction.del(...deletes.slice(i, i + CHUNK).map((k) => this.fullKey(k)));
    const what = `MULTI of MSET of ${queued} keys and ${deletes.length} DEL`;
    const results = await this.call(what, () => transaction.exec());
    if (results === null) throw new StateStoreError(`redis ${what} was aborted`);
    const failed = results.find(([error]) => error !== null)?.[0];
    if (failed != null) throw new StateStoreError(`redis ${what} failed: ${failed.message}`, { cause: failed });
  }

  async claim(ownerKey: string, token: string): Promise<void> {
    await this.call(`SET ${ownerKey}`, () => this.redis.set(this.fullKey(ownerKey), JSON.stringify(token)));
  }

  async setManyIfOwner(ownerKey: string, token: string, entries: Iterable<readonly [string, unknown]>, deletes: readonly string[] = []): Promise<boolean> {
    const args: string[] = [JSON.stringify(token), '0'];
    for (const [key, value] of entries) args.push(this.fullKey(key), JSON.stringify(value));
    const pairs = (args.length - 2) / 2;
    args[1] = String(pairs);
    for (const key of deletes) args.push(this.fullKey(key));
    const what = `script of MSET of ${pairs} keys and ${deletes.length} DEL if ${ownerKey} is ours`;
    const result = await this.call(what, () => this.redis.eval(SET_MANY_IF_OWNER, 1, this.fullKey(ownerKey), ...args));
    return result === 1;
  }

  async keys(prefix: string): Promise<string[]> {
    const pattern = `${escapeGlob(this.fullKey(prefix))}*`;
    const found: string[] = [];
    let cursor = '0';
    do {
      const [next, batch] = await this.call(`SCAN ${pattern}`, () => this.redis.scan(cursor, 'MATCH', pattern, 'COUNT', 1000));
      cursor = next;
      for (const key of batch) found.push(key.slice(this.namespace.length + 1));
    } while (cursor !== '0');
    return found;
  }

  async deleteMany(keys: readonly string[]): Promise<void> {
    for (let i = 0; i < keys.length; i += CHUNK) {
      const chunk = keys.slice(i, i + CHUNK).map((k) => this.fullKey(k));
      await this.call('DEL', () => this.redis.del(...chunk));
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.redis.quit().catch(() => this.redis.disconnect());
  }

  private fullKey(key: string): string {
    return `${this.namespace}:${key}`;
  }

  private async call<T>(what: string, run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (cause) {
      throw new StateStoreError(`redis ${what} failed: ${(cause as Error).message}`, { cause });
    }
  }
}

/** Escapes Redis glob metacharacters so a key prefix matches literally. */
function escapeGlob(text: string): string {
  return text.replace(/[*?[\]\\]/g, '\\$&');
}
