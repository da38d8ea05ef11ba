import { describe, expect, it } from 'vitest';
import { cusum } from '../../../detectors/cusum.js';
import type { CusumConfig, CusumState } from '../../../detectors/cusum.js';
import { countWindow, dayWindows, firstAlarm, replay, simulateRunLengths } from './window-fixture.js';

const defaults = cusum.configSchema.parse({});

function stateAfter(counts: readonly number[], config: CusumConfig = defaults): CusumState {
  return replay(cusum, config, dayWindows(counts)).state;
}

function next(state: CusumState, count: number, config: CusumConfig = defaults, index = 100) {
  return cusum.update(state, countWindow('day', index, count), config);
}

describe('cusum config', () => {
  it('parses {} to the documented defaults', () => {
    expect(defaults).toEqual({
      delta: 1,
      h: 5,
      baseline: 28,
      guard: 2,
      minHistory: 7,
      minMean: 0.5,
      resetOnAlarm: true,
    });
  });

  it('rejects unknown keys, a non-positive h and minHistory above baseline', () => {
    expect(cusum.configSchema.safeParse({ H: 4 }).success).toBe(false);
    expect(cusum.configSchema.safeParse({ h: -1 }).success).toBe(false);
    expect(cusum.configSchema.safeParse({ baseline: 5, minHistory: 6 }).success).toBe(false);
  });
});

describe('cusum', () => {
  it('warms up until the baseline behind the guard holds minHistory windows', () => {
    const first = next(cusum.create(defaults), 1_000, defaults, 0);
    expect(first.score).toEqual({ expected: Number.NaN, upper: Number.NaN, score: 0, alarm: false, warmingUp: true });
    expect(first.state).toEqual({ history: [1_000], s: 0 });
    const { scores } = replay(cusum, defaults, dayWindows(Array.from({ length: 10 }, () => 5)));
    expect(scores.slice(0, 9).every((score) => score.warmingUp && !score.alarm)).toBe(true);
    expect(scores[9]?.warmingUp).toBe(false);
  });

  it('matches a hand computation and restarts after an alarm', () => {
    const config = cusum.configSchema.parse({ baseline: 5, minHistory: 5 });
    // Windows 1-7 warm up; the ring holds [3, 3, 4, 5, 5, 3, 9].
    // Window 8 (x = 8): baseline [3, 3, 4, 5, 5] (the two guard windows 3, 9 left out)
    //   mu0 = 4; mu1 = 4 + 1 * sqrt(4) = 6; k = (6 - 4) / ln(6 / 4) = 2 / 0.405465 = 4.932607
    //   H = 5 * sqrt(4) = 10
    //   S_1 = max(0, 0 + 8 - 4.932607) = 3.067393; no alarm; score = 3.067393 / 10
    //   upper = k + H - S_0 = 14.932607
    // Window 9 (x = 12): baseline [3, 4, 5, 5, 3]: mu0 = 4 again, same k and H
    //   S_2 = 3.067393 + 12 - 4.932607 = 10.134786 > 10: alarm, score = 1, S restarts at 0
    //   upper = 4.932607 + 10 - 3.067393 = 11.865214
    const windows = dayWindows([3, 3, 4, 5, 5, 3, 9, 8, 12]);
    const { scores, state } = replay(cusum, config, windows);

    const step1 = scores[7];
    expect(step1?.expected).toBe(4);
    expect(step1?.upper).toBeCloseTo(14.932607, 6);
    expect(step1?.score).toBeCloseTo(0.3067393, 7);
    expect(step1?.alarm).toBe(false);
    expect(step1 && 'pValue' in step1).toBe(false);

    const step2 = scores[8];
    expect(step2?.upper).toBeCloseTo(11.865214, 6);
    expect(step2?.score).toBe(1);
    expect(step2?.alarm).toBe(true);
    expect(state).toEqual({ history: [4, 5, 5, 3, 9, 8, 12], s: 0 });

    const kept = replay(cusum, { ...config, resetOnAlarm: false }, windows).state;
    expect(kept.s).toBeCloseTo(10.134786, 6);
  });

  it('never alarms on all-zero windows; after them one 4 is quiet, one 5 or two 3s fire', () => {
    const zeros = replay(cusum, defaults, dayWindows(Array.from({ length: 40 }, () => 0)));
    expect(zeros.scores.some((score) => score.alarm)).toBe(false);
    // mu0 = 0 is floored at minMean 0.5: mu1 = 0.5 + sqrt(0.5) = 1.207107,
    // k = 0.707107 / ln(1.207107 / 0.5) = 0.802278, H = 5 * sqrt(0.5) = 3.535534, S = 0.
    const last = zeros.scores.at(-1);
    expect(last?.expected).toBe(0);
    expect(last?.upper).toBeCloseTo(0.802278 + 3.535534, 6);
    expect(last?.score).toBe(0);
    // One 4: S = 3.197722 <= H.  One 5: S = 4.197722 > H.
    expect(next(zeros.state, 4).score.alarm).toBe(false);
    expect(next(zeros.state, 5).score.alarm).toBe(true);
    // Two 3s: S = 2.197722, then 4.395444 > H.
    const afterThree = next(zeros.state, 3);
    expect(afterThree.score.alarm).toBe(false);
    expect(next(afterThree.state, 3, defaults, 101).score.alarm).toBe(true);
  });

  it('treats gap windows as counts of zero: S drains by k per empty window', () => {
    const config = cusum.configSchema.parse({ baseline: 7, minHistory: 7, guard: 0 });
    // 7 windows of 4 (mu0 = 4, k = 4.932607), then 7, then three empty windows.
    const { scores, state } = replay(cusum, config, dayWindows([4, 4, 4, 4, 4, 4, 4, 7, 0, 0, 0]));
    expect(scores.some((score) => score.alarm)).toBe(false);
    // S after the 7 is 2.067393; the first 0 takes it to max(0, 2.067393 - k') = 0.
    expect(scores[7]?.score).toBeCloseTo(2.067393 / 10, 6);
    expect(scores[8]?.score).toBe(0);
    expect(state.s).toBe(0);
    // The empty windows lower the baseline: window 11 sees [4, 4, 4, 4, 7, 0, 0], mean 23 / 7.
    expect(scores[10]?.expected).toBeCloseTo(23 / 7, 12);
  });

  it('handles counts in the tens of millions without overflow or NaN', () => {
    const level = 1e7;
    const counts = Array.from({ length: 30 }, (_, i) => level + (i % 2 === 0 ? 3_000 : -3_000));
    const state = stateAfter(counts);
    const quiet = next(state, level).score;
    expect(quiet.expected).toBe(level);
    // k = mu0 + about 0.5 sqrt(mu0); H = 5 sqrt(1e7) = 15811.4
    expect(quiet.upper - level).toBeCloseTo(0.5 * Math.sqrt(level) + 5 * Math.sqrt(level), -1);
    expect(quiet.alarm).toBe(false);
    const spike = next(state, level + 20_000).score;
    expect(spike.alarm).toBe(true);
    expect(Number.isFinite(spike.upper)).toBe(true);
  });

  it('finds a small step of 1.3 Poisson sd on its seventh window', () => {
    // 30 windows alternating 4 and 6 (mu0 = 5), then 8 for good; the EWMA misses this one.
    const before = Array.from({ length: 30 }, (_, i) => (i % 2 === 0 ? 4 : 6));
    const { scores } = replay(cusum, defaults, dayWindows([...before, ...Array.from({ length: 10 }, () => 8)]));
    expect(scores.slice(0, 36).some((score) => score.alarm)).toBe(false);
    expect(firstAlarm(scores)).toBe(36);
    // The evidence grows window by window before it fires.
    const rising = scores.slice(30, 36).map((score) => score.score);
    expect(rising).toEqual([...rising].sort((a, b) => a - b));
  });

  it('fires above `upper` and not below it', () => {
    const histories = [
      [3, 3, 4, 5, 5, 3, 9, 5, 4, 6, 5, 4, 6, 8, 9],
      Array.from({ length: 40 }, (_, i) => (i * 7) % 11),
      Array.from({ length: 12 }, () => 0),
    ];
    for (const counts of histories) {
      const state = stateAfter(counts);
      const { upper } = next(state, 0).score;
      expect(next(state, Math.floor(upper)).score.alarm).toBe(false);
      expect(next(state, Math.ceil(upper) + 1).score.alarm).toBe(true);
    }
  });

  it('is pure: leaves the input state alone and returns the same result twice', () => {
    const state = stateAfter([3, 3, 4, 5, 5, 3, 9, 8, 6, 7, 9]);
    const snapshot = structuredClone(state);
    const window = countWindow('day', 11, 12);
    const first = cusum.update(state, window, defaults);
    const second = cusum.update(state, window, defaults);
    expect(state).toEqual(snapshot);
    expect(second).toEqual(first);
  });

  it('keeps a plain-JSON state that round-trips through stateSchema', () => {
    const { state } = replay(cusum, defaults, dayWindows(Array.from({ length: 45 }, (_, i) => (i * 5) % 9)));
    expect(state.history).toHaveLength(30);
    const restored = cusum.stateSchema.parse(JSON.parse(JSON.stringify(state)));
    expect(restored).toEqual(state);
    const window = countWindow('day', 45, 7);
    expect(cusum.update(restored, window, defaults)).toEqual(cusum.update(state, window, defaults));
  });

  it('keeps false alarms rare and finds steps within a week (seeded Poisson, mu0 = 5)', () => {
    // About 270 windows in-control ARL; P(found within 7 windows) about 0.95 for +2 sd and
    // 0.4 for +1 sd in a 400-run simulation.
    const setup = { detector: cusum, config: defaults, mean: 5, runs: 150 };
    const inControl = simulateRunLengths({ ...setup, shiftSd: 0, seed: 1 });
    const arl0 = inControl.reduce((sum, length) => sum + length, 0) / inControl.length;
    expect(arl0).toBeGreaterThan(150);
    const within7 = (lengths: number[]) => lengths.filter((length) => length <= 7).length / lengths.length;
    const twoSd = simulateRunLengths({ ...setup, shiftSd: 2, seed: 2 });
    expect(within7(twoSd)).toBeGreaterThan(0.85);
    const oneSd = simulateRunLengths({ ...setup, shiftSd: 1, seed: 3 });
    expect(within7(oneSd)).toBeGreaterThan(0.3);
  });
});
