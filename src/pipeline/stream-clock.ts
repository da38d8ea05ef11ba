import type { Granularity } from '../domain/granularity.js';
import type { StreamName } from '../domain/stream.js';
import type { RegionLevel } from '../config/region-config.js';
import type { SeriesState } from './series-state.js';

/**
 * Event time of one (stream, granularity): every series of that pair closes its windows
 * together when the stream's watermark passes a window end, so quiet series get zero windows.
 */
export class StreamClock {
  /** End of the newest closed window; NaN until the stream's first event starts the clock. */
  closedUpTo = Number.NaN;
  readonly series: SeriesState[] = [];
  /** region -> category -> series, for two map lookups per event on the hot path. */
  readonly byRegion = new Map<string, Map<string, SeriesState>>();

  constructor(
    readonly stream: StreamName,
    readonly granularity: Granularity,
    readonly width: number,
    readonly levels: ReadonlySet<RegionLevel>,
  ) {}

  get started(): boolean {
    return !Number.isNaN(this.closedUpTo);
  }

  add(series: SeriesState): void {
    this.series.push(series);
    let byCategory = this.byRegion.get(series.parts.region);
    if (byCategory === undefined) {
      byCategory = new Map();
      this.byRegion.set(series.parts.region, byCategory);
    }
    byCategory.set(series.parts.category, series);
  }

  find(region: string, category: string): SeriesState | undefined {
    return this.byRegion.get(region)?.get(category);
  }
}
