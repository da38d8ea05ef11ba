import { BucketChanges, type BucketDelta } from './bucket-changes.js';

/** The latest accepted revision of each case-count period, so a higher one can replace it. */
export interface PeriodRevision {
  readonly revision: number;
  readonly count: number;
  /** Window start of the period at the stream's finest granularity, for eviction. */
  readonly bucket: number;
}

/** Periods of one bucket, in the order they were first seen. */
export type BucketRevisions = [string, PeriodRevision][];

/** Kept per bucket, so eviction and saving work on whole buckets (one key each). */
export class RevisionRegistry {
  private readonly buckets = new Map<number, Map<string, PeriodRevision>>();
  private readonly bucketOf = new Map<string, number>();
  private readonly changes = new BucketChanges();

  static periodKey(region: string, category: string, periodStart: number, periodEnd: number): string {
    return `${region}|${category}|${periodStart}|${periodEnd}`;
  }

  get(key: string): PeriodRevision | undefined {
    const bucket = this.bucketOf.get(key);
    return bucket === undefined ? undefined : this.buckets.get(bucket)?.get(key);
  }

  set(key: string, value: PeriodRevision): void {
    const previous = this.bucketOf.get(key);
    if (previous !== undefined && previous !== value.bucket) {
      // A period's bucket comes from its start, so this does not happen; keep the index right anyway.
      this.buckets.get(previous)?.delete(key);
      this.changes.touch(previous);
    }
    this.bucketOf.set(key, value.bucket);
    let periods = this.buckets.get(value.bucket);
    if (periods === undefined) this.buckets.set(value.bucket, (periods = new Map()));
    periods.set(key, value);
    this.changes.touch(value.bucket);
  }

  forgetBefore(bucket: number): void {
    for (const [start, periods] of this.buckets) {
      if (start >= bucket) continue;
      for (const key of periods.keys()) this.bucketOf.delete(key);
      this.buckets.delete(start);
      this.changes.drop(start);
    }
  }

  /** Buckets changed or forgotten since the last call or `clearChanges`; copies. */
  takeChanges(): BucketDelta<BucketRevisions> {
    return this.changes.take((bucket) => [...(this.buckets.get(bucket) ?? new Map<string, PeriodRevision>())]);
  }

  /** After a full save: nothing is pending. */
  clearChanges(): void {
    this.changes.reset();
  }

  /** Every period, oldest bucket first. */
  toJSON(): BucketRevisions {
    return [...this.buckets].sort(([a], [b]) => a - b).flatMap(([, periods]) => [...periods]);
  }

  /** Restores periods; their buckets all count as changed (the next save writes them once). */
  static fromJSON(entries: readonly (readonly [string, PeriodRevision])[]): RevisionRegistry {
    const registry = new RevisionRegistry();
    for (const [key, value] of entries) registry.set(key, value);
    return registry;
  }
}
