import { BucketChanges, type BucketDelta } from './bucket-changes.js';

/**
 * Remembers record ids per event-time bucket so a redelivered record is counted once.
 * Buckets older than the stream's clock can be forgotten: a record for them is late anyway.
 * Saved one bucket per key: `takeChanges` gives the buckets written to since the last save.
 */
export class RecordDedup {
  private readonly bucketOf = new Map<string, number>();
  private readonly buckets = new Map<number, string[]>();
  private readonly changes = new BucketChanges();

  /** Records `id` and returns true, or returns false when it was seen before. */
  remember(id: string, bucket: number): boolean {
    if (this.bucketOf.has(id)) return false;
    this.bucketOf.set(id, bucket);
    let ids = this.buckets.get(bucket);
    if (ids === undefined) {
      ids = [];
      this.buckets.set(bucket, ids);
    }
    ids.push(id);
    this.changes.touch(bucket);
    return true;
  }

  forgetBefore(bucket: number): void {
    for (const [start, ids] of this.buckets) {
      if (start >= bucket) continue;
      for (const id of ids) this.bucketOf.delete(id);
      this.buckets.delete(start);
      this.changes.drop(start);
    }
  }

  /** Buckets changed or forgotten since the last call or `clearChanges`; copies. */
  takeChanges(): BucketDelta<string[]> {
    return this.changes.take((bucket) => [...(this.buckets.get(bucket) ?? [])]);
  }

  /** After a full save: nothing is pending. */
  clearChanges(): void {
    this.changes.reset();
  }

  /** Every bucket, oldest first, ids in arrival order. */
  toJSON(): [number, string[]][] {
    return [...this.buckets].sort(([a], [b]) => a - b).map(([bucket, ids]) => [bucket, [...ids]]);
  }

  /** Restores buckets; they all count as changed (the next save writes them once). */
  static fromJSON(entries: readonly (readonly [number, readonly string[]])[]): RecordDedup {
    const dedup = new RecordDedup();
    for (const [bucket, ids] of entries) for (const id of ids) dedup.remember(id, bucket);
    return dedup;
  }
}
