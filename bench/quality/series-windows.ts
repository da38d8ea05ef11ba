import type { DayCalendar } from '../../src/config/day-calendar.js';
import { DAY_MS, granularityMs } from '../../src/domain/granularity.js';
import { localMidnight, localWeekday } from '../../src/domain/local-time.js';
import { seriesKey } from '../../src/domain/series-key.js';
import type { Window } from '../../src/domain/window.js';
import { UTC_OFFSET_MINUTES } from './bundled-calendar.js';
import type { LabelledSeries } from './labelled-series.js';

/**
 * The closed windows the engine would hand the detectors for `series`: consecutive windows from
 * its first date, weekday and day type of each window's start from the holiday calendar (as
 * Engine.closeWindow sets them), hour 0, no terms.
 */
export function seriesWindows(series: LabelledSeries, calendar: DayCalendar): Window[] {
  const key = seriesKey('cases', series.id, 'quality', series.granularity);
  const width = granularityMs[series.granularity];
  const first = localMidnight(series.firstDate, UTC_OFFSET_MINUTES);
  if (series.granularity === 'week' && localWeekday(first, UTC_OFFSET_MINUTES) !== 1) {
    throw new RangeError(`weekly series ${series.id} must start on a Monday, got ${series.firstDate}`);
  }
  const terms: ReadonlyMap<string, number> = new Map();
  return series.counts.map((count, i) => {
    const start = first + i * width;
    return {
      key,
      granularity: series.granularity,
      start,
      end: start + width,
      count,
      weekday: localWeekday(start, UTC_OFFSET_MINUTES),
      hour: 0,
      dayType: calendar.dayType(start),
      terms,
    };
  });
}

/** Local dates of the days of a daily series, for generators that need the calendar. */
export function dayStarts(firstDate: string, days: number): number[] {
  const first = localMidnight(firstDate, UTC_OFFSET_MINUTES);
  return Array.from({ length: days }, (_, i) => first + i * DAY_MS);
}
