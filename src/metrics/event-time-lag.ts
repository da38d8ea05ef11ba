import { Gauge, type Registry } from 'prom-client';
import { StreamName } from '../domain/stream.js';
import type { ScoredWindow } from '../pipeline/scored-window.js';
import { EVENT_TIME_LAG_SECONDS } from './metric-names.js';

export interface EventTimeLagOptions {
  readonly now: () => number;
  /** Per stream watermark lag (the engine's `settings.latenessMs`). */
  readonly latenessMs: () => Readonly<Record<StreamName, number>>;
  /** The engine's newest event time per stream (epoch ms), when it exposes one; else estimated. */
  readonly newestEventTime?: ((stream: StreamName) => number | null) | undefined;
}

/**
 * `ews_event_time_lag_seconds{stream}`: wall clock minus the newest event time, computed at
 * scrape time so a stalled stream shows a growing lag. Without an engine accessor the newest
 * event time is estimated from scored windows: a window closes once newest event time minus
 * the allowed lateness passes its end, so newest window end + lateness is a lower bound that
 * trails the true value by less than one window of the finest granularity.
 */
export class EventTimeLag {
  private readonly newestWindowEnd = new Map<StreamName, number>();

  constructor(
    registry: Registry,
    private readonly options: EventTimeLagOptions,
  ) {
    const newest = (stream: StreamName) => this.newestEventTime(stream);
    new Gauge({
      name: EVENT_TIME_LAG_SECONDS.name,
      help: EVENT_TIME_LAG_SECONDS.help,
      labelNames: EVENT_TIME_LAG_SECONDS.labelNames,
      registers: [registry],
      collect(this: Gauge<'stream'>) {
        const now = options.now();
        for (const stream of StreamName.options) {
          const time = newest(stream);
          if (time === null) this.remove({ stream });
          else this.set({ stream }, (now - time) / 1000);
        }
      },
    });
  }

  onWindowScored(scored: ScoredWindow): void {
    const { stream } = scored.parts;
    if (scored.window.end > (this.newestWindowEnd.get(stream) ?? Number.NEGATIVE_INFINITY)) this.newestWindowEnd.set(stream, scored.window.end);
  }

  /** Newest event time of the stream (epoch ms), or null before its first window closed. */
  newestEventTime(stream: StreamName): number | null {
    if (this.options.newestEventTime !== undefined) return this.options.newestEventTime(stream);
    const end = this.newestWindowEnd.get(stream);
    return end === undefined ? null : end + this.options.latenessMs()[stream];
  }
}
