import { describe, expect, it } from 'vitest';
import { bundledDayCalendar } from '../../../bench/quality/bundled-calendar.js';
import { DAILY_DAYS, DAILY_TEST_START, dailyHolidaySeries, dailyMeans } from '../../../bench/quality/daily-holidays.js';
import { dispersedCount } from '../../../bench/quality/dispersed-count.js';
import type { LabelledSeries } from '../../../bench/quality/labelled-series.js';
import { NOUFAILY_SCENARIOS, TEST_WEEKS, WEEKS, noufailyMean, noufailySeries, noufailyWeeklySeries } from '../../../bench/quality/noufaily-weekly.js';
import { NOUFAILY_PROFILE, injectOutbreak, outbreakCases } from '../../../bench/quality/outbreak-injection.js';
import { seriesWindows } from '../../../bench/quality/series-windows.js';
import { Rng } from '../../../src/simulate/prng.js';

function moments(values: readonly number[]): { mean: number; variance: number } {
  const mean = values.reduce((s, v) => s + v, 0) / values.length;
  const variance = values.reduce((s, v) => s + (v - mean) ** 2, 0) / (values.length - 1);
  return { mean, variance };
}

const calendar = bundledDayCalendar();

describe('seeded determinism', () => {
  it('gives the same weekly series for the same seed and different ones for another seed', () => {
    const a = noufailyWeeklySeries(11, 1);
    const b = noufailyWeeklySeries(11, 1);
    const c = noufailyWeeklySeries(12, 1);
    expect(a).toHaveLength(NOUFAILY_SCENARIOS.length);
    expect(b).toEqual(a);
    expect(c.map((s) => s.counts)).not.toEqual(a.map((s) => s.counts));
  });

  it('gives the same daily series for the same seed, and a series does not depend on how many others there are', () => {
    const one = dailyHolidaySeries(5, 1, calendar);
    const two = dailyHolidaySeries(5, 2, calendar);
    expect(dailyHolidaySeries(5, 1, calendar)).toEqual(one);
    expect(two.find((s) => s.id === one[0]!.id)).toEqual(one[0]);
  });
});

describe('negative binomial counts (variance phi x mean)', () => {
  // 100 000 draws: the sample mean's standard error is sqrt(phi mu / n), under 0.1% of mu
  // here; the sample variance's is about 1% for these shapes, so 5% is a wide margin.
  it.each([
    [20, 2],
    [1, 5],
    [100, 1.5],
    [5, 1],
  ])('mean %d, phi %d', (mu, phi) => {
    const rng = Rng.derive(3, `nb-${mu}-${phi}`);
    const { mean, variance } = moments(Array.from({ length: 100_000 }, () => dispersedCount(rng, mu, phi)));
    expect(Math.abs(mean / mu - 1)).toBeLessThan(0.02);
    expect(Math.abs(variance / (phi * mu) - 1)).toBeLessThan(0.05);
  });

  it('rejects a dispersion below 1', () => {
    expect(() => dispersedCount(new Rng(1), 3, 0.5)).toThrow(/dispersion must be >= 1/);
  });
});

describe('Noufaily baseline mean', () => {
  const flat = { level: 20, trend: false, harmonics: 0, dispersion: 2 } as const;
  it('is exp(theta) without trend or season', () => {
    expect(noufailyMean(flat, 1)).toBeCloseTo(20, 12);
    expect(noufailyMean(flat, 600)).toBeCloseTo(20, 12);
  });
  it('adds gamma1 cos + gamma2 sin per harmonic: at t = 13 the annual term is sin(pi / 2) x 0.5', () => {
    expect(noufailyMean({ ...flat, harmonics: 1 }, 13)).toBeCloseTo(20 * Math.exp(0.5), 10);
    // The half-year harmonic at t = 13: cos(pi) x 0.5 + sin(pi) x 0.5 = -0.5.
    expect(noufailyMean({ ...flat, harmonics: 2 }, 13)).toBeCloseTo(20, 10);
  });
  it('puts the trend at the level in the middle of the test period, +0.1% a week', () => {
    const trend = { ...flat, trend: true };
    const middle = WEEKS - (TEST_WEEKS - 1) / 2;
    expect(noufailyMean(trend, middle)).toBeCloseTo(20, 10);
    expect(noufailyMean(trend, middle - 100)).toBeCloseTo(20 * Math.exp(-0.1), 10);
  });
});

describe('outbreaks', () => {
  it('have Poisson(k x sd) cases: mean k x sd over many draws', () => {
    const rng = Rng.derive(9, 'sizes');
    // k = 4, phi = 2, mu = 18: sd = 6, 24 cases on average; standard error 24 / sqrt(20000) / 24 = 0.7%.
    const { mean, variance } = moments(Array.from({ length: 20_000 }, () => outbreakCases(rng, 4, Math.sqrt(2 * 18))));
    expect(mean).toBeGreaterThan(24 * 0.97);
    expect(mean).toBeLessThan(24 * 1.03);
    expect(variance / mean).toBeGreaterThan(0.9); // Poisson: variance = mean
    expect(variance / mean).toBeLessThan(1.1);
  });

  it('spread their cases by the lognormal profile: half in the start week, ~42% in the next', () => {
    const counts = new Array<number>(20).fill(0);
    const span = injectOutbreak(Rng.derive(2, 'profile'), counts, 5, 20_000, NOUFAILY_PROFILE);
    expect(counts.reduce((s, c) => s + c, 0)).toBe(20_000);
    expect(counts.slice(0, 5)).toEqual([0, 0, 0, 0, 0]);
    // P(exp(N(0, 0.5)) < 1) = 0.5; P(1 <= . < 2) = Phi(ln 2 / 0.5) - 0.5 = 0.4172.
    expect(counts[5]! / 20_000).toBeCloseTo(0.5, 1);
    expect(counts[6]! / 20_000).toBeCloseTo(0.417, 1);
    expect(span).toEqual({ first: 5, last: counts.findLastIndex((c) => c > 0) });
  });

  it('drop cases from the stop on, and give no span without cases', () => {
    const counts = new Array<number>(10).fill(0);
    const span = injectOutbreak(Rng.derive(2, 'stop'), counts, 8, 1000, NOUFAILY_PROFILE, 9);
    expect(counts[8]).toBeGreaterThan(400);
    expect(counts[9]).toBe(0);
    expect(span).toEqual({ first: 8, last: 8 });
    expect(injectOutbreak(new Rng(1), counts, 2, 0, NOUFAILY_PROFILE)).toBeNull();
  });

  it('in a weekly series: four before the test period ending before it, then one in it; counts = baseline + cases', () => {
    const scenario = { level: 100, trend: false, harmonics: 0, dispersion: 1.5 } as const;
    const series: LabelledSeries = noufailySeries(Rng.derive(4, 'one'), scenario, 'x');
    expect(series.counts).toHaveLength(WEEKS);
    expect(series.testStart).toBe(WEEKS - TEST_WEEKS);
    const inTest = series.outbreaks.filter((o) => o.first >= series.testStart);
    expect(inTest).toHaveLength(1);
    expect(series.outbreaks.filter((o) => o.last < series.testStart)).toHaveLength(4);
    // At mean 100 the test outbreak (k >= 2: >= 2 x 12 cases) lifts its first week well above 100.
    expect(series.counts[inTest[0]!.first]).toBeGreaterThan(100);
  });
});

describe('daily variant', () => {
  it('has holidays at 0.35, swapped working days at 1.2 and quiet Sundays, times the annual wave', () => {
    const means = dailyMeans(10, calendar);
    const wave = (d: number): number => 1 + 0.15 * Math.sin((2 * Math.PI * d) / 365.25);
    expect(means).toHaveLength(DAILY_DAYS);
    expect(means[0]).toBeCloseTo(10 * 0.35, 12); // 2025-01-01 元旦, a Wednesday
    expect(means[4]).toBeCloseTo(10 * 0.55 * wave(4), 12); // 2025-01-05, a regular Sunday
    expect(means[25]).toBeCloseTo(10 * 1.2 * wave(25), 12); // 2025-01-26, a Sunday worked (春节调休)
    expect(means[5]).toBeCloseTo(10 * 1.2 * wave(5), 12); // 2025-01-06, a Monday
    expect(means[6]).toBeCloseTo(10 * 1.1 * wave(6), 12); // 2025-01-07, a Tuesday
  });

  it('labels three outbreaks in the test year and windows with the calendar day types', () => {
    const [series] = dailyHolidaySeries(2, 1, calendar);
    expect(series!.outbreaks.filter((o) => o.first >= DAILY_TEST_START)).toHaveLength(3);
    const windows = seriesWindows(series!, calendar);
    expect(windows).toHaveLength(DAILY_DAYS);
    expect(windows[0]).toMatchObject({ granularity: 'day', weekday: 3, dayType: 'holiday', count: series!.counts[0] });
    expect(windows[25]).toMatchObject({ weekday: 0, dayType: 'workday' });
    expect(windows[4]).toMatchObject({ weekday: 0, dayType: 'weekend' });
    expect(windows[1]!.start - windows[0]!.start).toBe(86_400_000);
  });

  it('refuses a weekly series that does not start on a Monday', () => {
    const [weekly] = noufailyWeeklySeries(1, 1);
    expect(() => seriesWindows({ ...weekly!, firstDate: '2016-01-05' }, calendar)).toThrow(/must start on a Monday/);
  });
});
