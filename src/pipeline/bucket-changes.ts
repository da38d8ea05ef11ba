/** Buckets changed and dropped since the last save: what a state store must rewrite or delete. */
export interface BucketDelta<T> {
  /** Every bucket written to since the last save, with its whole current content. */
  readonly changed: [number, T][];
  /** Buckets forgotten since the last save. */
  readonly dropped: number[];
}

/**
 * Tracks which event-time buckets of a bucketed structure (record ids, case-count revisions)
 * changed since the last `take`, so a save writes only those instead of the whole structure.
 */
export class BucketChanges {
  private changed = new Set<number>();
  private dropped = new Set<number>();

  touch(bucket: number): void {
    this.changed.add(bucket);
    this.dropped.delete(bucket);
  }

  drop(bucket: number): void {
    this.dropped.add(bucket);
    this.changed.delete(bucket);
  }

  /** The delta since the last call, with each changed bucket's content from `contentOf`. */
  take<T>(contentOf: (bucket: number) => T): BucketDelta<T> {
    const delta: BucketDelta<T> = { changed: [...this.changed].map((b) => [b, contentOf(b)]), dropped: [...this.dropped] };
    this.reset();
    return delta;
  }

  reset(): void {
    this.changed = new Set();
    this.dropped = new Set();
  }
}
