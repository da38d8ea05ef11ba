import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { ewma } from '../../../detectors/ewma.js';
import { robustZ } from '../../../detectors/robust-z.js';
import { seasonal, seasonalExpected } from '../../../detectors/seasonal.js';
import type { SeasonalConfig, SeasonalState } from '../../../detectors/seasonal.js';
import { negativeBinomialQuantile } from '../../../detectors/stats/negative-binomial.js';
import { poissonTails } from '../../../detectors/stats/poisson.js';
import type { Detector } from '../../../detectors/detector.js';
import { DayCalendar } from '../../../src/config/day-calendar.js';
import { HolidayCalendar } from '../../../src/config/holiday-calendar.js';
import { DAY_MS } from '../../../src/domain/granularity.js';
import type { Granularity } from '../../../src/domain/granularity.js';
import type { Score } from '../../../src/domain/score.js';
import type { DayType, Window } from '../../../src/domain/window.js';
import { countWindow, dayWindows, FIRST_START, replay, seededPoisson } from './window-fixture.js';

const defaults = seasonal.configSchema.parse({});

/** The bundled Chinese holiday calendar (config/holidays.yaml), as the engine reads it. */
const calendar = new DayCalendar(
  HolidayCalendar.parse(parse(readFileSync(fileURLToPath(new URL('../../../config/holidays.yaml', import.meta.url)), 'utf8'))),
  480,
);

/** A window whose dayType comes from the holiday calendar (swapped working days included). */
function calendarWindow(granularity: Granularity, index: number, count: number): Window {
  const window = countWindow(granularity, index, count);
  return granularity === 'week' ? window : { ...window, dayType: calendar.dayType(window.start) };
}

/** Day index of a local date after Monday 2026-01-05 (index 0). */
function dayIndex(date: string): number {
  return Math.round((Date.parse(`${date}T00:00:00+08:00`) - FIRST_START) / DAY_MS);
}

function withDayType(window: Window, dayType: DayType): Window {
  return { ...window, dayType };
}

/** Mean of the factors of `slots`. */
function meanFactor(state: SeasonalState, slots: readonly number[]): number {
  return slots.reduce((sum, slot) => sum + (state.factors[slot] ?? Number.NaN), 0) / slots.length;
}

/** Day counts drawn from Poisson(workday | weekend | holiday mean) by the calendar's dayType. */
function calendarDays(days: number, means: Readonly<Record<DayType, number>>, seed: number): Window[] {
  const sample = seededPoisson(seed);
  return Array.from({ length: days }, (_, i) => {
    const window = calendarWindow('day', i, 0);
    return { ...window, count: sample(means[window.dayType]) };
  });
}

/** Windows where `scores` alarmed, restricted to one dayType. */
function alarmsOn(windows: readonly Window[], scores: readonly Score[], dayType: DayType): number {
  return scores.filter((score, i) => score.alarm && windows[i]?.dayType === dayType).length;
}

/** Per-window false-alarm rate of fresh detectors over `runs` seeded series of `length` windows. */
function falseAlarmRate(
  config: SeasonalConfig,
  granularity: Granularity,
  runs: number,
  length: number,
  meanOf: (window: Window) => number,
  seed: number,
): { alarms: number; scored: number; rate: number } {
  const sample = seededPoisson(seed);
  let alarms = 0;
  let scored = 0;
  for (let run = 0; run < runs; run++) {
    let state = seasonal.create(config);
    for (let i = 0; i < length; i++) {
      const window = calendarWindow(granularity, i, 0);
      const result = seasonal.update(state, { ...window, count: sample(meanOf(window)) }, config);
      state = result.state;
      if (!result.score.warmingUp) scored++;
      if (result.score.alarm) alarms++;
    }
  }
  return { alarms, scored, rate: alarms / scored };
}

function scoreOf<C, S>(detector: Detector<C, S>, config: C, history: readonly Window[], window: Window): Score {
  return detector.update(replay(detector, config, history).state, window, config).score;
}

function expectValidScore(score: Score): void {
  for (const value of [score.expected, score.upper, score.score, score.pValue ?? 0]) expect(Number.isFinite(value)).toBe(true);
  expect(score.score).toBeGreaterThanOrEqual(0);
  expect(score.score).toBeLessThanOrEqual(1);
  expect(score.score + (score.pValue ?? Number.NaN)).toBeCloseTo(1, 12);
}

describe('seasonal config', () => {
  it('parses {} to the documented defaults', () => {
    expect(defaults).toEqual({
      levelAlpha: 0.1,
      seasonAlpha: 0.05,
      dispersionAlpha: 0.01,
      minHistory: { hour: 336, day: 14, week: 4 },
      minHolidays: 5,
      holidayPriorSd: 0.5,
      hourSlots: 'hour_of_day_type',
      distribution: 'negbin',
      alpha: 0.001,
      minExpected: 0.2,
    });
  });

  it('fills a partial minHistory from the defaults and rejects unknown keys and bad gains', () => {
    expect(seasonal.configSchema.parse({ minHistory: { day: 21 } }).minHistory).toEqual({ hour: 336, day: 21, week: 4 });
    expect(seasonal.configSchema.safeParse({ minHistory: { month: 3 } }).success).toBe(false);
    expect(seasonal.configSchema.safeParse({ levelalpha: 0.1 }).success).toBe(false);
    expect(seasonal.configSchema.safeParse({ levelAlpha: 0 }).success).toBe(false);
    expect(seasonal.configSchema.safeParse({ seasonAlpha: 1.5 }).success).toBe(false);
    expect(seasonal.configSchema.safeParse({ alpha: 1 }).success).toBe(false);
    expect(seasonal.configSchema.safeParse({ distribution: 'normal' }).success).toBe(false);
  });
});

describe('seasonal', () => {
  it('warms up over two weeks of days and never alarms without history', () => {
    const first = seasonal.update(seasonal.create(defaults), countWindow('day', 0, 1_000), defaults);
    expect(first.score).toEqual({ expected: Number.NaN, upper: Number.NaN, score: 0, alarm: false, warmingUp: true });
    expect(first.state.layout).toBe('day');
    expect(first.state.level).toBeNull();
    expect(first.state.warmUp?.sums).toEqual([0, 1_000, 0, 0, 0, 0, 0]);

    // The 14th window ends the warm-up (and is still warming up); the 15th is the first scored.
    const { scores, state } = replay(seasonal, defaults, dayWindows(Array.from({ length: 15 }, () => 5)));
    expect(scores.slice(0, 14).every((score) => score.warmingUp)).toBe(true);
    expect(scores[14]?.warmingUp).toBe(false);
    expect(state.warmUp).toBeNull();
    expect(seasonal.stateSchema.safeParse(state).success).toBe(true);
  });

  it('matches a hand computation of the initialisation and one update', () => {
    const config = seasonal.configSchema.parse({ minHistory: { day: 7 }, distribution: 'poisson' });
    // Warm-up, Monday 2026-01-05 .. Sunday: Mon-Fri 10, Sat 7, Sun 7 (one window per weekday).
    //   level = (5 * 10 + 2 * 7) / 7 = 64/7 = 9.142857
    //   factors: 10 / (64/7) = 70/64 = 1.09375 (Mon-Fri), 7 / (64/7) = 49/64 = 0.765625 (Sat, Sun)
    //   levelWeight = mean factor over the warm-up = (5 * 1.09375 + 2 * 0.765625) / 7 = 1
    //   dispersion: 7 windows - 7 slots = 0 df, so phi = 1 (prior weight 1)
    const warm = replay(seasonal, config, dayWindows([10, 10, 10, 10, 10, 7, 7]));
    expect(warm.scores.every((score) => score.warmingUp)).toBe(true);
    expect(warm.state.level).toBeCloseTo(64 / 7, 12);
    expect(warm.state.factors).toEqual([0.765625, 1.09375, 1.09375, 1.09375, 1.09375, 1.09375, 0.765625]);
    expect(warm.state.levelWeight).toBeCloseTo(1, 12);
    expect(warm.state.dispersion).toEqual({ phi: 1, seen: 1 });

    // Monday 2026-01-12, count 12:
    //   expected = 64/7 * 70/64 = 10
    //   Poisson(10): P(X <= 20) = 0.998412 < 0.999 <= P(X <= 21) = 0.999191, so upper = 21; 12 <= 21: no alarm
    //   score = P(X < 12) = P(X <= 11) = 0.696776, pValue = P(X >= 12) = 0.303224
    const step = seasonal.update(warm.state, countWindow('day', 7, 12), config);
    expect(poissonTails(20, 10).lower).toBeLessThan(0.999);
    expect(poissonTails(21, 10).lower).toBeGreaterThanOrEqual(0.999);
    expect(step.score.expected).toBeCloseTo(10, 12);
    expect(step.score.upper).toBe(21);
    expect(step.score.score).toBeCloseTo(0.696776, 6);
    expect(step.score.pValue).toBeCloseTo(0.303224, 6);
    expect(step.score.alarm).toBe(false);

    // Level, gain max(0.1, 1 / (7 + 1)) = 0.125, as the ratio EW(y) / EW(f):
    //   levelWeight' = 0.875 * 1 + 0.125 * 1.09375 = 1.01171875
    //   level' = (0.875 * 64/7 * 1 + 0.125 * 12) / 1.01171875 = (8 + 1.5) / 1.01171875 = 9.389961
    // Monday factor, seen once, gain max(0.05, 1/2) = 0.5, as EW(y) / EW(level):
    //   weight' = 0.5 * 64/7 + 0.5 * 64/7 = 64/7;  factor' = (0.5 * 10 + 0.5 * 12) / (64/7) = 77/64 = 1.203125
    // Renormalise: c = (77/64 + 4 * 70/64 + 2 * 49/64) / 7 = 455/448 = 65/64 = 1.015625
    //   factors / c: Mon 77/65 = 1.184615, Tue-Fri 70/65 = 1.076923, Sat/Sun 49/65 = 0.753846
    //   level * c = 9.389961 * 1.015625 = 9.536680;  levelWeight / c = 0.996154;  factor weights * c = 65/7
    // Dispersion: v = 1.09375 * max(0.1/1.9, 1/7) + max(0.05/1.95, 1/1) = 0.15625 + 1 = 1.15625
    //   r^2 = (12 - 10)^2 / (10 * 2.15625) = 0.185507;  gain max(0.01, 1/2) = 0.5
    //   phi' = 1 + 0.5 * (0.185507 - 1) = 0.592754
    const next = step.state;
    expect(next.level).toBeCloseTo((9.5 / 1.01171875) * (65 / 64), 12);
    expect(next.level).toBeCloseTo(9.53668, 5);
    expect(next.levelWeight).toBeCloseTo(1.01171875 / 1.015625, 12);
    expect(next.factors[1]).toBeCloseTo(77 / 65, 12);
    expect(next.factors[2]).toBeCloseTo(70 / 65, 12);
    expect(next.factors[0]).toBeCloseTo(49 / 65, 12);
    expect(next.factorWeights[1]).toBeCloseTo(65 / 7, 12);
    expect(next.seen).toEqual([1, 2, 1, 1, 1, 1, 1]);
    expect(next.levelSeen).toBe(8);
    expect(next.dispersion.phi).toBeCloseTo(1 + 0.5 * (4 / 21.5625 - 1), 12);
    expect(next.dispersion.seen).toBe(2);
    // Renormalising leaves every expected value alone: Tuesday = level' (before) * 1.09375 = 10.270270.
    expect(seasonalExpected(next, countWindow('day', 8, 0), config)).toBeCloseTo((9.5 / 1.01171875) * 1.09375, 12);
    expect(seasonalExpected(next, countWindow('day', 14, 0), config)).toBeCloseTo((9.5 / 1.01171875) * (77 / 64), 12);

    // The default negative binomial uses phi (1 + v) = 2.15625: size = 10 / 1.15625, prob = 1 / 2.15625.
    const negbin = seasonal.update(warm.state, countWindow('day', 7, 12), { ...config, distribution: 'negbin' });
    expect(negbin.score.upper).toBe(negativeBinomialQuantile(0.999, 10 / 1.15625, 1 / 2.15625));
    expect(negbin.score.upper).toBe(29);
    expect(negbin.state).toEqual(step.state);
  });

  it('learns a weekday profile with weekends at 70% of workdays', () => {
    const sample = seededPoisson(17);
    const windows = dayWindows(Array.from({ length: 26 * 7 }, (_, i) => sample(i % 7 >= 5 ? 14 : 20)));
    const { state } = replay(seasonal, defaults, windows);
    // 26 weeks of Poisson(20) Mon-Fri and Poisson(14) Sat-Sun.
    const weekendShare = meanFactor(state, [0, 6]) / meanFactor(state, [1, 2, 3, 4, 5]);
    expect(weekendShare).toBeGreaterThan(0.65);
    expect(weekendShare).toBeLessThan(0.75);
    // Factors of the regular week average to 1, so the level is the mean day: (5 * 20 + 2 * 14) / 7 = 18.29.
    expect(state.factors.reduce((sum, factor) => sum + factor, 0) / 7).toBeCloseTo(1, 12);
    expect(state.level).toBeGreaterThan(17);
    expect(state.level).toBeLessThan(19.5);
    expect(seasonalExpected(state, countWindow('day', 26 * 7, 0), defaults)).toBeGreaterThan(18.5); // Monday
    expect(seasonalExpected(state, countWindow('day', 26 * 7, 0), defaults)).toBeLessThan(21.5);
    expect(seasonalExpected(state, countWindow('day', 26 * 7 + 6, 0), defaults)).toBeGreaterThan(12.5); // Sunday
    expect(seasonalExpected(state, countWindow('day', 26 * 7 + 6, 0), defaults)).toBeLessThan(15.5);
  });

  describe('holidays (config/holidays.yaml, 2026)', () => {
    // Food complaints: 20 a workday, 14 a weekend day, 26 a holiday (x1.3 a workday: eating out).
    // 2026-01-05 .. 2026-10-07: 23 holidays before National Day, then Golden Week 10-01 .. 10-07.
    const busy = calendarDays(dayIndex('2026-10-08'), { workday: 20, weekend: 14, holiday: 26 }, 2026);
    const goldenWeek = dayIndex('2026-10-01');

    it('learns a holiday factor and stays quiet on holidays that are busy as usual, unlike robust_z and ewma', () => {
      const run = replay(seasonal, defaults, busy);
      const state = replay(seasonal, defaults, busy.slice(0, goldenWeek)).state;
      expect(state.holiday.seen).toBe(23);
      // Holiday factor = weekend factor x ratio; the truth is 26 / 14 = 1.857.
      expect(state.holiday.ratio).toBeGreaterThan(1.65);
      expect(state.holiday.ratio).toBeLessThan(2.05);
      expect(seasonalExpected(state, busy[goldenWeek]!, defaults)).toBeGreaterThan(23);
      expect(seasonalExpected(state, busy[goldenWeek]!, defaults)).toBeLessThan(29);

      // Alarms on the 30 holidays of the year (Spring Festival, Qingming, Labour Day, Dragon Boat,
      // Mid-Autumn, Golden Week), this seed: seasonal 0, robust_z 5, ewma 3 (ewma's other is a weekend).
      const robust = replay(robustZ, robustZ.configSchema.parse({}), busy);
      const chart = replay(ewma, ewma.configSchema.parse({}), busy);
      expect(alarmsOn(busy, run.scores, 'holiday')).toBe(0);
      expect(alarmsOn(busy, robust.scores, 'holiday')).toBeGreaterThanOrEqual(3);
      expect(alarmsOn(busy, chart.scores, 'holiday')).toBeGreaterThanOrEqual(2);
      expect(run.scores.filter((score) => score.alarm)).toHaveLength(0);

      // Saturday 2026-10-03 (Golden Week) with 32 complaints, a busy but ordinary holiday
      // (P(Poisson(26) >= 32) = 0.14): seasonal expects ~25 (upper ~45); robust_z compares it with
      // Saturdays (median ~12, upper ~24) and ewma with the last 4 weeks (upper ~30).
      const saturday = dayIndex('2026-10-03');
      const probe = { ...busy[saturday]!, count: 32 };
      const history = busy.slice(0, saturday);
      const mine = scoreOf(seasonal, defaults, history, probe);
      const theirs = [scoreOf(robustZ, robustZ.configSchema.parse({}), history, probe), scoreOf(ewma, ewma.configSchema.parse({}), history, probe)];
      expect(probe.dayType).toBe('holiday');
      expect(mine.expected).toBeGreaterThan(23);
      expect(mine.upper).toBeGreaterThan(40);
      expect(mine.alarm).toBe(false);
      for (const score of theirs) {
        expect(score.upper).toBeLessThan(32);
        expect(score.alarm).toBe(true);
      }
    });

    it('fires on a workday-sized count on a holiday that is usually quiet, where robust_z and ewma do not', () => {
      // Holidays at 8 (Spring-Festival-like: people leave Shenzhen); Monday 2026-10-05 with 24.
      const quiet = calendarDays(dayIndex('2026-10-08'), { workday: 20, weekend: 14, holiday: 8 }, 2026);
      const monday = dayIndex('2026-10-05');
      const probe = { ...quiet[monday]!, count: 24 };
      const history = quiet.slice(0, monday);
      const mine = scoreOf(seasonal, defaults, history, probe);
      expect(mine.expected).toBeGreaterThan(6);
      expect(mine.expected).toBeLessThan(10);
      expect(mine.upper).toBeLessThan(24);
      expect(mine.alarm).toBe(true);
      expect(scoreOf(robustZ, robustZ.configSchema.parse({}), history, probe).alarm).toBe(false);
      expect(scoreOf(ewma, ewma.configSchema.parse({}), history, probe).alarm).toBe(false);
    });

    it('scores holidays as weekend days, with a widened bound, until minHolidays were seen', () => {
      // Spring Festival 2026-02-15 .. 02-23 is the first run of holidays.
      const festival = dayIndex('2026-02-15');
      const state = replay(seasonal, defaults, busy.slice(0, festival)).state;
      expect(state.holiday.seen).toBe(0);
      const weekend = state.level! * meanFactor(state, [0, 6]);
      const first = seasonal.update(state, busy[festival]!, defaults);
      expect(first.score.expected).toBeCloseTo(weekend, 12);
      // The bound carries (0.5 x expected)^2 of holiday-effect variance: far above a Sunday's.
      const sunday = seasonal.update(state, withDayType(busy[festival]!, 'weekend'), defaults).score;
      expect(first.score.upper).toBeGreaterThan(sunday.upper + 10);
      // Holidays train the holiday ratio only: the level and the weekday factors stay put.
      expect(first.state.level).toBe(state.level);
      expect(first.state.factors).toEqual(state.factors);
      expect(first.state.dispersion).toEqual(state.dispersion);
      expect(first.state.holiday.seen).toBe(1);
      expect(first.state.holiday.ratio).toBeCloseTo(Math.min(busy[festival]!.count, first.score.upper) / weekend, 12);
      // From the 6th holiday on, the ratio applies.
      const afterFive = replay(seasonal, defaults, busy.slice(0, festival + 5)).state;
      expect(afterFive.holiday.seen).toBe(5);
      const sixth = seasonal.update(afterFive, busy[festival + 5]!, defaults).score;
      expect(sixth.expected).toBeCloseTo(afterFive.level! * meanFactor(afterFive, [0, 6]) * afterFive.holiday.ratio, 12);
    });

    it('treats a swapped working Sunday (dayType workday) like a workday', () => {
      const state = replay(seasonal, defaults, busy.slice(0, goldenWeek)).state;
      // Sunday 2026-09-20 is a swapped working day (国庆节调休上班) in the calendar.
      const swappedIndex = dayIndex('2026-09-20');
      expect(busy[swappedIndex]?.weekday).toBe(0);
      expect(busy[swappedIndex]?.dayType).toBe('workday');
      const sundayIndex = dayIndex('2026-10-11');
      const swapped = withDayType(countWindow('day', sundayIndex, 31), 'workday');
      const sunday = countWindow('day', sundayIndex, 31);
      const workday = state.level! * meanFactor(state, [1, 2, 3, 4, 5]);
      const weekend = state.level! * meanFactor(state, [0]);
      expect(seasonalExpected(state, swapped, defaults)).toBeCloseTo(workday, 12);
      expect(seasonalExpected(state, sunday, defaults)).toBeCloseTo(weekend, 12);
      expect(workday).toBeGreaterThan(18);
      expect(weekend).toBeLessThan(16);
      // 31 complaints: ordinary for a workday, an alarm for a Sunday.
      const asWorkday = seasonal.update(state, swapped, defaults);
      expect(asWorkday.score.alarm).toBe(false);
      expect(seasonal.update(state, sunday, defaults).score.alarm).toBe(true);
      // A swapped day trains the level, not the Sunday (or any) factor.
      expect(asWorkday.state.factors).toEqual(state.factors);
      expect(asWorkday.state.seen).toEqual(state.seen);
      expect(asWorkday.state.levelSeen).toBe(state.levelSeen + 1);
    });
  });

  it('fires on a +100% day at mean 50; at mean 5 a +100% day (10) is inside the 0.001 bound', () => {
    for (const [mean, seed] of [
      [5, 5],
      [50, 50],
    ] as const) {
      const sample = seededPoisson(seed);
      const { state } = replay(seasonal, defaults, dayWindows(Array.from({ length: 26 * 7 }, () => sample(mean))));
      const doubled = seasonal.update(state, countWindow('day', 26 * 7, 2 * mean), defaults).score;
      if (mean === 50) {
        // Expected ~46-50, upper ~72: 100 fires with a p-value below 1e-8.
        expect(doubled.alarm).toBe(true);
        expect(doubled.pValue).toBeLessThan(1e-8);
      } else {
        // Expected ~4.6-5, upper 14: P(Poisson(5) >= 10) = 0.032 is no 0.001 event. A +100% day
        // (Poisson(10)) exceeds the bound with probability P(Poisson(10) > 14) = 0.08.
        expect(doubled.upper).toBe(14);
        expect(doubled.alarm).toBe(false);
        expect(doubled.pValue).toBeGreaterThan(0.02);
        expect(poissonTails(doubled.upper, 10).upper).toBeCloseTo(0.0835, 3);
        expect(seasonal.update(state, countWindow('day', 26 * 7, 15), defaults).score.alarm).toBe(true);
        // With alpha 0.05 (one false alarm in 20 days) the +100% day fires.
        const lenient = seasonal.configSchema.parse({ alpha: 0.05 });
        expect(seasonal.update(state, countWindow('day', 26 * 7, 10), lenient).score.alarm).toBe(true);
      }
    }
  });

  it('caps alarming counts at the bound before learning, so an outbreak keeps alarming', () => {
    const sample = seededPoisson(8);
    const { state } = replay(seasonal, defaults, dayWindows(Array.from({ length: 140 }, () => sample(20))));
    const window = countWindow('day', 140, 60);
    const spike = seasonal.update(state, window, defaults);
    expect(spike.score.alarm).toBe(true);
    // The level and factors learn from min(60, upper), exactly as from a count on the bound.
    const onBound = seasonal.update(state, { ...window, count: spike.score.upper }, defaults);
    expect(onBound.score.alarm).toBe(false);
    expect(spike.state.level).toBe(onBound.state.level);
    expect(spike.state.factors).toEqual(onBound.state.factors);
    // An alarm does not feed the dispersion.
    expect(spike.state.dispersion).toEqual(state.dispersion);

    // Five days at 60 (x3): all alarm; the level rises ~50% (level 21.4 -> 32.1 for this seed),
    // where learning from 60 itself would have taken it to about 21.4 + 0.41 * 38.6 = 37.
    const outbreak = replay(seasonal, defaults, dayWindows([60, 60, 60, 60, 60], 140), state);
    expect(outbreak.scores.every((score) => score.alarm)).toBe(true);
    expect(outbreak.state.level!).toBeLessThan(1.55 * state.level!);
  });

  it('keeps the false-alarm rate of seasonal Poisson day series with holidays below 0.3% per window', () => {
    // Workdays mean m, weekends 0.7 m, holidays 1.3 m (config/holidays.yaml), 700 days from
    // 2026-01-05, 30 series per mean. Measured: 0.010% (m 0.5), 0.058% (m 5), 0.078% (m 50) over
    // 60 series; nominal alpha is 0.1%.
    for (const mean of [0.5, 5, 50]) {
      const meanOf = (window: Window): number => mean * (window.dayType === 'holiday' ? 1.3 : window.dayType === 'weekend' ? 0.7 : 1);
      const { rate, scored } = falseAlarmRate(defaults, 'day', 30, 700, meanOf, 1_000 + mean * 10);
      expect(scored).toBe(30 * (700 - 14 - 0)); // no holiday or swapped day in the first 14 days
      expect(rate).toBeLessThan(0.003);
    }
  });

  it('keeps the false-alarm rate of hour series with a daily profile below 0.3% per window', () => {
    // A daily shape between 0.3 m (night) and 1.7 m (afternoon), day off 0.7 m; 3 series of 8
    // weeks per mean. Measured over 10 series of a year: 0.030% (0.5), 0.062% (5), 0.067% (50).
    for (const mean of [0.5, 5, 50]) {
      const meanOf = (window: Window): number =>
        mean * (0.3 + 1.4 * Math.max(0, Math.sin(((window.hour - 6) / 18) * Math.PI))) * (window.dayType === 'workday' ? 1 : 0.7);
      const { rate, scored } = falseAlarmRate(defaults, 'hour', 3, 8 * 168, meanOf, 2_000 + mean * 10);
      expect(scored).toBeGreaterThan(3 * 6 * 168 - 1);
      expect(rate).toBeLessThan(0.003);
    }
  });

  it('keeps the false-alarm rate of week series below 0.3% per window', () => {
    // 200 series of 2 years per mean. Measured over 400: 0.023% (0.5), 0.043% (5), 0.088% (50).
    for (const mean of [0.5, 5, 50]) {
      const { rate } = falseAlarmRate(defaults, 'week', 200, 104, () => 7 * mean, 3_000 + mean * 10);
      expect(rate).toBeLessThan(0.003);
    }
  });

  it('never returns NaN on all-zero windows; then needs 6 counts to alarm', () => {
    const { scores, state } = replay(seasonal, defaults, dayWindows(Array.from({ length: 70 }, () => 0)));
    expect(scores.some((score) => score.alarm)).toBe(false);
    for (const score of scores.slice(14)) expectValidScore(score);
    expect(state.level).toBe(0);
    expect(seasonal.stateSchema.safeParse(JSON.parse(JSON.stringify(state))).success).toBe(true);
    // Expected 0, floored at minExpected 0.2 for the bound; the factors are unknown (seen twice).
    const five = seasonal.update(state, countWindow('day', 70, 5), defaults).score;
    expect(five.expected).toBe(0);
    expect(five.upper).toBe(5);
    expect(five.alarm).toBe(false);
    const six = seasonal.update(state, countWindow('day', 70, 6), defaults);
    expect(six.score.alarm).toBe(true);
    expect(Number.isFinite(six.state.level)).toBe(true);
  });

  it('rides out a week of zeros without alarms or NaN, and recovers its level', () => {
    const counts = [...Array.from({ length: 70 }, () => 10), ...Array.from({ length: 7 }, () => 0), ...Array.from({ length: 30 }, () => 10)];
    const { scores, state } = replay(seasonal, defaults, dayWindows(counts));
    expect(scores.some((score) => score.alarm)).toBe(false);
    for (const score of scores.slice(14)) expectValidScore(score);
    // Seven zeros take the level to about 10 * 0.9^7 = 4.8; a month of 10s brings it back.
    expect(scores[77]?.expected).toBeLessThan(5.5);
    expect(state.level).toBeGreaterThan(9.5);
  });

  it('handles counts of ten million without overflow or NaN', () => {
    const counts = Array.from({ length: 70 }, (_, i) => 1e7 + ((i * 7919) % 5_000) - 2_500);
    const { scores, state } = replay(seasonal, defaults, dayWindows(counts));
    for (const score of scores.slice(14)) expectValidScore(score);
    const same = seasonal.update(state, countWindow('day', 70, 1e7), defaults).score;
    expect(same.expected).toBeGreaterThan(0.999e7);
    expect(same.expected).toBeLessThan(1.001e7);
    expect(same.upper).toBeGreaterThan(1e7);
    expect(same.upper).toBeLessThan(1.002e7); // the Poisson sd is 3162: a few of them above
    expect(same.alarm).toBe(false);
    const rise = seasonal.update(state, countWindow('day', 70, 1.01e7), defaults).score;
    expect(rise.alarm).toBe(true);
    expect(rise.pValue).toBeLessThan(1e-100);
    expectValidScore(rise);
  });

  it('learns a 48-slot hour profile: workday hours and day-off hours', () => {
    // Two weeks from Monday 00:00, then one more: 1 an hour, except 09:00 with 2 on workdays and
    // 12 on days off. After the warm-up (336 hours) level = (5 * (23 + 2) + 2 * (23 + 12)) / 168.
    const hourly = (i: number): Window => {
      const window = countWindow('hour', i, 0);
      return { ...window, count: window.hour !== 9 ? 1 : window.dayType === 'workday' ? 2 : 12 };
    };
    const warm = replay(seasonal, defaults, Array.from({ length: 336 }, (_, i) => hourly(i)));
    expect(warm.scores.every((score) => score.warmingUp)).toBe(true);
    expect(warm.state.layout).toBe('hour_of_day_type');
    expect(warm.state.factors).toHaveLength(48);
    expect(warm.state.level).toBeCloseTo((5 * 25 + 2 * 35) / 168, 12);
    expect(warm.state.seen[9]).toBe(10); // workday 09:00
    expect(warm.state.seen[33]).toBe(4); // day-off 09:00

    const { state } = replay(seasonal, defaults, Array.from({ length: 168 }, (_, i) => hourly(336 + i)), warm.state);
    const mondayNine = countWindow('hour', 3 * 168 + 9, 12);
    const saturdayNine = countWindow('hour', 3 * 168 + 5 * 24 + 9, 12);
    expect(seasonalExpected(state, mondayNine, defaults)).toBeCloseTo(2, 9);
    expect(seasonalExpected(state, saturdayNine, defaults)).toBeCloseTo(12, 9);
    expect(seasonalExpected(state, countWindow('hour', 3 * 168 + 5 * 24 + 10, 0), defaults)).toBeCloseTo(1, 9);
    expect(seasonal.update(state, mondayNine, defaults).score.alarm).toBe(true);
    expect(seasonal.update(state, saturdayNine, defaults).score.alarm).toBe(false);
    // A holiday Wednesday hour is a day-off hour until holidays are known; a swapped Saturday a workday hour.
    const wednesdayNine = countWindow('hour', 3 * 168 + 2 * 24 + 9, 12);
    expect(seasonalExpected(state, withDayType(wednesdayNine, 'holiday'), defaults)).toBeCloseTo(12, 9);
    expect(seasonalExpected(state, withDayType(saturdayNine, 'workday'), defaults)).toBeCloseTo(2, 9);
  });

  it('uses 168 hour-of-week slots when configured', () => {
    const hourOfWeek = seasonal.configSchema.parse({ hourSlots: 'hour_of_week' });
    // Monday 09:00 (slot 1 * 24 + 9 = 33) has 6, every other hour 2.
    const windows = Array.from({ length: 3 * 168 }, (_, i) => countWindow('hour', i, i % 168 === 9 ? 6 : 2));
    const { state } = replay(seasonal, hourOfWeek, windows);
    expect(state.layout).toBe('hour_of_week');
    expect(state.factors).toHaveLength(168);
    expect(state.seen[33]).toBe(3);
    expect(seasonalExpected(state, countWindow('hour', 3 * 168 + 9, 0), hourOfWeek)).toBeCloseTo(6, 9);
    expect(seasonalExpected(state, countWindow('hour', 3 * 168 + 24 + 9, 0), hourOfWeek)).toBeCloseTo(2, 9);
    // A swapped working Saturday takes Monday's hours.
    const saturdayNine = withDayType(countWindow('hour', 3 * 168 + 5 * 24 + 9, 0), 'workday');
    expect(seasonalExpected(state, saturdayNine, hourOfWeek)).toBeCloseTo(6, 9);
    // The same state under the 48-slot config is another layout: no expected value, and update starts over.
    expect(seasonalExpected(state, countWindow('hour', 3 * 168, 0), defaults)).toBeNaN();
    const restarted = seasonal.update(state, countWindow('hour', 3 * 168, 2), defaults);
    expect(restarted.score.warmingUp).toBe(true);
    expect(restarted.state.layout).toBe('hour_of_day_type');
    expect(restarted.state.levelSeen).toBe(1);
  });

  it('uses the level alone for week windows', () => {
    // Four weeks 9, 16, 9, 16: level 12.5; dispersion (4 * 3.5^2) / 12.5 / (4 - 1) = 1.306667.
    const weeks = [9, 16, 9, 16].map((count, i) => countWindow('week', i, count));
    const warm = replay(seasonal, defaults, weeks);
    expect(warm.scores.every((score) => score.warmingUp)).toBe(true);
    expect(warm.state.layout).toBe('week');
    expect(warm.state.level).toBe(12.5);
    expect(warm.state.factors).toEqual([1]);
    expect(warm.state.dispersion.phi).toBeCloseTo(49 / 37.5, 12);
    const next = seasonal.update(warm.state, countWindow('week', 4, 12), defaults);
    expect(next.score.expected).toBe(12.5);
    expect(next.score.alarm).toBe(false);
    expect(next.state.factors).toEqual([1]);
    // Level gain max(0.1, 1/5) = 0.2, weights all 1: 0.8 * 12.5 + 0.2 * 12 = 12.4.
    expect(next.state.level).toBeCloseTo(12.4, 12);
    // A holiday Monday does not make a week a holiday week.
    const holidayWeek = withDayType(countWindow('week', 4, 12), 'holiday');
    expect(seasonal.update(warm.state, holidayWeek, defaults)).toEqual(next);
  });

  it('fires above `upper` and not at it, with score = P(X < count) and pValue = P(X >= count)', () => {
    const sample = seededPoisson(31);
    const { state } = replay(seasonal, defaults, dayWindows(Array.from({ length: 60 }, () => sample(12))));
    const at = seasonal.update(state, countWindow('day', 60, 0), defaults).score;
    const onBound = seasonal.update(state, countWindow('day', 60, at.upper), defaults).score;
    const above = seasonal.update(state, countWindow('day', 60, at.upper + 1), defaults).score;
    expect(onBound.alarm).toBe(false);
    expect(above.alarm).toBe(true);
    expect(at.score).toBe(0);
    expect(at.pValue).toBe(1);
    // P(X >= upper + 1) <= alpha < P(X >= upper).
    expect(above.pValue).toBeLessThanOrEqual(0.001);
    expect(onBound.pValue).toBeGreaterThan(0.001);
    expectValidScore(onBound);
    expectValidScore(above);
  });

  it('exposes seasonalExpected as the expected value of every scored window', () => {
    const windows = calendarDays(120, { workday: 9, weekend: 6, holiday: 4 }, 77);
    let state = seasonal.create(defaults);
    for (const window of windows) {
      const expected = seasonalExpected(state, window, defaults);
      const result = seasonal.update(state, window, defaults);
      if (result.score.warmingUp) expect(expected).toBeNaN();
      else expect(expected).toBe(result.score.expected);
      state = result.state;
    }
    expect(seasonalExpected(state, countWindow('week', 20, 0), defaults)).toBeNaN();
  });

  it('is pure: leaves the input state alone and returns the same result twice', () => {
    const windows = calendarDays(80, { workday: 9, weekend: 6, holiday: 4 }, 5);
    const { state } = replay(seasonal, defaults, windows);
    const snapshot = structuredClone(state);
    for (const window of [countWindow('day', 80, 40), withDayType(countWindow('day', 81, 3), 'holiday'), withDayType(countWindow('day', 82, 9), 'workday')]) {
      const first = seasonal.update(state, window, defaults);
      const second = seasonal.update(state, window, defaults);
      expect(second).toEqual(first);
      expect(state).toEqual(snapshot);
    }
    const warming = seasonal.create(defaults);
    seasonal.update(warming, countWindow('day', 0, 3), defaults);
    expect(warming).toEqual(seasonal.create(defaults));
  });

  it('keeps a plain-JSON state that round-trips through stateSchema', () => {
    const windows = calendarDays(100, { workday: 9, weekend: 6, holiday: 4 }, 9);
    for (const length of [5, 100]) {
      const { state } = replay(seasonal, defaults, windows.slice(0, length));
      const restored = seasonal.stateSchema.parse(JSON.parse(JSON.stringify(state)));
      expect(restored).toEqual(state);
      const window = countWindow('day', length, 7);
      expect(seasonal.update(restored, window, defaults)).toEqual(seasonal.update(state, window, defaults));
    }
    const { state } = replay(seasonal, defaults, windows);
    expect(seasonal.stateSchema.safeParse({ ...state, factors: state.factors.slice(1) }).success).toBe(false);
    expect(seasonal.stateSchema.safeParse({ ...state, level: null }).success).toBe(false);
    expect(seasonal.stateSchema.safeParse({ ...state, level: -1 }).success).toBe(false);
    expect(seasonal.stateSchema.safeParse({ ...state, extra: 1 }).success).toBe(false);
    expect(seasonal.stateSchema.safeParse(seasonal.create(defaults)).success).toBe(true);
  });
});
