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
  /** Series by regionIndex * categoryCount + categoryIndex: an array read per region on the hot path. */
  private readonly table: (SeriesState | undefined)[] = [];

  constructor(
    readonly stream: StreamName,
    readonly granularity: Granularity,
    readonly width: number,
    readonly levels: ReadonlySet<RegionLevel>,
    private readonly categoryCount: number,
  ) {}

  get started(): boolean {
    return !Number.isNaN(this.closedUpTo);
  }

  add(series: SeriesState, regionIndex: number, categoryIndex: number): void {
    this.series.push(series);
    this.table[regionIndex * this.categoryCount + categoryIndex] = series;
  }

  /** The series of a region and category, or undefined when this clock has none at that level. */
  find(regionIndex: number, categoryIndex: number): SeriesState | undefined {
    return this.table[regionIndex * this.categoryCount + categoryIndex];
  }
}
