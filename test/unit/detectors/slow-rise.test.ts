import { describe, expect, it } from 'vitest';
import type { Detector } from '../../../detectors/detector.js';
import { cusum } from '../../../detectors/cusum.js';
import { ewma } from '../../../detectors/ewma.js';
import { mannKendall, senSlope, slowRise } from '../../../detectors/slow-rise.js';
import type { SlowRiseConfig, SlowRiseState } from '../../../detectors/slow-rise.js';
import { countWindow, dayWindows, firstAlarm, replay, seededPoisson } from './window-fixture.js';

const defaults = slowRise.configSchema.parse({});

/** State after `counts` (day windows from Monday 2026-01-05), under `config`. */
function stateAfter(counts: readonly number[], config: SlowRiseConfig = defaults): SlowRiseState {
  return replay(slowRise, config, dayWindows(counts)).state;
}

/** Scores the next window (day index `index`) with count `count` from `state`. */
function next(state: SlowRiseState, count: number, config: SlowRiseConfig = defaults, index = 100) {
  return slowRise.update(state, countWindow('day', index, count), config).score;
}

/** Indices of the windows that alarm. */
function alarms(counts: readonly number[], config: SlowRiseConfig = defaults): number[] {
  return replay(slowRise, config, dayWindows(counts)).scores.flatMap((score, i) => (score.alarm ? [i] : []));
}

/** 4, 6, 4, 6, ...: a quiet series around 5. */
function alternating(length: number, low = 4, high = 6): number[] {
  return Array.from({ length }, (_, i) => (i % 2 === 0 ? low : high));
}

describe('slow_rise config', () => {
  it('parses {} to the documented defaults', () => {
    expect(defaults).toEqual({
      window: 10,
      baseline: 28,
      alpha: 0.01,
      minRelativeRise: 0.5,
      minLevel: 1,
      deseasonalize: 'weekday',
    });
  });

  it('rejects unknown keys, a window under 5, alpha of 0.5 or more and unknown deseasonalize modes', () => {
    expect(slowRise.configSchema.safeParse({ windows: 12 }).success).toBe(false);
    expect(slowRise.configSchema.safeParse({ window: 4 }).success).toBe(false);
    expect(slowRise.configSchema.safeParse({ alpha: 0.5 }).success).toBe(false);
    expect(slowRise.configSchema.safeParse({ baseline: 6 }).success).toBe(false);
    expect(slowRise.configSchema.safeParse({ deseasonalize: 'hour' }).success).toBe(false);
  });
});

describe('mannKendall and senSlope', () => {
  it('match a hand computation with a tie', () => {
    // y = [2, 3, 3, 5, 4, 6], n = 6.
    // S, by earlier value: 2 -> +5 (3, 3, 5, 4, 6 all larger); 3 -> +3 (tie 0; 5, 4, 6);
    //   3 -> +3 (5, 4, 6); 5 -> -1 + 1 = 0 (4, 6); 4 -> +1 (6).  S = 12.
    // Ties: one group of t = 2 (the 3s): t(t-1)(2t+5) = 2 * 1 * 9 = 18.
    // Var(S) = [n(n-1)(2n+5) - 18] / 18 = (6 * 5 * 17 - 18) / 18 = 492 / 18 = 27.333333.
    // Z = (S - 1) / sqrt(Var) = 11 / 5.228129 = 2.104003;  p = 1 - Phi(2.104003) = 0.0176891.
    const test = mannKendall([2, 3, 3, 5, 4, 6]);
    expect(test.s).toBe(12);
    expect(test.variance).toBeCloseTo(492 / 18, 12);
    expect(test.z).toBeCloseTo(2.104003, 6);
    expect(test.pValue).toBeCloseTo(0.0176891, 7);

    // The same values in reverse: S = -12, Z = (S + 1) / sqrt(Var) = -2.104003, p = 0.982311.
    const falling = mannKendall([6, 4, 5, 3, 3, 2]);
    expect(falling.s).toBe(-12);
    expect(falling.z).toBeCloseTo(-2.104003, 6);
    expect(falling.pValue).toBeCloseTo(0.982311, 6);

    // Every value tied: Var(S) = (6 * 5 * 17 - 6 * 5 * 17) / 18 = 0, no evidence either way.
    expect(mannKendall([3, 3, 3, 3, 3, 3])).toEqual({ s: 0, variance: 0, z: 0, pValue: 1 });
  });

  it("takes Sen's slope as the median pairwise slope", () => {
    // Slopes (y_j - y_i) / (j - i) of [2, 3, 3, 5, 4, 6]:
    //   from 2: 1, 1/2, 1, 1/2, 4/5   from 3: 0, 1, 1/3, 3/4   from 3: 2, 1/2, 1
    //   from 5: -1, 1/2               from 4: 2
    // Sorted: -1, 0, 1/3, 1/2, 1/2, 1/2, 1/2, 3/4, 4/5, 1, 1, 1, 1, 2, 2: the 8th of 15 is 3/4.
    expect(senSlope([2, 3, 3, 5, 4, 6])).toBe(0.75);
    expect(senSlope([1, 3, 5, 7])).toBe(2);
    // One outlier moves only the slopes that touch it: the median stays at the line's 1.
    expect(senSlope([1, 2, 3, 4, 100, 6, 7])).toBe(1);
  });
});

describe('slow_rise', () => {
  it('warms up until baseline + window windows have been seen', () => {
    const first = slowRise.update(slowRise.create(defaults), countWindow('day', 0, 1_000), defaults);
    expect(first.score).toEqual({ expected: Number.NaN, upper: Number.NaN, score: 0, alarm: false, warmingUp: true });
    expect(first.state).toEqual({ counts: [1_000], weekdays: [1] });
    const { scores } = replay(slowRise, defaults, dayWindows(alternating(38)));
    expect(scores.slice(0, 37).every((score) => score.warmingUp && !score.alarm)).toBe(true);
    expect(scores[37]?.warmingUp).toBe(false);
  });

  it('matches a hand computation on raw counts, upper included', () => {
    const config = slowRise.configSchema.parse({ window: 6, baseline: 7, alpha: 0.05, deseasonalize: 'none' });
    // Windows 1-12 warm up. Window 13 (x = 6) is scored against the 12 before it:
    //   baseline [2, 3, 2, 2, 3, 1, 2]: L = median = 2;  trend window [2, 3, 3, 5, 4, 6]:
    //   S = 12, Var(S) = 27.333333, Z = 2.104003, p = 0.0176891 < 0.05 (as above);
    //   Sen's slope b = 0.75: relativeRise = 0.75 * 5 / max(2, 1) = 1.875 >= 0.5;
    //   end of Sen's line: median of y_i + b (5 - i) = 5.75, 6, 5.25, 6.5, 4.75 and y_n = 6
    //   = (5.75 + 6) / 2 = 5.875: relativeEnd = (5.875 - 2) / 2 = 1.9375 >= 0.5;  y_n = 6 > 2: alarm.
    // upper, with the older five [2, 3, 3, 5, 4] fixed (their own S = 4 + 2 + 2 - 1 = 7):
    //   x = 3: S = 7 + (1 + 0 + 0 - 1 - 1) = 6; ties {3: 3} give 66; Var = (510 - 66) / 18 = 24.667;
    //          Z = 5 / 4.9666 = 1.007, p = 0.157: no.
    //   x = 4: S = 7 + (1 + 1 + 1 - 1 + 0) = 9; ties {3: 2, 4: 2} give 36; Var = 474 / 18 = 26.333;
    //          Z = 8 / 5.1316 = 1.559, p = 0.0595: no.
    //   x = 5: S = 7 + (1 + 1 + 1 + 0 + 1) = 11; ties {3: 2, 5: 2}: Var = 26.333; Z = 10 / 5.1316
    //          = 1.949, p = 0.0257; x > L; slopes to x: 3/5, 1/2, 2/3, 0, 1 join the ten older ones,
    //          b = 8th of 15 = 1/2, relativeRise = 1.25; ends 4.5, 5, 4.5, 6, 4.5, 5: median 4.75,
    //          relativeEnd = 1.375: fires. upper = 5.
    const windows = dayWindows([2, 3, 2, 2, 3, 1, 2, 2, 3, 3, 5, 4, 6]);
    const { scores, state } = replay(slowRise, config, windows);
    expect(scores.slice(0, 12).every((score) => score.warmingUp)).toBe(true);
    const scored = scores[12];
    expect(scored?.expected).toBe(2);
    expect(scored?.pValue).toBeCloseTo(0.0176891, 7);
    expect(scored?.score).toBeCloseTo(0.9823109, 7);
    expect(scored?.alarm).toBe(true);
    expect(scored?.upper).toBe(5);
    expect(state.counts).toEqual([3, 2, 2, 3, 1, 2, 2, 3, 3, 5, 4, 6]);

    const before = replay(slowRise, config, windows.slice(0, 12)).state;
    expect(next(before, 4, config, 12).alarm).toBe(false);
    expect(next(before, 4, config, 12).pValue).toBeCloseTo(0.0595, 4);
    expect(next(before, 5, config, 12).alarm).toBe(true);
  });

  it('divides day counts by weekday factors from the baseline and scales expected back', () => {
    const config = slowRise.configSchema.parse({ window: 6, baseline: 7 });
    // Baseline Mon-Sun [10, 10, 10, 10, 10, 4, 4]: m = 58 / 7 = 8.285714, pseudo-count minLevel 1:
    //   f_weekday = 11 / 9.285714 = 1.184615, f_weekend = 5 / 9.285714 = 0.538462.
    //   Adjusted: 10 / 1.184615 = 8.441558 (x5) and 4 / 0.538462 = 7.428571 (x2): L = 8.441558.
    // The scored window is a Saturday: expected = L * f_weekend = 8.441558 * 0.538462 = 4.545455.
    const { scores } = replay(slowRise, config, dayWindows([10, 10, 10, 10, 10, 4, 4, 10, 10, 10, 10, 10, 4]));
    expect(scores[12]?.expected).toBeCloseTo(4.545455, 6);
    expect(scores[12]?.alarm).toBe(false);
    const raw = replay(slowRise, { ...config, deseasonalize: 'none' }, dayWindows([10, 10, 10, 10, 10, 4, 4, 10, 10, 10, 10, 10, 4]));
    expect(raw.scores[12]?.expected).toBe(10);
  });

  it('finds a ramp under a weekly pattern that raw counts hide', () => {
    // Mon-Fri 10, Sat-Sun 4 for six weeks, then +10% of the pattern per day for 12 days.
    const week = (i: number): number => (i % 7 < 5 ? 10 : 4);
    const flat = Array.from({ length: 42 }, (_, i) => week(i));
    const ramp = Array.from({ length: 12 }, (_, k) => Math.round(week(42 + k) * (1 + (k + 1) / 10)));
    expect(alarms(flat)).toEqual([]);
    // From the ramp's 7th day (index 48), once Sen's line ends 50% above the baseline, to its end.
    expect(alarms([...flat, ...ramp])).toEqual([48, 49, 50, 51, 52, 53]);
    // Raw counts: the weekend dips break the order, and only the last two windows fire.
    expect(alarms([...flat, ...ramp], { ...defaults, deseasonalize: 'none' })).toEqual([52, 53]);
  });

  it('never alarms on all-zero windows and returns no NaN but upper', () => {
    const { scores, state } = replay(slowRise, defaults, dayWindows(Array.from({ length: 80 }, () => 0)));
    expect(scores.some((score) => score.alarm)).toBe(false);
    // All ten values tie: Var(S) = 0, p = 1, score 0. One count after nine zeros gives S = 9 but
    // Var = (2250 - 9 * 8 * 23) / 18 = 33 and Z = 8 / 5.745 = 1.39: no single count can fire.
    expect(scores.at(-1)).toEqual({ expected: 0, upper: Number.NaN, score: 0, pValue: 1, alarm: false, warmingUp: false });
    expect(next(state, 1_000).alarm).toBe(false);
    // A creep from zero fires once Sen's line has risen minRelativeRise * minLevel.
    expect(firstAlarm(replay(slowRise, defaults, dayWindows([...Array.from({ length: 40 }, () => 0), 0, 0, 1, 1, 1, 2, 2, 2, 3])).scores)).toBe(45);
  });

  it('stays quiet through a gap of empty windows and the return to the usual level', () => {
    const withGap = [...alternating(40), 0, 0, 0, ...alternating(20)];
    expect(alarms(withGap)).toEqual([]);
    expect(alarms(withGap, { ...defaults, deseasonalize: 'none' })).toEqual([]);
    // A flat 6 with a gap: the climb back is a perfect MK trend, but Sen's slope is 0 (most pairs tie).
    expect(alarms([...Array.from({ length: 40 }, () => 6), 0, 0, 0, ...Array.from({ length: 20 }, () => 6)], { ...defaults, deseasonalize: 'none' })).toEqual([]);
  });

  it('does not fire on a single spike, before, at or after it', () => {
    const counts = [...alternating(40), 60, ...alternating(15)];
    const { scores } = replay(slowRise, defaults, dayWindows(counts));
    expect(scores.some((score) => score.alarm)).toBe(false);
    // One window cannot make a trend out of a flat series: no count would fire there.
    expect(scores[40]?.upper).toBeNaN();
  });

  it('fires on a step only while the step is inside the window, a ramp for as long as it climbs', () => {
    const ramp = [...alternating(40), ...Array.from({ length: 10 }, (_, k) => Math.round(5 * (1 + (k + 1) / 10))), ...Array.from({ length: 10 }, () => 10)];
    const step = [...alternating(40), ...Array.from({ length: 20 }, () => 10)];
    // The step fires on its 4th window (index 43) and stops after three: as its tied values
    // fill the window they add nothing to S, so p climbs past 1% (index 46: S = 21,
    // Var = 79.67, p = 0.0125). The ramp fires from its 5th window (index 44, when Sen's line
    // ends 50% above the baseline) to its top (index 49) and three windows past it.
    expect(alarms(ramp)).toEqual([44, 45, 46, 47, 48, 49, 50, 51, 52]);
    expect(alarms(step)).toEqual([43, 44, 45]);
  });

  it('handles counts of ten million without overflow or NaN', () => {
    const level = 1e7;
    const flat = Array.from({ length: 40 }, (_, i) => level + (i % 2 === 0 ? 3_000 : -3_000));
    const quiet = replay(slowRise, defaults, dayWindows(flat)).scores.at(-1);
    expect(quiet?.expected).toBe(level);
    expect(quiet?.alarm).toBe(false);
    expect(Number.isFinite(quiet?.score)).toBe(true);
    // +6% of the level per window: fires once Sen's line ends 50% above the level,
    // 1 + 0.06 k >= 1.5 from the 9th ramp window (index 48).
    const rising = [...flat, ...Array.from({ length: 10 }, (_, k) => level * (1 + 0.06 * (k + 1)))];
    const { scores } = replay(slowRise, defaults, dayWindows(rising));
    expect(firstAlarm(scores)).toBe(48);
    const last = scores.at(-1);
    expect(last?.alarm).toBe(true);
    expect(last?.pValue).toBeGreaterThan(0);
    expect(last?.pValue).toBeLessThan(1e-4);
    expect(Number.isFinite(last?.upper)).toBe(true);
    expect(last?.upper).toBeLessThanOrEqual(level * 1.6);
  });

  it('reports in upper the smallest count that fires, checked by brute force', () => {
    const config = { ...defaults, alpha: 0.05 };
    let finite = 0;
    for (const [seed, mean] of [
      [1, 0.5],
      [2, 3],
      [3, 12],
    ] as const) {
      const sample = seededPoisson(seed);
      for (let run = 0; run < 30; run += 1) {
        // 28 quiet windows, then 9 with a ramp of 0%, 10% or 20% of the mean per window.
        const slope = (run % 3) / 10;
        const counts = Array.from({ length: 37 }, (_, i) => sample(mean * (1 + (i >= 28 ? slope * (i - 27) : 0))));
        const state = stateAfter(counts, config);
        const { upper } = next(state, 0, config, 37);
        let smallest = Number.NaN;
        for (let count = 0; count <= 80 && Number.isNaN(smallest); count += 1) {
          if (next(state, count, config, 37).alarm) smallest = count;
        }
        expect(upper).toEqual(smallest);
        if (Number.isFinite(upper)) finite += 1;
      }
    }
    expect(finite).toBeGreaterThan(20);
  });

  it('is pure: leaves the input state alone and returns the same result twice', () => {
    const state = stateAfter([...alternating(37), 7, 8]);
    const snapshot = structuredClone(state);
    const window = countWindow('day', 39, 12);
    const first = slowRise.update(state, window, defaults);
    const second = slowRise.update(state, window, defaults);
    expect(state).toEqual(snapshot);
    expect(second).toEqual(first);
    expect(first.state.counts).not.toBe(state.counts);
  });

  it('keeps a plain-JSON state that round-trips through stateSchema', () => {
    const { state } = replay(slowRise, defaults, dayWindows(Array.from({ length: 50 }, (_, i) => (i * 5) % 9)));
    expect(state.counts).toHaveLength(37);
    expect(state.weekdays).toHaveLength(37);
    const restored = slowRise.stateSchema.parse(JSON.parse(JSON.stringify(state)));
    expect(restored).toEqual(state);
    const window = countWindow('day', 50, 7);
    expect(slowRise.update(restored, window, defaults)).toEqual(slowRise.update(state, window, defaults));
    expect(slowRise.stateSchema.parse(JSON.parse(JSON.stringify(slowRise.create(defaults))))).toEqual(slowRise.create(defaults));
    expect(slowRise.stateSchema.safeParse({ counts: [1, 2], weekdays: [1] }).success).toBe(false);
    expect(slowRise.stateSchema.safeParse({ counts: [1], weekdays: [7] }).success).toBe(false);
  });
});

/** Fraction of scored windows that alarm over `series` seeded series of `length` windows. */
function falseAlarmRate(draw: (index: number) => number, series: number, length: number): number {
  let alarmsSeen = 0;
  let scored = 0;
  for (let run = 0; run < series; run += 1) {
    let state = slowRise.create(defaults);
    for (let i = 0; i < length; i += 1) {
      const { state: nextState, score } = slowRise.update(state, countWindow('day', i, draw(i)), defaults);
      state = nextState;
      if (score.warmingUp) continue;
      scored += 1;
      if (score.alarm) alarmsSeen += 1;
    }
  }
  return alarmsSeen / scored;
}

interface RampOutcome {
  /** Fraction of runs with an alarm within the ramp's 10 windows. */
  readonly found: number;
  /** Mean ramp window (1-10) of the first alarm, over the runs that found it. */
  readonly delay: number;
}

/**
 * 200 seeded series at `mean`: 40-46 quiet windows, then a linear ramp to twice the mean over 10
 * windows. Every detector sees the same series; alarms before the ramp are ignored here.
 */
function rampOutcomes(mean: number, seed: number): Record<'slowRise' | 'ewma' | 'cusum', RampOutcome> {
  const detectors = { slowRise, ewma, cusum } as unknown as Record<'slowRise' | 'ewma' | 'cusum', Detector<unknown, unknown>>;
  const configs = { slowRise: defaults, ewma: ewma.configSchema.parse({}), cusum: cusum.configSchema.parse({}) };
  const sample = seededPoisson(seed);
  const delays: Record<string, number[]> = { slowRise: [], ewma: [], cusum: [] };
  const runs = 200;
  for (let run = 0; run < runs; run += 1) {
    const quiet = 40 + (run % 7);
    const counts = Array.from({ length: quiet + 10 }, (_, i) => sample(mean * (1 + Math.max(0, i - quiet + 1) / 10)));
    for (const name of ['slowRise', 'ewma', 'cusum'] as const) {
      const { scores } = replay(detectors[name], configs[name], dayWindows(counts));
      const first = scores.slice(quiet).findIndex((score) => score.alarm);
      if (first >= 0) delays[name]?.push(first + 1);
    }
  }
  const outcome = (name: string): RampOutcome => {
    const found = delays[name] ?? [];
    return { found: found.length / runs, delay: found.reduce((sum, d) => sum + d, 0) / Math.max(1, found.length) };
  };
  return { slowRise: outcome('slowRise'), ewma: outcome('ewma'), cusum: outcome('cusum') };
}

describe('slow_rise false alarms and power (seeded simulation)', () => {
  it('keeps the per-window false-alarm rate under 0.5% on stationary Poisson counts', () => {
    // 5 series x 1000 windows (4815 scored) per mean. Measured: 0.21% (mean 0.5), 0.19% (5),
    // 0 (50). Other seeds, means 1-5 and weekly patterns give 0.15-0.55%. Below alpha: the
    // continuity correction and ties make MK conservative on counts, and the gates drop most
    // chance trends; at high means the +50% gates are many standard deviations away.
    const rates = [0.5, 5, 50].map((mean, i) => {
      const sample = seededPoisson(100 + i);
      return falseAlarmRate(() => sample(mean), 5, 1000);
    });
    expect(rates[0]).toBeLessThan(0.005);
    expect(rates[1]).toBeLessThan(0.005);
    expect(rates[2]).toBeLessThan(0.001);
  });

  it('keeps it under a weekly pattern and under overdispersion, where Poisson CUSUM limits do not', () => {
    // Weekly pattern Sun..Sat x (0.6, 1.2, 1.1, 1.1, 1.0, 1.0, 0.5) around mean 5.
    const pattern = [0.6, 1.2, 1.1, 1.1, 1.0, 1.0, 0.5];
    const weekly = seededPoisson(200);
    const weeklyRate = falseAlarmRate((i) => weekly(5 * (pattern[countWindow('day', i, 0).weekday] ?? 1)), 5, 1000);
    expect(weeklyRate).toBeLessThan(0.005);

    // Overdispersed: a 50/50 mix of Poisson(2) and Poisson(8): mean 5, variance 14.
    // (P[Poisson(ln 2) = 0] = 1/2 makes a seeded fair coin out of the fixture's sampler.)
    const coin = seededPoisson(300);
    const counts = seededPoisson(301);
    const mixed = (): number => counts(coin(Math.LN2) === 0 ? 2 : 8);
    const mixedRate = falseAlarmRate(mixed, 5, 1000);
    // Measured: weekly 0.27%; mixture 0.29% for slow_rise against 3.3% for cusum.
    expect(mixedRate).toBeLessThan(0.005);
    const cusumConfig = cusum.configSchema.parse({});
    const series = Array.from({ length: 5000 }, mixed);
    const cusumScores = replay(cusum, cusumConfig, dayWindows(series)).scores.filter((score) => !score.warmingUp);
    const cusumRate = cusumScores.filter((score) => score.alarm).length / cusumScores.length;
    expect(cusumRate).toBeGreaterThan(4 * mixedRate);
  });

  it('finds a +100% ramp over 10 windows at mean 50 within the ramp; at mean 5 rarely, unlike EWMA and CUSUM', () => {
    // MK only sees the order of the newest 10 values. At mean 5 a ramp of +0.5 a window is small
    // against Poisson noise (sd 2.2-3.2), so S rarely reaches the 1% level inside the ramp, while
    // EWMA and CUSUM compare the level with the baseline and find it (at a similar false-alarm
    // rate: their in-control ARLs at mean 5 are about 360 and 200 windows, slow_rise's 200-500).
    // Found within the ramp, 200 runs (mean ramp window of the first alarm):
    //   mean 5:  slow_rise 19% (7.3),   ewma 76.5% (7.1), cusum 85.5% (7.2)
    //   mean 50: slow_rise 92.5% (6.9), ewma 100% (3.9),  cusum 100% (4.0)
    // A 14-window trend window finds 34% at mean 5 (100% at 50) at the same false-alarm rate,
    // but fires more often on the return from a week of empty windows.
    const low = rampOutcomes(5, 400);
    expect(low.slowRise.found).toBeGreaterThan(0.1);
    expect(low.slowRise.found).toBeLessThan(0.35);
    expect(low.ewma.found).toBeGreaterThan(low.slowRise.found);
    expect(low.cusum.found).toBeGreaterThan(low.slowRise.found);
    const high = rampOutcomes(50, 500);
    expect(high.slowRise.found).toBeGreaterThan(0.8);
    expect(high.slowRise.delay).toBeGreaterThan(high.cusum.delay);
  });
});
