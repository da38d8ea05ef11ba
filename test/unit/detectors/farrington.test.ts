import { describe, it, expect } from 'vitest';
import { z } from 'zod';
import type { Score } from '../../../src/domain/score.js';
import { farrington } from '../../../detectors/farrington.js';
import type { FarringtonConfig } from '../../../detectors/farrington.js';
import { closeTo, loadGoldenCases, rowMismatches, regenerateFarringtonGoldenIfRequested, windowsOf } from './golden.js';
import { countWindow, last, replay, seasonalWeeklyCounts } from './window-fixture.js';
import { seriesKey } from '../../../src/domain/series-key.js';

const FarringtonExpected = z.object({
  case: z.string(),
  surveillance: z.string(),
  granularity: z.literal('week'),
  tolerance: z.number().positive(),
  toleranceKind: z.enum(['absolute', 'relative']),
  control: z.object({
    b: z.number(),
    w: z.number(),
    reweight: z.boolean(),
    alpha: z.number(),
    trend: z.boolean(),
    limit54: z.tuple([z.number(), z.number()]),
    powertrans: z.enum(['2/3', '1/2', 'none']),
  }),
  firstIndex: z.number().int().nonnegative(),
  upperbound: z.array(z.number().nullable()),
  bound: z.array(z.number().nullable()),
  expected: z.array(z.number().nullable()),
  alarm: z.array(z.boolean().nullable()),
  pd: z.array(z.number().nullable()),
});
type FarringtonExpected = z.infer<typeof FarringtonExpected>;

/** The detector config equivalent to the control R used. */
function configOf(control: FarringtonExpected['control']): FarringtonConfig {
  const { limit54, ...rest } = control;
  return farrington.configSchema.parse({ ...rest, limit54: { cases: limit54[0], weeks: limit54[1] } });
}

/** Runs weekly `counts` through the detector from an empty state and returns every score. */
function scores(counts: readonly number[], config: FarringtonConfig = farrington.configSchema.parse({})): Score[] {
  return replay(farrington, config, windowsOf(counts, 'week')).scores;
}

regenerateFarringtonGoldenIfRequested();

describe('farrington golden fixtures (R surveillance::algo.farrington)', () => {
  const cases = loadGoldenCases('farrington', FarringtonExpected);

  it('finds the fixtures', () => {
    expect(cases.length).toBeGreaterThanOrEqual(20);
  });

  for (const fixture of cases) {
    it(`${fixture.name} matches R's bound, expected count, pd and alarm on every row`, () => {
      const expected = fixture.expected;
      const { tolerance, toleranceKind } = expected;
      const counts = fixture.rows.map((row) => row.count);
      expect(expected.bound).toHaveLength(counts.length);
      const mismatches = rowMismatches(scores(counts, configOf(expected.control)), expected.firstIndex, (score, i) => {
        const found: string[] = [];
        const bound = expected.bound[i] ?? null;
        if (!closeTo(score.upper, bound, tolerance, toleranceKind)) found.push(`row ${i}: upper ${score.upper}, R ${bound}`);
        const mu0 = expected.expected[i] ?? null;
        if (!closeTo(score.expected, mu0, tolerance, toleranceKind)) found.push(`row ${i}: expected ${score.expected}, R ${mu0}`);
        const pd = expected.pd[i] ?? null;
        if (!closeTo(score.score, pd, tolerance, 'absolute')) found.push(`row ${i}: score ${score.score}, R pd ${pd}`);
        if (score.alarm !== (expected.alarm[i] ?? false)) found.push(`row ${i}: alarm ${score.alarm}, R ${expected.alarm[i]}`);
        // R reports the bound, or 0 where the limit54 rule holds; there it never alarms.
        const reported = expected.upperbound[i] ?? null;
        if (reported === 0 && bound !== 0) {
          if (score.alarm) found.push(`row ${i}: alarm under limit54`);
        } else if (!closeTo(score.upper, reported, tolerance, toleranceKind)) {
          found.push(`row ${i}: upper ${score.upper}, R upperbound ${reported}`);
        }
        return found;
      });
      expect(mismatches).toEqual([]);
    });
  }
});

describe('farrington', () => {
  const defaults = farrington.configSchema.parse({});
  /** Seven years of seeded Poisson(10) weekly counts with a yearly cycle. */
  const seasonal = seasonalWeeklyCounts(11);

  it("has R's algo.farrington defaults and rejects unknown or out-of-range fields", () => {
    expect(defaults).toEqual({
      b: 5,
      w: 3,
      reweight: true,
      alpha: 0.05,
      trend: true,
      limit54: { cases: 5, weeks: 4 },
      powertrans: '2/3',
    });
    expect(farrington.name).toBe('farrington');
    expect(farrington.configSchema.safeParse({ weightsThreshold: 2.58 }).success).toBe(false);
    expect(farrington.configSchema.safeParse({ alpha: 0.5 }).success).toBe(false);
    expect(farrington.configSchema.safeParse({ b: 0 }).success).toBe(false);
    expect(farrington.configSchema.safeParse({ limit54: { cases: 5 } }).success).toBe(true);
    expect(farrington.configSchema.safeParse({ powertrans: '3/4' }).success).toBe(false);
  });

  it('warms up with no history and records the first count', () => {
    const [window] = windowsOf([7], 'week');
    if (window === undefined) throw new Error('no window');
    const { state, score } = farrington.update(farrington.create(defaults), window, defaults);
    expect(score).toMatchObject({ warmingUp: true, alarm: false, score: 0 });
    expect(score.upper).toBeNaN();
    expect(state.counts).toEqual([7]);
  });

  it("warms up for 52 b - w - 1 weeks, R's default range start", () => {
    expect(scores(seasonal).findIndex((score) => !score.warmingUp)).toBe(52 * 5 - 3 - 1);
    const short = farrington.configSchema.parse({ b: 2, w: 1 });
    expect(scores(seasonal, short).findIndex((score) => !score.warmingUp)).toBe(52 * 2 - 1 - 1);
  });

  it('keeps exactly 52 b + w weeks of history in a JSON state', () => {
    const { state } = replay(farrington, defaults, windowsOf(seasonal, 'week'));
    expect(state.counts).toEqual(seasonal.slice(-(52 * 5 + 3)));
    const roundTrip = farrington.stateSchema.safeParse(JSON.parse(JSON.stringify(state)));
    expect(roundTrip.success && roundTrip.data).toEqual(state);
  });

  it('ignores windows that are not weeks (no alarm, no history)', () => {
    const { state, score } = farrington.update({ counts: [1, 2, 3] }, countWindow('day', 0, 3), defaults);
    expect(score.warmingUp).toBe(true);
    expect(score.alarm).toBe(false);
    expect(state.counts).toEqual([1, 2, 3]);
  });

  it('scores ordinary weeks without alarm and a doubled week with one', () => {
    const history = seasonal.slice(0, 363);
    const ordinary = last(scores([...history, 10]));
    expect(ordinary.alarm).toBe(false);
    expect(ordinary.expected).toBeGreaterThan(5);
    expect(ordinary.upper).toBeGreaterThan(ordinary.expected);
    expect(ordinary.score).toBeGreaterThan(0);
    expect(ordinary.score).toBeLessThan(1);
    expect((ordinary.pValue ?? Number.NaN) + ordinary.score).toBeCloseTo(1, 12);
    const spike = last(scores([...history, Math.ceil(ordinary.upper) + 20]));
    expect(spike.alarm).toBe(true);
    expect(spike.upper).toBe(ordinary.upper); // the bound does not depend on the current count
    expect(spike.score).toBeGreaterThan(0.975);
  });

  it('does not alarm under the limit54 rule even above the bound', () => {
    // Mostly zeros: the bound is about 1, but 0 + 0 + 0 + 2 cases in 4 weeks is fewer than 5.
    const sparse = seasonal.map((_, i) => (i % 26 === 0 ? 1 : 0));
    const score = last(scores([...sparse.slice(0, 363), 2]));
    expect(score.upper).toBeLessThan(2);
    expect(score.alarm).toBe(false);
    const noLimit = farrington.configSchema.parse({ limit54: { cases: 0, weeks: 4 } });
    expect(last(scores([...sparse.slice(0, 363), 2], noLimit)).alarm).toBe(true);
  });

  it('gives no result, not a NaN score, when one reference week leaves no residual degrees of freedom (R: NA)', () => {
    const counts = Array.from({ length: 60 }, (_, i) => 4 + ((i * 7) % 5));
    for (const reweight of [true, false]) {
      const scored = scores(counts, farrington.configSchema.parse({ b: 1, w: 0, reweight })).filter((score) => !score.warmingUp);
      expect(scored).toHaveLength(60 - 51);
      for (const score of scored) {
        expect(score).toMatchObject({ score: 0, alarm: false, warmingUp: false });
        expect(score.expected).toBeNaN();
        expect(score.upper).toBeNaN();
      }
    }
  });

  it('never alarms on all-zero counts', () => {
    const all = scores(new Array<number>(364).fill(0)).filter((score) => !score.warmingUp);
    expect(all).toHaveLength(108);
    for (const score of all) {
      expect(score.alarm).toBe(false);
      expect(score.expected).toBeLessThan(1e-6);
      expect(Number.isFinite(score.upper)).toBe(true);
    }
  });

  it('stays accurate with counts around 1e6', () => {
    const huge = seasonal.map((count, i) => 1_000_000 + 1000 * count + ((i * 7919) % 2001));
    const ordinary = last(scores(huge));
    expect(ordinary.alarm).toBe(false);
    expect(ordinary.expected / 1_010_000).toBeGreaterThan(0.98);
    expect(ordinary.expected / 1_010_000).toBeLessThan(1.02);
    const spike = last(scores([...huge.slice(0, 363), 1_200_000]));
    expect(spike.alarm).toBe(true);
  });

  it('copes with a gap of zeros in the baseline and in the current weeks', () => {
    const gapped = seasonal.map((count, i) => ((i >= 150 && i < 158) || i >= 356 ? 0 : count));
    const tail = scores(gapped).slice(-8);
    for (const score of tail) {
      expect(score.warmingUp).toBe(false);
      expect(score.alarm).toBe(false);
      expect(Number.isFinite(score.upper)).toBe(true);
    }
  });

  it('scores a series the same whatever its region', () => {
    const windows = windowsOf(seasonal, 'week');
    const elsewhere = windows.map((window) => ({ ...window, key: seriesKey('cases', 'other-region', 'golden', 'week') }));
    expect(replay(farrington, defaults, elsewhere).scores).toEqual(replay(farrington, defaults, windows).scores);
  });

  it('is pure: leaves its input state alone and gives the same result twice', () => {
    const windows = windowsOf(seasonal, 'week');
    const { state } = replay(farrington, defaults, windows.slice(0, -1));
    const snapshot = JSON.stringify(state);
    const lastWindow = last(windows);
    const first = farrington.update(state, lastWindow, defaults);
    const second = farrington.update(state, lastWindow, defaults);
    expect(JSON.stringify(state)).toBe(snapshot);
    expect(second).toEqual(first);
    expect(first.state).not.toBe(state);
    expect(first.score.warmingUp).toBe(false);
  });
});
