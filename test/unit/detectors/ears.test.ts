import { describe, it, expect } from 'vitest';
import type { Score } from '../../../src/domain/score.js';
import type { Detector } from '../../../detectors/detector.js';
import { earsC1, earsC2, earsC3 } from '../../../detectors/ears.js';
import type { EarsConfig, EarsState } from '../../../detectors/ears.js';
import { loadEarsGoldenCases, regenerateEarsGoldenIfRequested, windowsOf, withinTolerance } from './golden.js';
import { last, replay } from './window-fixture.js';

type Ears = Detector<EarsConfig, EarsState>;
const DETECTORS = { C1: earsC1, C2: earsC2, C3: earsC3 } as const;

/** Runs `counts` through `detector` from an empty state and returns every score. */
function scores(detector: Ears, counts: readonly number[], config: EarsConfig = detector.configSchema.parse({})): Score[] {
  return replay(detector, config, windowsOf(counts)).scores;
}

regenerateEarsGoldenIfRequested();

describe('EARS golden fixtures (R surveillance::earsC)', () => {
  const cases = loadEarsGoldenCases();

  it('finds the fixtures', () => {
    expect(cases.length).toBeGreaterThanOrEqual(8);
  });

  for (const fixture of cases) {
    for (const method of ['C1', 'C2', 'C3'] as const) {
      it(`${fixture.name} ${method} matches R's upper bound and alarm on every row`, () => {
        const expected = fixture.expected.methods[method];
        const detector = DETECTORS[method];
        const { alpha, baseline, minSigma } = expected.control;
        const config = detector.configSchema.parse({ alpha, baseline, minSigma });
        const counts = fixture.rows.map((row) => row.count);
        expect(expected.upperbound).toHaveLength(counts.length);

        const mismatches: string[] = [];
        scores(detector, counts, config).forEach((score, i) => {
          if (i < expected.firstIndex) {
            if (!score.warmingUp || score.alarm || !Number.isNaN(score.upper)) mismatches.push(`row ${i}: expected warming up`);
            return;
          }
          const upper = expected.upperbound[i] ?? null;
          const alarm = expected.alarm[i] ?? null;
          if (score.warmingUp) mismatches.push(`row ${i}: still warming up`);
          if (!withinTolerance(score.upper, upper, fixture.expected)) mismatches.push(`row ${i}: upper ${score.upper}, R ${upper}`);
          // R's NA alarm (NaN bound) is no alarm here.
          if (score.alarm !== (alarm ?? false)) mismatches.push(`row ${i}: alarm ${score.alarm}, R ${alarm}`);
        });
        expect(mismatches).toEqual([]);
      });
    }
  }
});

describe('EARS C1', () => {
  it('computes the bound by hand', () => {
    // Baseline 2 4 3 5 1 4 2: mean 21/7 = 3; squared deviations 1 1 0 4 4 1 1 sum to 12,
    // so sd = sqrt(12 / 6) = sqrt(2). z = qnorm(0.999) = 3.0902323061678132, hence
    // upper = 3 + 3.0902323061678132 * 1.4142135623730951 = 7.3702484382660085 (R agrees).
    // y = 8 > 7.37 alarms; its z-score is 5 / sqrt(2) = 3.5355, pnorm of which is 0.9997965239912775.
    const score = last(scores(earsC1, [2, 4, 3, 5, 1, 4, 2, 8]));
    expect(score.warmingUp).toBe(false);
    expect(score.expected).toBe(3);
    expect(score.upper).toBeCloseTo(7.3702484382660085, 14);
    expect(score.alarm).toBe(true);
    expect(score.score).toBeCloseTo(0.9997965239912775, 14);
    expect(score.pValue).toBeCloseTo(1 - 0.9997965239912775, 14);
  });

  it('does not alarm on a count equal to the bound (strictly greater, like R)', () => {
    const score = last(scores(earsC1, [5, 5, 5, 5, 5, 5, 5, 5]));
    expect(score.upper).toBe(5);
    expect(score.alarm).toBe(false);
    expect(score.score).toBe(0);
    expect(score.pValue).toBe(1);
  });

  it('uses only the last `baseline` windows', () => {
    // The 1000 is 8 windows back, outside a baseline of 7.
    const score = last(scores(earsC1, [1000, 2, 4, 3, 5, 1, 4, 2, 8]));
    expect(score.expected).toBe(3);
    expect(score.upper).toBeCloseTo(7.3702484382660085, 14);
  });

  it('honours baseline, alpha and minSigma', () => {
    const config = earsC1.configSchema.parse({ baseline: 3, alpha: 0.025, minSigma: 2 });
    // Baseline 4 4 4: mean 4, sd 0 floored to 2; upper = 4 + 1.9599639845400536 * 2.
    const score = last(scores(earsC1, [4, 4, 4, 8], config));
    expect(score.upper).toBeCloseTo(4 + 1.9599639845400536 * 2, 14);
    expect(score.alarm).toBe(true);
  });
});

describe('EARS C2', () => {
  it('skips the two windows before t (guard band)', () => {
    // The two 100s sit in the guard band, so the baseline is the same as C1's hand example.
    const score = last(scores(earsC2, [2, 4, 3, 5, 1, 4, 2, 100, 100, 8]));
    expect(score.expected).toBe(3);
    expect(score.upper).toBeCloseTo(7.3702484382660085, 14);
    expect(score.alarm).toBe(true);
  });
});

describe('EARS C3', () => {
  // Baseline 3, alpha 0.025 (R's C3 default), z = 1.9599639845400536. For y = 1 2 3 1 2 3 y7 y8:
  // C2_6 uses y1..y3 = 1 2 3 (mean 2, sd 1): (3 - 2) / 1 = 1, so its term max(0, C2 - 1) is 0.
  // C2_7 uses y2..y4 = 2 3 1 (mean 2, sd 1): (y7 - 2) / 1. The bound of t = 8 uses y3..y5 = 3 1 2:
  // upper = max(0, y8 + 1 * (z - (0 + max(0, y7 - 3)))).
  const config = earsC3.configSchema.parse({ baseline: 3 });

  it("defaults alpha to 0.025 like R's earsC for C3", () => {
    expect(config.alpha).toBe(0.025);
    expect(earsC1.configSchema.parse({}).alpha).toBe(0.001);
  });

  it('computes the bound by hand when the lagged C2 are small', () => {
    const score = last(scores(earsC3, [1, 2, 3, 1, 2, 3, 3, 4], config));
    expect(score.expected).toBe(2);
    expect(score.upper).toBeCloseTo(4 + 1.9599639845400536, 14);
    expect(score.alarm).toBe(false);
  });

  it('alarms after a spike at t-1 even when y_t is back to normal (R clips the bound at 0)', () => {
    // y7 = 10: C2_7 = 8, term 7 > z, so upper = max(0, 4 + (1.96 - 7)) = 0 and y8 = 4 > 0 alarms.
    const score = last(scores(earsC3, [1, 2, 3, 1, 2, 3, 10, 4], config));
    expect(score.upper).toBe(0);
    expect(score.alarm).toBe(true);
    expect(score.score).toBeGreaterThan(0.975);
  });

  it('does not alarm on a zero count, whatever the lags', () => {
    const score = last(scores(earsC3, [1, 2, 3, 1, 2, 3, 10, 0], config));
    expect(score.upper).toBe(0);
    expect(score.alarm).toBe(false);
  });
});

describe('EARS edge cases', () => {
  it('warms up until it has baseline, baseline + 2, baseline + 4 windows of history', () => {
    const counts = Array.from({ length: 12 }, (_, i) => i % 3);
    const firstScored = (detector: Ears) => scores(detector, counts).findIndex((score) => !score.warmingUp);
    expect(firstScored(earsC1)).toBe(7);
    expect(firstScored(earsC2)).toBe(9);
    expect(firstScored(earsC3)).toBe(11);
  });

  it('gives a warming-up score on the very first window and still records the count', () => {
    const config = earsC1.configSchema.parse({});
    const [window] = windowsOf([42]);
    if (window === undefined) throw new Error('no window');
    const { state, score } = earsC1.update(earsC1.create(config), window, config);
    expect(score).toMatchObject({ warmingUp: true, alarm: false, score: 0 });
    expect(score.upper).toBeNaN();
    expect(score.expected).toBeNaN();
    expect(state.counts).toEqual([42]);
  });

  it('keeps only the history it needs in state', () => {
    const config = earsC3.configSchema.parse({});
    let state = earsC3.create(config);
    for (const window of windowsOf(Array.from({ length: 40 }, (_, i) => i))) state = earsC3.update(state, window, config).state;
    expect(state.counts).toEqual(Array.from({ length: 11 }, (_, i) => 29 + i));
    expect(earsC3.stateSchema.safeParse(JSON.parse(JSON.stringify(state))).success).toBe(true);
  });

  it('on all zeros: C1/C2 bound 0 and no alarm; C3 bound NaN (R: NA) and no alarm', () => {
    const zeros = new Array<number>(20).fill(0);
    for (const score of scores(earsC1, zeros).slice(7)) expect(score).toMatchObject({ upper: 0, alarm: false, score: 0 });
    for (const score of scores(earsC3, zeros).slice(11)) {
      expect(score.upper).toBeNaN();
      expect(score).toMatchObject({ alarm: false, score: 0, warmingUp: false });
      expect(score.pValue).toBeUndefined();
    }
  });

  it('with sd = 0 alarms on any count above the mean (R: bound = mean)', () => {
    const score = last(scores(earsC1, [5, 5, 5, 5, 5, 5, 5, 6]));
    expect(score).toMatchObject({ expected: 5, upper: 5, alarm: true, score: 1, pValue: 0 });
  });

  it('treats zeros in a gap like any other count', () => {
    // 1 0 0 0 0 0 1: mean 2/7, sd sqrt((2 * (5/7)^2 + 5 * (2/7)^2) / 6) = sqrt(10/42).
    const score = last(scores(earsC1, [1, 0, 0, 0, 0, 0, 1, 3]));
    expect(score.expected).toBeCloseTo(2 / 7, 15);
    expect(score.upper).toBeCloseTo(2 / 7 + 3.0902323061678132 * Math.sqrt(10 / 42), 14);
    expect(score.alarm).toBe(true);
  });

  it('stays accurate with huge counts', () => {
    const base = 1e7;
    const score = last(scores(earsC1, [base + 2, base + 4, base + 3, base + 5, base + 1, base + 4, base + 2, base + 8]));
    expect(score.expected).toBe(base + 3);
    expect(score.upper - base).toBeCloseTo(7.3702484382660085 - 0, 8);
    expect(score.alarm).toBe(true);
  });

  it('is pure: does not mutate its input state and gives the same result twice', () => {
    for (const detector of [earsC1, earsC2, earsC3]) {
      const config = detector.configSchema.parse({});
      let state = detector.create(config);
      const windows = windowsOf([3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5, 8, 9, 7]);
      for (const window of windows.slice(0, -1)) state = detector.update(state, window, config).state;
      const snapshot = JSON.stringify(state);
      const lastWindow = windows[windows.length - 1];
      if (lastWindow === undefined) throw new Error('no window');
      const first = detector.update(state, lastWindow, config);
      const second = detector.update(state, lastWindow, config);
      expect(JSON.stringify(state)).toBe(snapshot);
      expect(second).toEqual(first);
      expect(first.state).not.toBe(state);
    }
  });

  it('has the registry names and default config', () => {
    expect([earsC1.name, earsC2.name, earsC3.name]).toEqual(['ears_c1', 'ears_c2', 'ears_c3']);
    expect(earsC2.configSchema.parse({})).toEqual({ alpha: 0.001, baseline: 7, minSigma: 0 });
    expect(earsC1.configSchema.safeParse({ baseline: 2 }).success).toBe(false);
    expect(earsC1.configSchema.safeParse({ basline: 7 }).success).toBe(false);
    expect(earsC1.configSchema.safeParse({ minSigma: -1 }).success).toBe(false);
  });
});
