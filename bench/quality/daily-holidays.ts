import type { DayCalendar } from '../../src/config/day-calendar.js';
import { localWeekday } from '../../src/domain/local-time.js';
import { UTC_OFFSET_MINUTES } from './bundled-calendar.js';
import { Rng } from '../../src/simulate/prng.js';
import { dispersedCount } from './dispersed-count.js';
import type { LabelledSeries, OutbreakSpan } from './labelled-series.js';
import type { OutbreakProfile } from './outbreak-injection.js';
import { injectOutbreak, outbreakCases } from './outbreak-injection.js';
import { dayStarts } from './series-windows.js';

/*
 * The daily variant: three years of days (2025-2027, the years config/holidays.yaml covers),
 * negative binomial counts (variance phi mu) around
 *   mu(d) = level x dayFactor(d) x (1 + 0.15 sin(2 pi d / 365.25))
 * with dayFactor from the weekday (busier Monday, quiet weekend), public holidays at 0.35 and a
 * swapped working day (调休, a worked Saturday or Sunday) at Monday's 1.2. The last year is the
 * test period. Outbreaks as in the weekly design (Poisson(k sd) cases, k in 2..10), spread
 * over a few days: floor(exp(N(ln 2, 0.5))) days after the start, a median of 2.
 */

export const DAILY_FIRST_DATE = '2025-01-01';
export const DAILY_DAYS = 1095;
export const DAILY_TEST_START = 730;
export const DAILY_LEVELS: readonly number[] = [2, 10, 50];
export const DAILY_DISPERSIONS: readonly number[] = [1.5, 3];
const HISTORY_OUTBREAKS = 4;
const TEST_OUTBREAKS = 3;
const DAILY_PROFILE: OutbreakProfile = { logMedian: Math.log(2), sigma: 0.5 };

/** Relative level by weekday, 0 = Sunday; averages 1 over a regular week. */
const WEEKDAY_FACTOR: readonly number[] = [0.55, 1.2, 1.1, 1.1, 1.05, 1.05, 0.95];
const HOLIDAY_FACTOR = 0.35;
const SWAPPED_WORKDAY_FACTOR = 1.2;

/** The baseline mean of each day from DAILY_FIRST_DATE. */
export function dailyMeans(level: number, calendar: DayCalendar): number[] {
  return dayStarts(DAILY_FIRST_DATE, DAILY_DAYS).map((start, d) => {
    const weekday = localWeekday(start, UTC_OFFSET_MINUTES);
    const dayType = calendar.dayType(start);
    const weekend = weekday === 0 || weekday === 6;
    let factor = WEEKDAY_FACTOR[weekday] ?? 1;
    if (dayType === 'holiday') factor = HOLIDAY_FACTOR;
    else if (dayType === 'workday' && weekend) factor = SWAPPED_WORKDAY_FACTOR;
    return level * factor * (1 + 0.15 * Math.sin((2 * Math.PI * d) / 365.25));
  });
}

function dailySeries(rng: Rng, means: readonly number[], level: number, dispersion: number, id: string): LabelledSeries {
  const counts = means.map((mean) => dispersedCount(rng, mean, dispersion));
  const outbreaks: OutbreakSpan[] = [];
  const add = (start: number, stopBefore: number): void => {
    const cases = outbreakCases(rng, rng.between(2, 10), Math.sqrt(dispersion * (means[start] ?? 0)));
    const span = injectOutbreak(rng, counts, start, cases, DAILY_PROFILE, stopBefore);
    if (span !== null) outbreaks.push(span);
  };
  for (let i = 0; i < HISTORY_OUTBREAKS; i++) add(rng.between(60, DAILY_TEST_START - 8), DAILY_TEST_START);
  // Test outbreaks one per third of the test year, far enough apart not to overlap.
  const third = Math.floor((DAILY_DAYS - DAILY_TEST_START) / TEST_OUTBREAKS);
  for (let i = 0; i < TEST_OUTBREAKS; i++) {
    const from = DAILY_TEST_START + i * third;
    add(rng.between(from + 7, from + third - 14), DAILY_DAYS);
  }
  outbreaks.sort((a, b) => a.first - b.first);
  return { id, group: 'daily-holidays', level: `mean ${level}`, subgroups: [], granularity: 'day', firstDate: DAILY_FIRST_DATE, counts, baselineMeans: means, testStart: DAILY_TEST_START, outbreaks };
}

/** Every (level, dispersion) pair times `seriesPerScenario` series, each from its own stream of `seed`. */
export function dailyHolidaySeries(seed: number, seriesPerScenario: number, calendar: DayCalendar): LabelledSeries[] {
  const series: LabelledSeries[] = [];
  for (const level of DAILY_LEVELS) {
    const means = dailyMeans(level, calendar);
    for (const dispersion of DAILY_DISPERSIONS) {
      for (let r = 0; r < seriesPerScenario; r++) {
        const id = `daily-m${level}-phi${dispersion}-r${r}`;
        series.push(dailySeries(Rng.derive(seed, id), means, level, dispersion, id));
      }
    }
  }
  return series;
}
