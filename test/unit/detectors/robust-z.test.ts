import { describe, expect, it } from 'vitest';
import { robustZ } from '../../../detectors/robust-z.js';
import type { RobustZConfig, RobustZState } from '../../../detectors/robust-z.js';
import type { Window } from '../../../src/domain/window.js';
import { countWindow, dayWindows, firstAlarm, replay } from './window-fixture.js';

const defaults = robustZ.configSchema.parse({});

/** Day windows of `weeks` whole weeks, Monday first: `monday(week)` on Mondays, `other` on other days. */
function weeksOfDays(weeks: number, monday: (week: number) => number, other = 50): Window[] {
  return dayWindows(Array.from({ length: weeks * 7 }, (_, i) => (i % 7 === 0 ? monday(i / 7) : other)));
}

/** Scores a Monday (day index 7 * week) with `count`. */
function monday(state: RobustZState, week: number, count: number, config: RobustZConfig = defaults) {
  return robustZ.update(state, countWindow('day', 7 * week, count), config).score;
}

describe('robust_z config', () => {
  it('parses {} to the documented defaults', () => {
    expect(defaults).toEqual({ baselineWeeks: 8, minHistory: 4, threshold: 3.5, minScale: 1, poissonFloor: true, hourSlots: 'hour_of_day_type' });
  });

  it('rejects unknown keys and minHistory above baselineWeeks', () => {
    expect(robustZ.configSchema.safeParse({ weeks: 8 }).success).toBe(false);
    expect(robustZ.configSchema.safeParse({ baselineWeeks: 3 }).success).toBe(false);
    expect(robustZ.configSchema.safeParse({ threshold: 0 }).success).toBe(false);
  });
});

describe('robust_z', () => {
  it('warms up per weekday until that weekday has minHistory past values', () => {
    const { scores, state } = replay(robustZ, defaults, dayWindows(Array.from({ length: 29 }, () => 1_000)));
    // Days 1-28 are the first four of each weekday; day 29 is the fifth Monday.
    expect(scores.slice(0, 28).every((score) => score.warmingUp && !score.alarm)).toBe(true);
    expect(scores[28]?.warmingUp).toBe(false);
    expect(Object.keys(state.slots).sort()).toEqual(['0', '1', '2', '3', '4', '5', '6']);
    expect(state.slots['1']).toEqual([1_000, 1_000, 1_000, 1_000, 1_000]);
  });

  it('matches a hand computation on the Monday slot only', () => {
    // Mondays 10, 20, 14, 30; every other day 50 (other slots, ignored).
    // Fifth Monday, x = 45: baseline [10, 20, 14, 30]
    //   median = (14 + 20) / 2 = 17
    //   |x - 17| = [7, 3, 3, 13] -> MAD = (3 + 7) / 2 = 5 (raw, as simple-statistics returns it)
    //   scale = max(1.4826 * 5 = 7.413, minScale 1, sqrt(17) = 4.123106) = 7.413
    //   z = (45 - 17) / 7.413 = 3.777149 > 3.5: alarm
    //   upper = 17 + 3.5 * 7.413 = 42.9455
    //   score = Phi(3.777149) = 0.999921, pValue = 0.0000793
    const { state } = replay(robustZ, defaults, weeksOfDays(4, (week) => [10, 20, 14, 30][week] ?? 0));
    const score = monday(state, 4, 45);
    expect(score.expected).toBe(17);
    expect(score.upper).toBeCloseTo(42.9455, 10);
    expect(score.score).toBeCloseTo(0.999921, 6);
    expect(score.pValue).toBeCloseTo(0.0000793, 6);
    expect(score.alarm).toBe(true);
    // A Tuesday of 45 is scored against the Tuesdays (all 50): scale sqrt(50), z = -0.707.
    const tuesday = robustZ.update(state, countWindow('day', 29, 45), defaults).score;
    expect(tuesday.expected).toBe(50);
    expect(tuesday.upper).toBeCloseTo(50 + 3.5 * Math.sqrt(50), 12);
    expect(tuesday.alarm).toBe(false);
  });

  it('never alarms on all-zero windows; after them 3 is quiet and 4 fires (scale floored at 1)', () => {
    const zeros = replay(robustZ, defaults, dayWindows(Array.from({ length: 70 }, () => 0)));
    expect(zeros.scores.some((score) => score.alarm)).toBe(false);
    // median 0, MAD 0, sqrt(0) = 0: scale = minScale = 1, upper = 0 + 3.5 * 1.
    const quiet = monday(zeros.state, 10, 3);
    expect(quiet.expected).toBe(0);
    expect(quiet.upper).toBe(3.5);
    expect(quiet.alarm).toBe(false);
    expect(monday(zeros.state, 10, 4).alarm).toBe(true);
  });

  it('floors a zero MAD at the Poisson sd sqrt(median)', () => {
    // Mondays all 4: MAD = 0, scale = max(0, 1, sqrt 4 = 2) = 2, upper = 4 + 3.5 * 2 = 11.
    const { state } = replay(robustZ, defaults, weeksOfDays(4, () => 4));
    expect(monday(state, 4, 11).alarm).toBe(false);
    expect(monday(state, 4, 12).alarm).toBe(true);
    expect(monday(state, 4, 12).upper).toBe(11);
    // Without the floor the scale is minScale 1: upper = 4 + 3.5 = 7.5.
    const bare = robustZ.configSchema.parse({ poissonFloor: false });
    expect(monday(state, 4, 8, bare).alarm).toBe(true);
    expect(monday(state, 4, 8, bare).upper).toBe(7.5);
  });

  it('treats gap windows as counts of zero in their own slot', () => {
    // Four weeks with Mondays 6, 0, 0, 6: median 3, MAD 3, scale max(4.4478, 1, 1.7321) = 4.4478.
    const { state } = replay(robustZ, defaults, weeksOfDays(4, (week) => (week === 1 || week === 2 ? 0 : 6)));
    const score = monday(state, 4, 0);
    expect(score.expected).toBe(3);
    expect(score.upper).toBeCloseTo(3 + 3.5 * 1.4826 * 3, 12);
    expect(score.alarm).toBe(false);
    expect(monday(state, 4, 19).alarm).toBe(true);
  });

  it('handles counts in the tens of millions without overflow or NaN', () => {
    const { state } = replay(robustZ, defaults, weeksOfDays(6, (week) => 1e7 + week * 1_000, 1e7));
    // Mondays 1e7 + [0, 1000, ..., 5000]: median 1e7 + 2500, MAD 1500, scale 2223.9 < sqrt(1e7 + 2500) = 3162.7.
    const quiet = monday(state, 6, 1e7 + 5_000);
    expect(quiet.expected).toBe(1e7 + 2_500);
    expect(quiet.upper).toBeCloseTo(1e7 + 2_500 + 3.5 * Math.sqrt(1e7 + 2_500), 6);
    expect(quiet.alarm).toBe(false);
    const spike = monday(state, 6, 1e7 + 20_000);
    expect(spike.alarm).toBe(true);
    expect(Number.isFinite(spike.pValue)).toBe(true);
  });

  it('fires on a slow Monday rise in its third week, while the baseline is still flat', () => {
    // Mondays 10 for 8 weeks, then 14, 18, 22, ... Week 10 (x = 22) sees
    // [10 x 6, 14, 18]: median 10, MAD 0, scale sqrt(10) = 3.162, z = 12 / 3.162 = 3.79.
    const { scores } = replay(robustZ, defaults, weeksOfDays(12, (week) => (week < 8 ? 10 : 10 + 4 * (week - 7))));
    const mondays = scores.filter((_, i) => i % 7 === 0);
    expect(firstAlarm(mondays)).toBe(10);
    expect(mondays.slice(0, 10).some((score) => score.alarm)).toBe(false);
  });

  it('uses the same hour of the day type for hour windows by default', () => {
    // Hour windows from Monday 00:00 local for 2 weeks: 09:00 has 2 on workdays, 8 on weekends.
    const windows = Array.from({ length: 2 * 168 }, (_, i) => {
      const window = countWindow('hour', i, 0);
      return { ...window, count: window.hour !== 9 ? 0 : window.dayType === 'workday' ? 2 : 8 };
    });
    const { state } = replay(robustZ, defaults, windows);
    expect(Object.keys(state.slots)).toHaveLength(48);
    // Workday 09:00 is slot 9, weekend 09:00 is slot 24 + 9 = 33; 8 values kept of 10 workdays.
    expect(state.slots['9']).toEqual([2, 2, 2, 2, 2, 2, 2, 2]);
    expect(state.slots['33']).toEqual([8, 8, 8, 8]);
    // Monday 09:00 of week 3 with 8: median 2, scale max(0, 1, sqrt 2) = 1.414, upper 2 + 3.5 * 1.414.
    const monday = robustZ.update(state, countWindow('hour', 2 * 168 + 9, 8), defaults).score;
    expect(monday.expected).toBe(2);
    expect(monday.upper).toBeCloseTo(2 + 3.5 * Math.SQRT2, 12);
    expect(monday.alarm).toBe(true);
    // Saturday 09:00 with 8 is normal for a day off.
    const saturday = robustZ.update(state, countWindow('hour', 2 * 168 + 5 * 24 + 9, 8), defaults).score;
    expect(saturday.alarm).toBe(false);
  });

  it('uses the same hour of the week for hour windows when asked and keeps slots sparse', () => {
    // Hour windows from Monday 00:00 local for 4 weeks, 5 per hour except Monday 09:00 = 1.
    const hourOfWeek = robustZ.configSchema.parse({ hourSlots: 'hour_of_week' });
    const windows = Array.from({ length: 4 * 168 }, (_, i) => countWindow('hour', i, i % 168 === 9 ? 1 : 5));
    const { state } = replay(robustZ, hourOfWeek, windows);
    expect(Object.keys(state.slots)).toHaveLength(168);
    // Monday (weekday 1) 09:00 is slot 1 * 24 + 9 = 33; Sunday 23:00 is slot 23.
    expect(state.slots['33']).toEqual([1, 1, 1, 1]);
    expect(state.slots['23']).toEqual([5, 5, 5, 5]);
    // The fifth Monday at 09:00: median 1, scale max(0, 1, 1) = 1, upper 4.5.
    const nineAm = robustZ.update(state, countWindow('hour', 4 * 168 + 9, 5), hourOfWeek).score;
    expect(nineAm.expected).toBe(1);
    expect(nineAm.upper).toBe(4.5);
    expect(nineAm.alarm).toBe(true);
    // Only the hours seen so far get a slot.
    const oneDay = replay(robustZ, hourOfWeek, windows.slice(0, 24)).state;
    expect(Object.keys(oneDay.slots)).toHaveLength(24);
  });

  it('uses the previous windows for week windows', () => {
    const windows = [9, 16, 9, 16, 9, 16, 9, 16, 9, 16].map((count, i) => countWindow('week', i, count));
    const { state, scores } = replay(robustZ, defaults, windows);
    expect(scores.slice(0, 4).every((score) => score.warmingUp)).toBe(true);
    // Baseline: the last 8 weeks [9, 16, 9, 16, 9, 16, 9, 16]: median 12.5, MAD 3.5,
    // scale max(5.1891, 1, 3.5355) = 5.1891.
    expect(state.slots).toEqual({ '0': [9, 16, 9, 16, 9, 16, 9, 16] });
    const next = robustZ.update(state, countWindow('week', 10, 12), defaults).score;
    expect(next.expected).toBe(12.5);
    expect(next.upper).toBeCloseTo(12.5 + 3.5 * 1.4826 * 3.5, 12);
  });

  it('fires above `upper` and not below it', () => {
    const histories = [
      weeksOfDays(4, (week) => [10, 20, 14, 30][week] ?? 0),
      weeksOfDays(8, (week) => (week * 7) % 11),
      weeksOfDays(5, () => 0),
    ];
    for (const windows of histories) {
      const { state } = replay(robustZ, defaults, windows);
      const week = windows.length / 7;
      const { upper } = monday(state, week, 0);
      expect(monday(state, week, Math.floor(upper)).alarm).toBe(false);
      expect(monday(state, week, Math.ceil(upper) + 1).alarm).toBe(true);
    }
  });

  it('is pure: leaves the input state alone and returns the same result twice', () => {
    const { state } = replay(robustZ, defaults, weeksOfDays(9, (week) => week));
    const snapshot = structuredClone(state);
    const window = countWindow('day', 63, 40);
    const first = robustZ.update(state, window, defaults);
    const second = robustZ.update(state, window, defaults);
    expect(state).toEqual(snapshot);
    expect(second).toEqual(first);
    expect(first.state.slots['1']).toEqual([2, 3, 4, 5, 6, 7, 8, 40]);
  });

  it('keeps a plain-JSON state that round-trips through stateSchema', () => {
    const { state } = replay(robustZ, defaults, weeksOfDays(10, (week) => week % 3));
    const restored = robustZ.stateSchema.parse(JSON.parse(JSON.stringify(state)));
    expect(restored).toEqual(state);
    const window = countWindow('day', 70, 7);
    expect(robustZ.update(restored, window, defaults)).toEqual(robustZ.update(state, window, defaults));
    expect(robustZ.stateSchema.safeParse({ slots: { monday: [1] } }).success).toBe(false);
  });
});
