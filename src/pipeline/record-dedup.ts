/**
 * Remembers record ids per event-time bucket so a redelivered record is counted once.
 * Buckets older than the stream's clock can be forgotten: a record for them is late anyway.
 */
export class RecordDedup {
  private readonly bucketOf = new Map<string, number>();
  private readonly buckets = new Map<number, string[]>();

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
    return true;
  }

  forgetBefore(bucket: number): void {
    for (const [start, ids] of this.buckets) {
      if (start >= bucket) continue;
      for (const id of ids) this.bucketOf.delete(id);
      this.buckets.delete(start);
    }
  }


  toJSON(): [number, string[]][] {
    return [...this.buckets];
  }

  static fromJSON(entries: readonly (readonly [number, readonly string[]])[]): RecordDedup {
    const dedup = new RecordDedup();
    for (const [bucket, ids] of entries) for (const id of ids) dedup.remember(id, bucket);
    return dedup;
  }
}
