import { DAY_MS } from '../domain/granularity.js';
import { formatLocalDate, formatLocalIso, localMidnight, parseUtcOffset } from '../domain/local-time.js';

const LOCAL_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TWO_DIGITS = Array.from({ length: 60 }, (_, i) => String(i).padStart(2, '0'));

/** The domain's local-time helpers bound to one fixed UTC offset (Shenzhen has no DST). */
export class LocalTime {
  readonly offsetMinutes: number;
  private readonly offsetMs: number;
  private readonly suffix: string;
  // Formatting is the hot path (one timestamp per record): reuse the date part within a day.
  private cachedDay = NaN;
  private cachedDate = '';

  constructor(offset: string) {
    this.offsetMinutes = parseUtcOffset(offset);
    this.offsetMs = this.offsetMinutes * 60_000;
    this.suffix = formatLocalIso(0, this.offsetMinutes).slice(19);
  }

  /** Epoch ms of local midnight starting `date` (YYYY-MM-DD) plus `plusDays` days. */
  dayStart(date: string, plusDays = 0): number {
    return localMidnight(date, this.offsetMinutes) + plusDays * DAY_MS;
  }

  /** ISO-8601 with the offset and whole seconds, e.g. 2026-05-01T09:30:00+08:00. */
  format(epochMs: number): string {
    const local = epochMs + this.offsetMs;
    const secondOfDay = Math.floor((local - Math.floor(local / DAY_MS) * DAY_MS) / 1000);
    const h = Math.floor(secondOfDay / 3600);
    const m = Math.floor(secondOfDay / 60) % 60;
    const s = secondOfDay % 60;
    // One flat string (a template literal would build a rope that stays alive with the record).
    return [this.dateOf(epochMs), 'T', TWO_DIGITS[h], ':', TWO_DIGITS[m], ':', TWO_DIGITS[s], this.suffix].join('');
  }

  /** Local calendar date (YYYY-MM-DD) of an instant. */
  dateOf(epochMs: number): string {
    const day = Math.floor((epochMs + this.offsetMs) / DAY_MS);
    if (day !== this.cachedDay) {
      this.cachedDay = day;
      this.cachedDate = formatLocalDate(epochMs, this.offsetMinutes);
    }
    return this.cachedDate;
  }
}

/** Epoch ms of 00:00 UTC on a YYYY-MM-DD date; throws on a malformed or impossible date. */
export function utcMidnight(date: string): number {
  const m = LOCAL_DATE.exec(date);
  if (!m) throw new RangeError(`not a date like 2026-05-01: ${date}`);
  const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  if (new Date(ms).toISOString().slice(0, 10) !== date) throw new RangeError(`no such date: ${date}`);
  return ms;
}

/** YYYY-MM-DD `days` after `date`. */
export function addDays(date: string, days: number): string {
  return new Date(utcMidnight(date) + days * DAY_MS).toISOString().slice(0, 10);
}
