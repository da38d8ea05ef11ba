import { granularityMs } from '../domain/granularity.js';
import { formatLocalIso } from '../domain/local-time.js';
import type { SeriesKey } from '../domain/series-key.js';
import type { Engine } from '../pipeline/engine.js';
import type { SeriesWindowLog } from '../metrics/series-window-log.js';

export type SeriesSource = Pick<Engine, 'allSeries' | 'settings'>;

export interface SeriesWindow {
  readonly start: string;
  readonly end: string;
  readonly count: number;
  /** Null for series that are not tracked, or windows scored before this instance started. */
  readonly expected: number | null;
  readonly upper: number | null;
  readonly score: number | null;
  readonly votes: readonly string[];
}

export interface SeriesWindows {
  readonly seriesKey: SeriesKey;
  readonly stream: string;
  readonly region: { readonly code: string; readonly name: string; readonly level: string };
  readonly category: string;
  readonly granularity: string;
  /** True when the series is in the tracked set, whose expected values and bounds are logged. */
  readonly tracked: boolean;
  /** Oldest first. */
  readonly windows: readonly SeriesWindow[];
}

/**
 * The newest `limit` closed windows of one series, or null when the engine has no such series.
 * Counts come from the engine's kept history; expected, upper, score and votes from the window
 * log, which has them for tracked series only (the engine does not keep them).
 */
export function seriesWindows(engine: SeriesSource, log: SeriesWindowLog, key: SeriesKey, limit: number): SeriesWindows | null {
  const series = find(engine.allSeries(), (s) => s.key === key);
  if (series === undefined) return null;
  const { offsetMinutes, regions } = engine.settings;
  const width = granularityMs[series.parts.granularity];
  const counts = new Map<number, number>();
  series.history.forEach((count, i) => counts.set(series.lastClosedStart - (series.history.length - 1 - i) * width, count));
  const logged = new Map(log.windowsOf(key).map((w) => [w.start, w]));
  const starts = [...new Set([...counts.keys(), ...logged.keys()])].sort((a, b) => a - b).slice(-limit);
  const region = regions.get(series.parts.region);
  return {
    seriesKey: key,
    stream: series.parts.stream,
    region: { code: series.parts.region, name: region?.name ?? series.parts.region, level: region?.level ?? 'unknown' },
    category: series.parts.category,
    granularity: series.parts.granularity,
    tracked: log.isTracked(key),
    windows: starts.map((start) => {
      const entry = logged.get(start);
      return {
        start: formatLocalIso(start, offsetMinutes),
        end: formatLocalIso(start + width, offsetMinutes),
        count: counts.get(start) ?? entry?.count ?? 0,
        expected: entry?.expected ?? null,
        upper: entry?.upper ?? null,
        score: entry?.score ?? null,
        votes: entry?.votes ?? [],
      };
    }),
  };
}

function find<T>(items: Iterable<T>, predicate: (item: T) => boolean): T | undefined {
  for (const item of items) if (predicate(item)) return item;
  return undefined;
}
