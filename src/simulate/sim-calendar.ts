import type { HolidayCalendar } from '../config/holiday-calendar.js';
import { DAY_MS } from '../domain/granularity.js';
import type { DayType } from '../domain/window.js';
import { addDays, utcMidnight } from './local-time.js';
import type { LocalTime } from './local-time.js';

/** One local day of a simulation run and everything the volume model needs to know about it. */
export interface SimDay {
  readonly index: number;
  readonly date: string;
  /** Epoch ms of local midnight. */
  readonly startMs: number;
  /** 0 = Sunday ... 6 = Saturday. */
  readonly weekday: number;
  readonly dayType: DayType;
  /** Name from the holiday calendar, for holidays and swapped working days. */
  readonly holidayName: string | null;
  /** 1..366, for seasonal terms. */
  readonly dayOfYear: number;
  /** Years since 2025-01-01, for the slow drift in volumes. */
  readonly yearsSince2025: number;
  /** Days until the first day off of the next Spring Festival (春节), if it is within 60 days. */
  readonly daysToSpringFestival: number | null;
  readonly schoolDay: boolean;
}

const EPOCH_2025 = Date.UTC(2025, 0, 1);

/** The run's days, classified by the holiday calendar in config (调休 workdays count as workdays). */
export function buildSimDays(start: string, days: number, holidays: HolidayCalendar, clock: LocalTime): SimDay[] {
  const byDate = new Map(holidays.days.map((d) => [d.date, d]));
  const springFestivals = springFestivalStarts(holidays);
  const out: SimDay[] = [];
  for (let i = 0; i < days; i++) {
    const date = addDays(start, i);
    const utc = utcMidnight(date);
    const weekday = new Date(utc).getUTCDay();
    const entry = byDate.get(date);
    const dayType: DayType =
      entry?.type === 'holiday' ? 'holiday' : entry?.type === 'workday' ? 'workday' : weekday === 0 || weekday === 6 ? 'weekend' : 'workday';
    const next = springFestivals.find((sf) => sf >= utc);
    const daysToSf = next === undefined ? null : Math.round((next - utc) / DAY_MS);
    const sinceSf = springFestivals.filter((sf) => sf <= utc).map((sf) => Math.round((utc - sf) / DAY_MS));
    const lastSfAgo = sinceSf.length > 0 ? Math.min(...sinceSf) : null;
    const month = Number(date.slice(5, 7));
    const dom = Number(date.slice(8, 10));
    const summerBreak = (month === 7 && dom >= 10) || month === 8;
    // Winter break: roughly two weeks either side of the Spring Festival days off.
    const winterBreak = (daysToSf !== null && daysToSf <= 14) || (lastSfAgo !== null && lastSfAgo <= 16);
    out.push({
      index: i,
      date,
      startMs: clock.dayStart(date),
      weekday,
      dayType,
      holidayName: entry?.name ?? null,
      dayOfYear: Math.round((utc - Date.UTC(Number(date.slice(0, 4)), 0, 1)) / DAY_MS) + 1,
      yearsSince2025: (utc - EPOCH_2025) / (365.25 * DAY_MS),
      daysToSpringFestival: daysToSf !== null && daysToSf <= 60 ? daysToSf : null,
      schoolDay: dayType === 'workday' && !summerBreak && !winterBreak,
    });
  }
  return out;
}

/** First day off (UTC midnight of the local date) of each Spring Festival block in the calendar. */
function springFestivalStarts(holidays: HolidayCalendar): number[] {
  const days = holidays.days
    .filter((d) => d.type === 'holiday' && d.name.includes('春节'))
    .map((d) => utcMidnight(d.date))
    .sort((a, b) => a - b);
  return days.filter((d, i) => i === 0 || d - (days[i - 1] ?? 0) > DAY_MS);
}
