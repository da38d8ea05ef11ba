import type { Detector } from '../../detectors/detector.js';
import type { Granularity } from '../domain/granularity.js';
import { DAY_MS, granularityMs, windowStart } from '../domain/granularity.js';
import { formatLocalDate, localMidnight, localWeekday } from '../domain/local-time.js';
import { seriesKey } from '../domain/series-key.js';
import type { Window } from '../domain/window.js';

/** Backtests run on local dates in Shenzhen time, like the live pipeline. */
const UTC_OFFSET_MINUTES = 480;

/** Granularities a dated (YYYY-MM-DD) series can have. */
export type BacktestGranularity = Extract<Granularity, 'day' | 'week'>;

/** One parsed input row; `date` is a local calendar date YYYY-MM-DD. */
export interface CountRow {
  readonly series: string;
  readonly date: string;
  readonly count: number;
}

export interface BacktestOptions {
  /** Skip inference and use this granularity for every series. */
  readonly granularity?: BacktestGranularity;
}

export interface BacktestRow {
  readonly series: string;
  readonly date: string;
  readonly count: number;
  readonly expected: number;
  readonly upper: number;
  readonly score: number;
  readonly alarm: 0 | 1;
  /** True for a date missing from the input, scored as a count of 0. */
  readonly filled: boolean;
}

export interface SeriesNote {
  readonly series: string;
  readonly granularity: BacktestGranularity;
  /** False when `options.granularity` set it. */
  readonly inferred: boolean;
  readonly firstDate: string;
  readonly lastDate: string;
  /** Output rows, filled ones included. */
  readonly rows: number;
  readonly filled: number;
  readonly warmingUp: number;
  readonly alarms: number;
}

export interface BacktestResult {
  /** Series in order of first appearance in the input, each sorted by date. */
  readonly rows: BacktestRow[];
  readonly series: SeriesNote[];
}

/** Days since 1970-01-01 of a YYYY-MM-DD date (exact: read as UTC); NaN for anything else. */
function epochDay(date: string): number {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) return Number.NaN;
  const day = Date.parse(`${date}T00:00:00Z`) / DAY_MS;
  return formatLocalDate(day * DAY_MS, 0) === date ? day : Number.NaN; // rejects 2024-02-30
}

/** Week when every gap between consecutive dates is a whole number of weeks, else day. */
function inferGranularity(days: readonly number[]): BacktestGranularity {
  if (days.length < 2) return 'day';
  for (let i = 1; i < days.length; i++) {
    if (((days[i] ?? 0) - (days[i - 1] ?? 0)) % 7 !== 0) return 'day';
  }
  return 'week';
}

function windowOf(series: string, date: string, count: number, granularity: BacktestGranularity): Window {
  const start = windowStart(localMidnight(date, UTC_OFFSET_MINUTES), granularity, UTC_OFFSET_MINUTES);
  const weekday = localWeekday(start, UTC_OFFSET_MINUTES);
  return {
    key: seriesKey('cases', series, 'backtest', granularity),
    granularity,
    start,
    end: start + granularityMs[granularity],
    count,
    weekday,
    hour: 0,
    dayType: weekday >= 1 && weekday <= 5 ? 'workday' : 'weekend',
    terms: new Map(),
  };
}

/**
 * Replays each series through `detector` from an empty state, one window per date. Dates missing
 * between a series' first and last date are filled with count 0 (and flagged). Throws a RangeError
 * naming the series and date for a date that is not YYYY-MM-DD, a duplicate date, or a date off
 * a weekly series' 7-day grid.
 * Pure: no I/O and no clock, so the same input gives the same output.
 */
export function runBacktest<C, S>(
  rows: readonly CountRow[],
  detector: Detector<C, S>,
  config: C,
  options: BacktestOptions = {},
): BacktestResult {
  const bySeries = new Map<string, CountRow[]>();
  for (const row of rows) {
    const group = bySeries.get(row.series);
    if (group === undefined) bySeries.set(row.series, [row]);
    else group.push(row);
  }

  const output: BacktestRow[] = [];
  const notes: SeriesNote[] = [];
  for (const [series, group] of bySeries) {
    const counts = new Map<number, number>();
    for (const row of group) {
      const day = epochDay(row.date);
      if (!Number.isInteger(day)) throw new RangeError(`series "${series}": ${row.date} is not a date YYYY-MM-DD`);
      if (counts.has(day)) throw new RangeError(`series "${series}": date ${row.date} appears more than once`);
      counts.set(day, row.count);
    }
    const days = [...counts.keys()].sort((a, b) => a - b);
    const granularity = options.granularity ?? inferGranularity(days);
    const step = granularity === 'week' ? 7 : 1;
    const first = days[0] ?? 0;
    const last = days[days.length - 1] ?? first;
    const offGrid = days.find((day) => (day - first) % step !== 0);
    if (offGrid !== undefined) {
      throw new RangeError(`series "${series}": date ${formatLocalDate(offGrid * DAY_MS, 0)} is not a whole number of weeks after ${formatLocalDate(first * DAY_MS, 0)}`);
    }

    let state = detector.create(config);
    let filled = 0;
    let warmingUp = 0;
    let alarms = 0;
    for (let day = first; day <= last; day += step) {
      const observed = counts.get(day);
      const count = observed ?? 0;
      const date = formatLocalDate(day * DAY_MS, 0);
      const result = detector.update(state, windowOf(series, date, count, granularity), config);
      state = result.state;
      const { score } = result;
      if (observed === undefined) filled++;
      if (score.warmingUp) warmingUp++;
      if (score.alarm) alarms++;
      output.push({
        series,
        date,
        count,
        expected: score.expected,
        upper: score.upper,
        score: score.score,
        alarm: score.alarm ? 1 : 0,
        filled: observed === undefined,
      });
    }
    notes.push({
      series,
      granularity,
      inferred: options.granularity === undefined,
      firstDate: formatLocalDate(first * DAY_MS, 0),
      lastDate: formatLocalDate(last * DAY_MS, 0),
      rows: (last - first) / step + 1,
      filled,
      warmingUp,
      alarms,
    });
  }
  return { rows: output, series: notes };
}
