/**
 * Overdispersion of each series relative to its baseline: an exponentially weighted mean of the
 * squared Pearson residual (observed - expected)^2 / expected over recent windows, floored at 1
 * (Poisson). Plain JSON state keyed by series key, so it survives a snapshot.
 */
export class DispersionTracker {
  private values = new Map<string, number>();

  /** `window`: windows in the average's memory (weight 1 / window per new residual). */
  constructor(private readonly window = 28) {}

  /** The dispersion before this window, then learns from it. */
  observe(key: string, observed: number, expected: number): number {
    const current = this.values.get(key) ?? 1;
    if (expected > 0 && Number.isFinite(expected)) {
      const residual = (observed - expected) ** 2 / expected;
      // Capped so one outbreak window does not blind the scan for weeks.
      this.values.set(key, current + (Math.min(residual, 25) - current) / this.window);
    }
    return Math.max(1, current);
  }

  toJSON(): Record<string, number> {
    return Object.fromEntries(this.values);
  }

  restore(saved: Record<string, number>): void {
    this.values = new Map(Object.entries(saved));
  }
}
