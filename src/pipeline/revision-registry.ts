/** The latest accepted revision of each case-count period, so a higher one can replace it. */
export interface PeriodRevision {
  readonly revision: number;
  readonly count: number;
  /** Window start of the period at the stream's finest granularity, for eviction. */
  readonly bucket: number;
}

export class RevisionRegistry {
  private readonly periods = new Map<string, PeriodRevision>();

  static periodKey(region: string, category: string, periodStart: number, periodEnd: number): string {
    return `${region}|${category}|${periodStart}|${periodEnd}`;
  }

  get(key: string): PeriodRevision | undefined {
    return this.periods.get(key);
  }

  set(key: string, value: PeriodRevision): void {
    this.periods.set(key, value);
  }

  forgetBefore(bucket: number): void {
    for (const [key, value] of this.periods) if (value.bucket < bucket) this.periods.delete(key);
  }


  toJSON(): [string, PeriodRevision][] {
    return [...this.periods];
  }

  static fromJSON(entries: readonly (readonly [string, PeriodRevision])[]): RevisionRegistry {
    const registry = new RevisionRegistry();
    for (const [key, value] of entries) registry.set(key, value);
    return registry;
  }
}
