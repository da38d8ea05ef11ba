/**
 * Durable key-value state for the engine. Values are plain JSON. Implementations: the
 * in-memory store (default, tests, replay) and Redis (production, scale-out).
 * `close` is idempotent.
 */
export interface StateStore {
  readonly name: string;
  get(key: string): Promise<unknown>;
  /** Writes all entries in one round-trip where the backend allows it. */
  setMany(entries: Iterable<readonly [string, unknown]>): Promise<void>;
  /** Keys starting with `prefix`, in no particular order. */
  keys(prefix: string): Promise<string[]>;
  deleteMany(keys: readonly string[]): Promise<void>;
  close(): Promise<void>;
}
