import type { TermKey } from '../text/term-keys.js';
import type { Granularity } from './granularity.js';
import type { SeriesKey } from './series-key.js';

/** Kind of local calendar day a window starts on, from the holiday calendar in config. */
export type DayType = 'workday' | 'weekend' | 'holiday';

/** A closed tumbling window of one series, as detectors see it. Times are epoch ms, [start, end). */
export interface Window {
  readonly key: SeriesKey;
  readonly granularity: Granularity;
  readonly start: number;
  readonly end: number;
  readonly count: number;
  /** Local weekday of `start`: 0 = Sunday ... 6 = Saturday. */
  readonly weekday: number;
  /** Local hour of `start` (0 for day and week windows). */
  readonly hour: number;
  readonly dayType: DayType;
  /**
   * Texts containing each term, from complaint and dispute texts; empty for case counts. Keys as
   * in src/text/term-keys.ts: a CJK bigram is a number, a Latin word its string (termKey).
   */
  readonly terms: ReadonlyMap<TermKey, number>;
}
