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
