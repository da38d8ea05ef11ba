import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { AnyDetector } from '../../../detectors/index.js';
import { detectorRegistry } from '../../../detectors/index.js';
import { INVALID_COUNT } from '../../../detectors/count-guard.js';
import { seasonal } from '../../../detectors/seasonal.js';
import type { Granularity } from '../../../src/domain/granularity.js';
import type { Score } from '../../../src/domain/score.js';
import type { DayType, Window } from '../../../src/domain/window.js';
import { countWindow } from './window-fixture.js';

/*
 * Edge cases every registered detector must survive, run over the registry so that a detector is
 * covered as soon as it is registered: no history, long runs of zeros, gaps, huge counts,
 * constant series, invalid counts, determinism, purity and a state that survives JSON. What a
 * detector should *conclude* in these cases is in the per-detector tables at the end.
 */

const GRANULARITIES: readonly Granularity[] = ['hour', 'day', 'week'];

/** Windows fed per granularity: enough for every detector to leave warm-up where it scores. */
const LENGTH: Readonly<Record<Granularity, number>> = {
  hour: 24 * 21, // seasonal: 336 hours and every workday and day-off hour seen
  day: 100,
  week: 280, // farrington_flexible: 52 b + w = 263 weeks of history
};

/** Windows in a whole number of weeks, per granularity, for gaps that keep weekday and hour. */
const FOUR_WEEKS: Readonly<Record<Granularity, number>> = { hour: 24 * 28, day: 28, week: 4 };

/** Granularities each detector scores; every other one stays in warm-up. */
const SCORES: Readonly<Record<string, readonly Granularity[]>> = {
  farrington: ['week'],
  farrington_flexible: ['week'],
  // Reads text terms only: these count-only windows carry none, so it never leaves warm-up here.
  // Its edge cases with texts (empty, mixed Chinese and English, huge counts, gaps) are in term-burst.test.ts.
  term_burst: [],
};

function scoredGranularities(name: string): readonly Granularity[] {
  return SCORES[name] ?? GRANULARITIES;
}

/** A series that is neither flat nor trending: 4..8 in a fixed order. */
function wobble(i: number): number {
  return 4 + ((i * 7) % 5);
}

function windowsOf(granularity: Granularity, counts: readonly number[], firstIndex = 0): Window[] {
  return counts.map((count, i) => countWindow(granularity, firstIndex + i, count));
}

function run(detector: AnyDetector, windows: readonly Window[], state?: unknown): { state: unknown; scores: Score[] } {
  const config = detector.configSchema.parse({});
  let current = state ?? detector.create(config);
  const scores: Score[] = [];
  for (const window of windows) {
    const result = detector.update(current, window, config);
    current = result.state;
    scores.push(result.score);
  }
  return { state: current, scores };
}

/** What every score must satisfy, whatever the input. */
function expectSane(score: Score, where: string): void {
  expect(score.score, `${where}: score`).toBeGreaterThanOrEqual(0);
  expect(score.score, `${where}: score`).toBeLessThanOrEqual(1);
  if (score.pValue !== undefined) {
    expect(score.pValue, `${where}: pValue`).toBeGreaterThanOrEqual(0);
    expect(score.pValue, `${where}: pValue`).toBeLessThanOrEqual(1);
  }
  expect(typeof score.alarm, `${where}: alarm`).toBe('boolean');
  // expected and upper are finite numbers or NaN (no result), never infinite.
  expect(Number.isNaN(score.expected) || Number.isFinite(score.expected), `${where}: expected ${score.expected}`).toBe(true);
  expect(Number.isNaN(score.upper) || Number.isFinite(score.upper), `${where}: upper ${score.upper}`).toBe(true);
  if (!Number.isNaN(score.expected)) expect(score.expected, `${where}: expected`).toBeGreaterThanOrEqual(0);
  if (Number.isNaN(score.expected)) {
    expect(score.alarm, `${where}: alarm without an expected value`).toBe(false);
    expect(score.score, `${where}: score without an expected value`).toBe(0);
  }
  if (score.warmingUp) {
    expect(score.alarm, `${where}: alarm while warming up`).toBe(false);
    expect(score.score, `${where}: score while warming up`).toBe(0);
  }
}

function expectAllSane(scores: readonly Score[], where: string): void {
  scores.forEach((score, i) => expectSane(score, `${where} #${i}`));
}

/** Freezes a plain-JSON value all the way down, so a detector that mutates its input throws. */
function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}

const detectors = [...detectorRegistry.values()];

describe.each(detectors.map((detector) => [detector.name, detector] as const))('%s edge cases', (name, detector) => {
  describe.each(GRANULARITIES.map((g) => [g] as const))('%s windows', (granularity) => {
    const n = LENGTH[granularity];
    const scores = scoredGranularities(name).includes(granularity);

    it('warms up on the very first window: no alarm, expected and upper NaN, score 0', () => {
      const { scores: [first] } = run(detector, windowsOf(granularity, [7]));
      expect(first).toMatchObject({ warmingUp: true, alarm: false, score: 0 });
      expect(first!.expected).toBeNaN();
      expect(first!.upper).toBeNaN();
    });

    it(scores ? `leaves warm-up within ${n} windows` : 'never leaves warm-up on this granularity', () => {
      const { scores: all } = run(detector, windowsOf(granularity, Array.from({ length: n }, (_, i) => wobble(i))));
      expectAllSane(all, granularity);
      expect(all.at(-1)!.warmingUp).toBe(!scores);
      if (!scores) expect(all.every((score) => score.warmingUp && !score.alarm)).toBe(true);
    });

    it('survives a long run of zeros, then a 1, a 0 and a 50: no NaN score, no infinite bound', () => {
      const counts = [...new Array<number>(n).fill(0), 1, 0, 50];
      const { state, scores: all } = run(detector, windowsOf(granularity, counts));
      expectAllSane(all, 'zeros');
      expect(all.slice(0, n).some((score) => score.alarm)).toBe(false);
      expect(detector.stateSchema.safeParse(JSON.parse(JSON.stringify(state))).success).toBe(true);
    });

    it.each([0, 5, 1e6, 1e9, Number.MAX_SAFE_INTEGER])('never alarms on a constant series of %d', (value) => {
      const { scores: all } = run(detector, windowsOf(granularity, new Array<number>(n).fill(value)));
      expectAllSane(all, `constant ${value}`);
      expect(all.filter((score) => score.alarm)).toHaveLength(0);
    });

    it.each([1e6, 1e9, Number.MAX_SAFE_INTEGER - 10])('keeps finite expected values and sane scores around %d', (base) => {
      // Spread well within Poisson noise: 0..40 around 1e6, 0..40000 around 1e9, 0..2 near 2^53.
      const counts = Array.from({ length: n }, (_, i) => base + (base > 1e15 ? i % 3 : ((i * 7) % 5) * base * 1e-5));
      const { state, scores: all } = run(detector, windowsOf(granularity, counts));
      expectAllSane(all, `around ${base}`);
      for (const score of all.filter((s) => !s.warmingUp)) {
        expect(Number.isFinite(score.expected) || name === 'farrington_flexible').toBe(true);
        if (Number.isFinite(score.expected)) expect(Math.abs(score.expected - base) / base).toBeLessThan(1e-3);
      }
      expect(detector.stateSchema.safeParse(JSON.parse(JSON.stringify(state))).success).toBe(true);
    });

    it('scores one window of Number.MAX_SAFE_INTEGER in a small series, and the windows after it, without NaN or a throw', () => {
      const counts = [...Array.from({ length: n }, (_, i) => wobble(i)), Number.MAX_SAFE_INTEGER, ...Array.from({ length: 12 }, (_, i) => wobble(i))];
      const { state, scores: all } = run(detector, windowsOf(granularity, counts));
      expectAllSane(all, 'spike to 2^53 - 1');
      expect(detector.stateSchema.safeParse(JSON.parse(JSON.stringify(state))).success).toBe(true);
    });

    it('gives the same scores after a jump of four weeks in window start times (a restart) as without it', () => {
      const counts = Array.from({ length: n + 20 }, (_, i) => wobble(i) + (i >= n ? 6 : 0));
      const consecutive = run(detector, windowsOf(granularity, counts)).scores;
      const cut = n - 10;
      const before = run(detector, windowsOf(granularity, counts.slice(0, cut)));
      const after = run(detector, windowsOf(granularity, counts.slice(cut), cut + FOUR_WEEKS[granularity]), before.state);
      expect([...before.scores, ...after.scores]).toStrictEqual(consecutive);
    });

    it('scores zero-filled windows of a gap and the return to the usual level without NaN', () => {
      const gap = FOUR_WEEKS[granularity] / 4;
      const counts = [...Array.from({ length: n }, (_, i) => wobble(i)), ...new Array<number>(gap).fill(0), ...Array.from({ length: 30 }, (_, i) => wobble(i))];
      const { scores: all } = run(detector, windowsOf(granularity, counts));
      expectAllSane(all, 'zero-filled gap');
      expect(all.slice(n, n + gap).some((score) => score.alarm)).toBe(false);
    });

    it('is deterministic and pure: the same input twice gives identical output, frozen state is not mutated', () => {
      const windows = windowsOf(granularity, Array.from({ length: n + 10 }, (_, i) => wobble(i) * (i % 11 === 0 ? 3 : 1)));
      const config = detector.configSchema.parse({});
      let state = deepFreeze(detector.create(config));
      for (const window of windows) {
        const first = detector.update(state, window, config);
        const second = detector.update(state, window, config);
        expect(second).toStrictEqual(first);
        state = deepFreeze(first.state);
      }
    });

    it('restores its state from JSON through stateSchema and then scores exactly as without the restore', () => {
      const counts = Array.from({ length: n + 15 }, (_, i) => wobble(i) * (i % 13 === 0 ? 4 : 1));
      const windows = windowsOf(granularity, counts);
      const uninterrupted = run(detector, windows).scores;
      for (const cut of [1, Math.floor(n / 2), n, n + 7]) {
        const before = run(detector, windows.slice(0, cut));
        const restored = detector.stateSchema.parse(JSON.parse(JSON.stringify(before.state)));
        const after = run(detector, windows.slice(cut), restored);
        expect([...before.scores, ...after.scores], `restored after ${cut} windows`).toStrictEqual(uninterrupted);
      }
    });
  });

  it.each([Number.NaN, -1, Number.POSITIVE_INFINITY, Number.MAX_SAFE_INTEGER + 2])(
    'skips a window with count %d: no result, no alarm, state unchanged, later scores as if it never came',
    (bad) => {
      const granularity = scoredGranularities(name)[0]!;
      const n = LENGTH[granularity];
      const counts = Array.from({ length: n + 5 }, (_, i) => wobble(i));
      const before = run(detector, windowsOf(granularity, counts.slice(0, n)));
      const config = detector.configSchema.parse({});
      const skipped = detector.update(before.state, countWindow(granularity, n, bad), config);
      expect(skipped.score).toStrictEqual(INVALID_COUNT);
      expect(skipped.state).toBe(before.state);
      const after = run(detector, windowsOf(granularity, counts.slice(n), n + 1), skipped.state);
      expectAllSane(after.scores, `after count ${bad}`);
      const clean = run(detector, windowsOf(granularity, counts.slice(n), n + 1), before.state);
      expect(after.scores).toStrictEqual(clean.scores);
    },
  );
});

/** The edges of every number parameter's range that its schema accepts, read from the JSON Schema. */
function extremeNumberParameters(detector: AnyDetector): { name: string; value: number }[] {
  interface NumberField {
    type?: string;
    minimum?: number;
    maximum?: number;
    exclusiveMinimum?: number;
    exclusiveMaximum?: number;
  }
  const json = z.toJSONSchema(detector.configSchema as z.ZodType, { io: 'input' }) as { properties?: Record<string, NumberField> };
  const cases: { name: string; value: number }[] = [];
  for (const [name, field] of Object.entries(json.properties ?? {})) {
    if (field.type !== 'number') continue;
    const values = [
      field.exclusiveMinimum === undefined ? undefined : field.exclusiveMinimum + 1e-300,
      field.exclusiveMinimum === undefined ? undefined : field.exclusiveMinimum + 1e-17,
      field.minimum,
      field.exclusiveMaximum === undefined ? undefined : field.exclusiveMaximum - 1e-12,
      field.maximum ?? (field.exclusiveMaximum === undefined ? 1e300 : undefined),
    ];
    for (const value of values) {
      if (value !== undefined && detector.configSchema.safeParse({ [name]: value }).success) cases.push({ name, value });
    }
  }
  return cases;
}

describe.each(detectors.map((detector) => [detector.name, detector] as const))('%s at the edges of its parameter ranges', (name, detector) => {
  const granularity = scoredGranularities(name)[0]!;
  const n = LENGTH[granularity];
  const counts = [...new Array<number>(n).fill(0), ...Array.from({ length: 20 }, (_, i) => wobble(i)), 60, 5];

  it.each(extremeNumberParameters(detector))('$name = $value: finite bounds, sane scores, a valid state', ({ name: parameter, value }) => {
    const config = detector.configSchema.parse({ [parameter]: value });
    let state = detector.create(config);
    for (const [i, window] of windowsOf(granularity, counts).entries()) {
      const result = detector.update(state, window, config);
      expectSane(result.score, `${parameter} = ${value} #${i}`);
      state = result.state;
    }
    expect(detector.stateSchema.safeParse(JSON.parse(JSON.stringify(state))).success).toBe(true);
  });
});

/*
 * What each detector concludes in the edge cases, on its first scored granularity (day; week for
 * Farrington). A detector missing here is still held to the invariants above.
 */
interface Conclusions {
  /** Alarms on a single 1 after a long run of zeros. */
  readonly oneAfterZeros: boolean;
  /** Alarms on a 50 two windows later. */
  readonly fiftyAfterZeros: boolean;
  /** Alarms on constant + 1 after a long constant series of 5. */
  readonly onePlusConstant: boolean;
}

const CONCLUSIONS: Readonly<Record<string, Conclusions>> = {
  // R's zero-spread rule: over equal counts the bound is the mean, so any excess fires.
  ears_c1: { oneAfterZeros: true, fiftyAfterZeros: true, onePlusConstant: true },
  ears_c2: { oneAfterZeros: true, fiftyAfterZeros: true, onePlusConstant: true },
  // R: over equal counts C2 is 0/0 or x/0, the bound NA: C3 never fires there.
  ears_c3: { oneAfterZeros: false, fiftyAfterZeros: false, onePlusConstant: false },
  ewma: { oneAfterZeros: false, fiftyAfterZeros: true, onePlusConstant: false },
  cusum: { oneAfterZeros: false, fiftyAfterZeros: true, onePlusConstant: false },
  robust_z: { oneAfterZeros: false, fiftyAfterZeros: true, onePlusConstant: false },
  farrington: { oneAfterZeros: false, fiftyAfterZeros: true, onePlusConstant: false },
  // R's GLM does not converge over an all-zero reference: no result, no alarm.
  farrington_flexible: { oneAfterZeros: false, fiftyAfterZeros: false, onePlusConstant: false },
  seasonal: { oneAfterZeros: false, fiftyAfterZeros: true, onePlusConstant: false },
  // A trend test: one high window is not a trend.
  slow_rise: { oneAfterZeros: false, fiftyAfterZeros: false, onePlusConstant: false },
};

describe.each(Object.entries(CONCLUSIONS))('%s conclusions', (name, expected) => {
  const detector = detectorRegistry.get(name);
  const granularity = scoredGranularities(name)[0]!;
  const n = LENGTH[granularity];

  it(`after ${n} zero windows: ${expected.oneAfterZeros ? 'alarms' : 'no alarm'} on a 1, ${expected.fiftyAfterZeros ? 'an alarm' : 'no alarm'} on a 50`, () => {
    const { scores } = run(detector!, windowsOf(granularity, [...new Array<number>(n).fill(0), 1, 0, 50]));
    expect(scores[n]!.warmingUp).toBe(false);
    expect(scores[n]!.alarm).toBe(expected.oneAfterZeros);
    expect(scores[n + 2]!.alarm).toBe(expected.fiftyAfterZeros);
  });

  it(`after ${n} windows of 5: ${expected.onePlusConstant ? 'alarms' : 'no alarm'} on a 6`, () => {
    const { scores } = run(detector!, windowsOf(granularity, [...new Array<number>(n).fill(5), 6]));
    expect(scores[n]!.warmingUp).toBe(false);
    expect(scores[n]!.alarm).toBe(expected.onePlusConstant);
  });
});

it('pins conclusions only for registered detectors', () => {
  // Detectors added later are held to the invariants only; these ten are pinned.
  for (const name of Object.keys(CONCLUSIONS)) expect(detectorRegistry.has(name), name).toBe(true);
});

describe('seasonal on holidays', () => {
  const on = (window: Window, dayType: DayType): Window => ({ ...window, dayType });

  it('warms up on regular days only when the series starts with a 9-day holiday (Spring Festival)', () => {
    const windows = Array.from({ length: 30 }, (_, i) => on(countWindow('day', i, wobble(i)), i < 9 ? 'holiday' : countWindow('day', i, 0).dayType));
    const { state, scores } = run(seasonal, windows.slice(0, 9));
    expect(scores.every((score) => score.warmingUp && !score.alarm)).toBe(true);
    expect((state as { levelSeen: number }).levelSeen).toBe(0);
    const all = run(seasonal, windows).scores;
    // minHistory.day = 14 regular days: the 14th initialises the baseline, the 15th is scored.
    expect(all[9 + 13]!.warmingUp).toBe(true);
    expect(all[9 + 14]!.warmingUp).toBe(false);
  });

  it('does not alarm on one complaint on a holiday after an all-zero history with holidays in it', () => {
    const windows = Array.from({ length: 61 }, (_, i) => {
      const window = countWindow('day', i, i === 60 ? 1 : 0);
      return i % 10 === 0 ? on(window, 'holiday') : window;
    });
    const { scores } = run(seasonal, windows);
    expectAllSane(scores, 'zero holidays');
    const last = scores.at(-1)!;
    expect(last.warmingUp).toBe(false);
    expect(last.alarm).toBe(false);
    expect(Number.isFinite(last.expected) && Number.isFinite(last.upper)).toBe(true);
  });

  it('scores holiday hours of an all-zero hour series without NaN or alarms', () => {
    const windows = Array.from({ length: 24 * 21 + 48 }, (_, i) => {
      const window = countWindow('hour', i, 0);
      return Math.floor(i / 24) % 9 === 4 ? on(window, 'holiday') : window;
    });
    const { scores } = run(seasonal, windows);
    expectAllSane(scores, 'zero holiday hours');
    expect(scores.some((score) => !score.warmingUp)).toBe(true);
    expect(scores.some((score) => score.alarm)).toBe(false);
  });
});
