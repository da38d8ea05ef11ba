import { formatLocalDate, localWeekday } from '../domain/local-time.js';
import type { DayType } from '../domain/window.js';
import type { HolidayCalendar } from './holiday-calendar.js';

/** Tells whether a local day is a workday, a weekend or a public holiday, swapped days included. */
export class DayCalendar {
  private readonly overrides: ReadonlyMap<string, 'holiday' | 'workday'>;

  constructor(
    calendar: HolidayCalendar,
    private readonly offsetMinutes: number,
  ) {
    this.overrides = new Map(calendar.days.map((day) => [day.date, day.type]));
  }

  dayType(time: number): DayType {
    const listed = this.overrides.get(formatLocalDate(time, this.offsetMinutes));
    if (listed === 'holiday') return 'holiday';
    if (listed === 'workday') return 'workday';
    const weekday = localWeekday(time, this.offsetMinutes);
    return weekday === 0 || weekday === 6 ? 'weekend' : 'workday';
  }
}
