/**
 * Durable key-value state for the engine. Values are plain JSON. Implementations: the
 * in-memory store (default, tests, replay) and Redis (production, scale-out).
 * `close` is idempotent.
 */
export interface StateStore {
  readonly name: string;
  get(key: string): Promise<unknown>;
  /**
   * Writes all entries and deletes `deletes`, together: in one round-trip and atomically
   * where the backend allows it. Values are serialized before the call returns its promise,
   * so callers may pass live views of state that changes right after.
   */
  setMany(entries: Iterable<readonly [string, unknown]>, deletes?: readonly string[]): Promise<void>;
  /** Keys starting with `prefix`, in no particular order. */
  keys(prefix: string): Promise<string[]>;
  deleteMany(keys: readonly string[]): Promise<void>;
  close(): Promise<void>;
}

/**
 * A store that can fence writers: an owner key holds the token of the one writer allowed to
 * save under a prefix (a shard's owner), and conditional writes fail once another claims it.
 */
export interface FencingStateStore extends StateStore {
  /** Makes `token` the owner at `ownerKey`: writes fenced by any other token fail from now on. */
  claim(ownerKey: string, token: string): Promise<void>;
  /**
   * `setMany`, atomically with the check that `ownerKey` holds `token`. An absent owner key
   * (the store lost its data, e.g. Redis restarted empty) is taken as ours and set again.
   * Returns false, having written nothing, when another token holds it.
   */
  setManyIfOwner(ownerKey: string, token: string, entries: Iterable<readonly [string, unknown]>, deletes?: readonly string[]): Promise<boolean>;
}
