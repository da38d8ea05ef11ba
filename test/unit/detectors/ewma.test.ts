import { describe, expect, it } from 'vitest';
import { ewma } from '../../../detectors/ewma.js';
import type { EwmaConfig, EwmaState } from '../../../detectors/ewma.js';
import { countWindow, dayWindows, firstAlarm, replay, simulateRunLengths } from './window-fixture.js';

const defaults = ewma.configSchema.parse({});

/** State after `counts`, under `config`. */
function stateAfter(counts: readonly number[], config: EwmaConfig = defaults): EwmaState {
  return replay(ewma, config, dayWindows(counts)).state;
}

/** Scores the next window (day index `index`) with count `count` from `state`. */
function next(state: EwmaState, count: number, config: EwmaConfig = defaults, index = 100) {
  return ewma.update(state, countWindow('day', index, count), config).score;
}

describe('ewma config', () => {
  it('parses {} to the documented defaults', () => {
    expect(defaults).toEqual({
      lambda: 0.3,
      L: 3,
      baseline: 28,
      guard: 2,
      minHistory: 7,
      poissonFloor: true,
      minSigma: 0.5,
    });
  });

  it('rejects unknown keys, lambda outside (0, 1] and minHistory above baseline', () => {
    expect(ewma.configSchema.safeParse({ lamda: 0.2 }).success).toBe(false);
    expect(ewma.configSchema.safeParse({ lambda: 0 }).success).toBe(false);
    expect(ewma.configSchema.safeParse({ lambda: 1.1 }).success).toBe(false);
    expect(ewma.configSchema.safeParse({ baseline: 5, minHistory: 6 }).success).toBe(false);
  });
});

describe('ewma', () => {
  it('warms up until the baseline behind the guard holds minHistory windows', () => {
    // guard 2 + minHistory 7: windows 1-9 warm up, window 10 is the first scored.
    const { scores } = replay(ewma, defaults, dayWindows(Array.from({ length: 10 }, () => 5)));
    for (const score of scores.slice(0, 9)) {
      expect(score).toEqual({ expected: Number.NaN, upper: Number.NaN, score: 0, alarm: false, warmingUp: true });
    }
    expect(scores[9]?.warmingUp).toBe(false);
  });

  it('does not alarm on a spike while it has no history', () => {
    const first = ewma.update(ewma.create(defaults), countWindow('day', 0, 1_000), defaults);
    expect(first.score.alarm).toBe(false);
    expect(first.score.warmingUp).toBe(true);
    expect(first.state).toEqual({ history: [1_000], z: null, steps: 0 });
  });

  it('matches a hand computation, guard windows excluded from the baseline', () => {
    const config = ewma.configSchema.parse({ baseline: 5, minHistory: 5 });
    // Windows 1-7 warm up. The ring keeps baseline + guard = 7 counts: [3, 3, 4, 5, 5, 3, 9].
    // Window 8 (x = 5): baseline = the 5 before the 2 guard windows = [3, 3, 4, 5, 5]
    //   mu0 = 19 / 5 = 4; sample sd = sqrt((1 + 1 + 0 + 1 + 1) / 4) = 1; sqrt(mu0) = 2
    //   sigma = max(1, 2, 0.5) = 2
    //   z_1 = 0.3 * 5 + 0.7 * 4 = 4.3
    //   sigma_z = 2 * sqrt(0.3 / 1.7 * (1 - 0.7^2)) = 2 * sqrt(0.09) = 0.6
    //   UCL = 4 + 3 * 0.6 = 5.8;  upper = (5.8 - 0.7 * 4) / 0.3 = 10
    //   score = Phi((4.3 - 4) / 0.6) = Phi(0.5) = 0.691462
    // Window 9 (x = 11): baseline = [3, 4, 5, 5, 3]: mu0 = 4, sd = 1, sigma = 2 again
    //   z_2 = 0.3 * 11 + 0.7 * 4.3 = 3.3 + 3.01 = 6.31
    //   sigma_z = 2 * sqrt(0.3 / 1.7 * (1 - 0.7^4)) = 2 * sqrt(0.1341) = 0.732393
    //   UCL = 4 + 3 * 0.732393 = 6.197180 < 6.31: alarm
    //   upper = (6.197180 - 0.7 * 4.3) / 0.3 = 10.623934
    //   score = Phi((6.31 - 4) / 0.732393) = Phi(3.154045) = 0.999195
    const { scores, state } = replay(ewma, config, dayWindows([3, 3, 4, 5, 5, 3, 9, 5, 11]));
    expect(scores.slice(0, 7).every((score) => score.warmingUp)).toBe(true);

    const step1 = scores[7];
    expect(step1?.expected).toBe(4);
    expect(step1?.upper).toBeCloseTo(10, 9);
    expect(step1?.score).toBeCloseTo(0.691462, 6);
    expect(step1?.pValue).toBeCloseTo(0.308538, 6);
    expect(step1?.alarm).toBe(false);

    const step2 = scores[8];
    expect(step2?.expected).toBe(4);
    expect(step2?.upper).toBeCloseTo(10.623934, 5);
    expect(step2?.score).toBeCloseTo(0.999195, 6);
    expect(step2?.alarm).toBe(true);
    expect(state.z).toBeCloseTo(6.31, 12);
    expect(state.steps).toBe(2);
    expect(state.history).toEqual([4, 5, 5, 3, 9, 5, 11]);
  });

  it('never alarms on all-zero windows, ignores a single count and fires on 3', () => {
    const zeros = replay(ewma, defaults, dayWindows(Array.from({ length: 60 }, () => 0)));
    expect(zeros.scores.some((score) => score.alarm)).toBe(false);
    // mu0 = 0 and sd = 0, so sigma = minSigma = 0.5 and z stays at 0. After 51 steps
    // (1 - 0.7^102 = 1): UCL = 3 * 0.5 * sqrt(0.3 / 1.7) = 0.630126, upper = 0.630126 / 0.3.
    const last = zeros.scores.at(-1);
    expect(last?.expected).toBe(0);
    expect(last?.upper).toBeCloseTo(2.100420, 6);
    expect(last?.score).toBeCloseTo(0.5, 6);
    expect(next(zeros.state, 1).alarm).toBe(false);
    expect(next(zeros.state, 2).alarm).toBe(false);
    expect(next(zeros.state, 3).alarm).toBe(true);
  });

  it('treats gap windows as counts of zero: they pull the baseline down but never fire', () => {
    const config = ewma.configSchema.parse({ baseline: 7, minHistory: 7, guard: 0 });
    // 7 windows of 6, then 3 empty windows, then 6 again.
    const { scores } = replay(ewma, config, dayWindows([6, 6, 6, 6, 6, 6, 6, 0, 0, 0, 6, 6]));
    expect(scores.some((score) => score.alarm)).toBe(false);
    // Window 11 (x = 6) sees baseline [6, 6, 6, 6, 0, 0, 0]: mu0 = 24 / 7.
    expect(scores[10]?.expected).toBeCloseTo(24 / 7, 12);
    // The empty windows dragged z from 6 to 4.2, 2.94, 2.058; window 11 gives
    // z = 0.3 * 6 + 0.7 * 2.058 = 3.2406, still below mu0 = 3.4286.
    expect(scores[10]?.score).toBeLessThan(0.5);
  });

  it('handles counts in the tens of millions without overflow or NaN', () => {
    const level = 1e7;
    const counts = Array.from({ length: 30 }, (_, i) => level + (i % 2 === 0 ? 3_000 : -3_000));
    const state = stateAfter(counts);
    const quiet = next(state, level);
    expect(quiet.expected).toBe(level);
    expect(Number.isFinite(quiet.upper)).toBe(true);
    expect(quiet.alarm).toBe(false);
    // sigma = max(sd = 3054.7, sqrt(1e7) = 3162.3): a rise of 5 sigma in one window fires.
    const spike = next(state, level + 5 * 3_163);
    expect(spike.alarm).toBe(true);
    expect(spike.score).toBeGreaterThan(0.99);
    expect(Number.isFinite(spike.pValue)).toBe(true);
  });

  it('finds a step of about 1.8 Poisson sd on its fourth window, not at once', () => {
    // 30 windows alternating 4 and 6 (mu0 = 5, sigma = sqrt 5 = 2.236), then 9 for good.
    const before = Array.from({ length: 30 }, (_, i) => (i % 2 === 0 ? 4 : 6));
    const { scores } = replay(ewma, defaults, dayWindows([...before, ...Array.from({ length: 10 }, () => 9)]));
    expect(scores.slice(0, 33).some((score) => score.alarm)).toBe(false);
    expect(firstAlarm(scores)).toBe(33);
  });

  it('misses a sustained step of 1.3 sd: the baseline absorbs it before z gets there', () => {
    // Known limit of a rolling baseline with a 2-window guard; the CUSUM fires on this series.
    const before = Array.from({ length: 30 }, (_, i) => (i % 2 === 0 ? 4 : 6));
    const { scores } = replay(ewma, defaults, dayWindows([...before, ...Array.from({ length: 30 }, () => 8)]));
    expect(firstAlarm(scores)).toBe(-1);
  });

  it('fires above `upper` and not below it', () => {
    const histories = [
      [3, 3, 4, 5, 5, 3, 9, 5, 4, 6, 5, 4, 6],
      Array.from({ length: 40 }, (_, i) => (i * 7) % 11),
      Array.from({ length: 12 }, () => 0),
    ];
    for (const counts of histories) {
      const state = stateAfter(counts);
      const { upper } = next(state, 0);
      expect(next(state, Math.floor(upper)).alarm).toBe(false);
      expect(next(state, Math.ceil(upper) + 1).alarm).toBe(true);
    }
  });

  it('is pure: leaves the input state alone and returns the same result twice', () => {
    const state = stateAfter([3, 3, 4, 5, 5, 3, 9, 5, 4, 6, 5]);
    const snapshot = structuredClone(state);
    const window = countWindow('day', 11, 12);
    const first = ewma.update(state, window, defaults);
    const second = ewma.update(state, window, defaults);
    expect(state).toEqual(snapshot);
    expect(second).toEqual(first);
    expect(first.state.history).not.toBe(state.history);
  });

  it('keeps a plain-JSON state that round-trips through stateSchema', () => {
    const { state } = replay(ewma, defaults, dayWindows(Array.from({ length: 45 }, (_, i) => (i * 5) % 9)));
    expect(state.history).toHaveLength(30);
    const restored = ewma.stateSchema.parse(JSON.parse(JSON.stringify(state)));
    expect(restored).toEqual(state);
    const window = countWindow('day', 45, 7);
    expect(ewma.update(restored, window, defaults)).toEqual(ewma.update(state, window, defaults));
    expect(ewma.stateSchema.parse(JSON.parse(JSON.stringify(ewma.create(defaults))))).toEqual(ewma.create(defaults));
  });

  it('keeps false alarms rare and finds a 2 sd step within a week (seeded Poisson, mu0 = 5)', () => {
    // In-control ARL about 360 windows and P(+2 sd found within 7 windows) about 0.85-0.9 in a
    // 400-run simulation; the bounds leave room for the smaller sample used here.
    const inControl = simulateRunLengths({ detector: ewma, config: defaults, mean: 5, shiftSd: 0, runs: 150, seed: 1 });
    const arl0 = inControl.reduce((sum, length) => sum + length, 0) / inControl.length;
    expect(arl0).toBeGreaterThan(200);
    const shifted = simulateRunLengths({ detector: ewma, config: defaults, mean: 5, shiftSd: 2, runs: 150, seed: 2 });
    expect(shifted.filter((length) => length <= 7).length / shifted.length).toBeGreaterThan(0.75);
  });
});
