import { Histogram, type Registry } from 'prom-client';
import type { ScoredWindow } from '../pipeline/scored-window.js';
import { WINDOW_CLOSE_LAG_SECONDS } from './metric-names.js';

/**
 * `ews_window_close_lag_seconds{stream}`: wall clock minus window end when a window closes.
 * One observation per stream, granularity and window, not per series: every series of a
 * stream closes the same window at the same moment. Re-scored windows (case-count revisions)
 * are left out: their lag measures the producer's correction, not how promptly windows close.
 */
export class WindowCloseLag {
  private readonly histogram: Histogram<'stream'>;
  /** Start of the newest window observed per "stream|granularity". */
  private readonly newestStart = new Map<string, number>();

  constructor(
    registry: Registry,
    private readonly now: () => number,
  ) {
    this.histogram = new Histogram({
      name: WINDOW_CLOSE_LAG_SECONDS.name,
      help: WINDOW_CLOSE_LAG_SECONDS.help,
      labelNames: WINDOW_CLOSE_LAG_SECONDS.labelNames,
      buckets: [...WINDOW_CLOSE_LAG_SECONDS.buckets],
      registers: [registry],
    });
  }

  onWindowScored(scored: ScoredWindow): void {
    if (scored.revised) return;
    const clock = `${scored.parts.stream}|${scored.parts.granularity}`;
    if (scored.window.start <= (this.newestStart.get(clock) ?? Number.NEGATIVE_INFINITY)) return;
    this.newestStart.set(clock, scored.window.start);
    this.histogram.observe({ stream: scored.parts.stream }, (this.now() - scored.window.end) / 1000);
  }
}
