import type { Granularity } from './granularity.js';
import type { StreamName } from './stream.js';

/** "hotline|440307001|food_safety|day": stream, region code, category, granularity. */
export type SeriesKey = string & { readonly __brand: 'SeriesKey' };

export interface SeriesParts {
  readonly stream: StreamName;
  readonly region: string;
  readonly category: string;
  readonly granularity: Granularity;
}

export function seriesKey(stream: StreamName, region: string, category: string, granularity: Granularity): SeriesKey {
  return `${stream}|${region}|${category}|${granularity}` as SeriesKey;
}
