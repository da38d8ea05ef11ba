import type { FencingStateStore } from './state-store.js';
import { StateStoreError } from '../errors.js';

/**
 * StateStore in process memory. Values are kept as JSON text, exactly as Redis would hold
 * them, so anything that survives here survives there; `snapshot`/`restore` move the whole
 * content to and from a file.
 */
export class MemoryStore implements FencingStateStore {
  readonly name = 'memory';
  private readonly values = new Map<string, string>();
  private closed = false;

  async get(key: string): Promise<unknown> {
    this.ensureOpen();
    const text = this.values.get(key);
    return text === undefined ? undefined : JSON.parse(text);
  }

  async setMany(entries: Iterable<readonly [string, unknown]>, deletes: readonly string[] = []): Promise<void> {
    this.ensureOpen();
    for (const [key, value] of entries) this.values.set(key, JSON.stringify(value));
    for (const key of deletes) this.values.delete(key);
  }

  async claim(ownerKey: string, token: string): Promise<void> {
    this.ensureOpen();
    this.values.set(ownerKey, JSON.stringify(token));
  }

  async setManyIfOwner(ownerKey: string, token: string, entries: Iterable<readonly [string, unknown]>, deletes: readonly string[] = []): Promise<boolean> {
    this.ensureOpen();
    const owner = this.values.get(ownerKey);
    if (owner !== undefined && owner !== JSON.stringify(token)) return false;
    this.values.set(ownerKey, JSON.stringify(token));
    await this.setMany(entries, deletes);
    return true;
  }

  async keys(prefix: string): Promise<string[]> {
    this.ensureOpen();
    return [...this.values.keys()].filter((k) => k.startsWith(prefix));
  }

  async deleteMany(keys: readonly string[]): Promise<void> {
    this.ensureOpen();
    for (const key of keys) this.values.delete(key);
  }

  async close(): Promise<void> {
    this.closed = true;
  }

  /** Every key and its JSON text. */
  snapshot(): Record<string, string> {
    return Object.fromEntries(this.values);
  }

  static restore(snapshot: Readonly<Record<string, string>>): MemoryStore {
    const store = new MemoryStore();
    for (const [key, text] of Object.entries(snapshot)) store.values.set(key, text);
    return store;
  }

  private ensureOpen(): void {
    if (this.closed) throw new StateStoreError('memory store is closed', { retriable: false });
  }
}
