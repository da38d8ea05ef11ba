import { describe, it, expect } from 'vitest';
import { z } from 'zod';
import type { Score } from '../../../src/domain/score.js';
import { seriesKey } from '../../../src/domain/series-key.js';
import { farringtonFlexible } from '../../../detectors/farrington-flexible.js';
import type { FarringtonFlexibleConfig } from '../../../detectors/farrington-flexible.js';
import { closeTo, loadGoldenCases, rowMismatches, windowsOf } from './golden.js';
import { countWindow, last, replay, seasonalWeeklyCounts } from './window-fixture.js';

// Fixtures come from scripts/golden/farrington.R; farrington.test.ts regenerates them with UPDATE_GOLDEN=1.
const FlexibleExpected = z.object({
  case: z.string(),
  surveillance: z.string(),
  granularity: z.literal('week'),
  tolerance: z.number().positive(),
  toleranceKind: z.enum(['absolute', 'relative']),
  control: z.object({
    b: z.number(),
    w: z.number(),
    reweight: z.boolean(),
    weightsThreshold: z.number(),
    alpha: z.number(),
    trend: z.boolean(),
    pThresholdTrend: z.number(),
    limit54: z.tuple([z.number(), z.number()]),
    powertrans: z.enum(['2/3', '1/2', 'none']),
    populationOffset: z.literal(false),
    noPeriods: z.number(),
    pastWeeksNotIncluded: z.number(),
    thresholdMethod: z.enum(['nbPlugin', 'muan', 'delta']),
  }),
  firstIndex: z.number().int().nonnegative(),
  upperbound: z.array(z.number().nullable()),
  bound: z.array(z.number().nullable()),
  expected: z.array(z.number().nullable()),
  alarm: z.array(z.boolean().nullable()),
  pvalue: z.array(z.number().nullable()),
});
type FlexibleExpected = z.infer<typeof FlexibleExpected>;

/** The detector config equivalent to the control R used. */
function configOf(control: FlexibleExpected['control']): FarringtonFlexibleConfig {
  const { limit54, populationOffset: _populationOffset, ...rest } = control;
  return farringtonFlexible.configSchema.parse({ ...rest, limit54: { cases: limit54[0], weeks: limit54[1] } });
}

/** Runs weekly `counts` through the detector from an empty state and returns every score. */
function scores(counts: readonly number[], config: FarringtonFlexibleConfig = farringtonFlexible.configSchema.parse({})): Score[] {
  return replay(farringtonFlexible, config, windowsOf(counts, 'week')).scores;
}

describe('farrington_flexible golden fixtures (R surveillance::farringtonFlexible)', () => {
  const cases = loadGoldenCases('farrington_flexible', FlexibleExpected);

  it('finds the fixtures', () => {
    expect(cases.length).toBeGreaterThanOrEqual(20);
  });

  for (const fixture of cases) {
    it(`${fixture.name} matches R's bound, expected count, p-value and alarm on every row`, () => {
      const expected = fixture.expected;
      const { tolerance, toleranceKind } = expected;
      const counts = fixture.rows.map((row) => row.count);
      expect(expected.bound).toHaveLength(counts.length);
      const mismatches = rowMismatches(scores(counts, configOf(expected.control)), expected.firstIndex, (score, i) => {
        const found: string[] = [];
        const alarm = expected.alarm[i] ?? null;
        if (alarm === null) {
          // R could not fit the model (no convergence) and reports NA everywhere (expected 0).
          if (!Number.isNaN(score.upper) || !Number.isNaN(score.expected) || score.alarm || score.pValue !== undefined) {
            found.push(`row ${i}: R gave no result, got ${JSON.stringify(score)}`);
          }
          return found;
        }
        const bound = expected.bound[i] ?? null;
        if (!closeTo(score.upper, bound, tolerance, toleranceKind)) found.push(`row ${i}: upper ${score.upper}, R ${bound}`);
        const mu0 = expected.expected[i] ?? null;
        if (!closeTo(score.expected, mu0, tolerance, toleranceKind)) found.push(`row ${i}: expected ${score.expected}, R ${mu0}`);
        const pValue = expected.pvalue[i] ?? null;
        if (!closeTo(score.pValue ?? Number.NaN, pValue, tolerance, 'absolute')) found.push(`row ${i}: pValue ${score.pValue}, R ${pValue}`);
        if (!closeTo(score.score, pValue === null ? null : 1 - pValue, tolerance, 'absolute')) found.push(`row ${i}: score ${score.score}`);
        if (score.alarm !== alarm) found.push(`row ${i}: alarm ${score.alarm}, R ${alarm}`);
        // R reports the bound, or NA where the limit54 rule holds; there it never alarms.
        const reported = expected.upperbound[i] ?? null;
        if (reported === null) {
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

describe('farrington_flexible', () => {
  const defaults = farringtonFlexible.configSchema.parse({});
  /** Seven years of seeded Poisson(10) weekly counts with a yearly cycle. */
  const seasonal = seasonalWeeklyCounts(12);

  it('defaults to the improved method of Noufaily et al. (2013), not to R farringtonFlexible defaults', () => {
    expect(defaults).toEqual({
      b: 5,
      w: 3,
      reweight: true,
      weightsThreshold: 2.58,
      alpha: 0.05,
      trend: true,
      pThresholdTrend: 1,
      limit54: { cases: 5, weeks: 4 },
      powertrans: '2/3',
      noPeriods: 10,
      pastWeeksNotIncluded: 26,
      thresholdMethod: 'nbPlugin',
    });
    expect(farringtonFlexible.name).toBe('farrington_flexible');
  });

  it('rejects unknown fields and seasonal blocks or left-out weeks that do not fit', () => {
    const parse = (input: object) => farringtonFlexible.configSchema.safeParse(input).success;
    expect(parse({ populationOffset: true })).toBe(false);
    expect(parse({ noPeriods: 46 })).toBe(true); // 45 one-week blocks between windows when w = 3
    expect(parse({ noPeriods: 47 })).toBe(false);
    expect(parse({ b: 1, pastWeeksNotIncluded: 48 })).toBe(true);
    expect(parse({ b: 1, pastWeeksNotIncluded: 49 })).toBe(false);
    expect(parse({ thresholdMethod: 'quantile' })).toBe(false);
    expect(parse({ alpha: 0.6 })).toBe(false);
  });

  it('warms up with no history, then for 52 b + w weeks in all', () => {
    const [window] = windowsOf([7], 'week');
    if (window === undefined) throw new Error('no window');
    const first = farringtonFlexible.update(farringtonFlexible.create(defaults), window, defaults);
    expect(first.score).toMatchObject({ warmingUp: true, alarm: false, score: 0 });
    expect(first.state.counts).toEqual([7]);
    expect(scores(seasonal).findIndex((score) => !score.warmingUp)).toBe(52 * 5 + 3);
  });

  it('keeps exactly 52 b + w weeks of history in a JSON state', () => {
    const { state } = replay(farringtonFlexible, defaults, windowsOf(seasonal, 'week'));
    expect(state.counts).toEqual(seasonal.slice(-(52 * 5 + 3)));
    const roundTrip = farringtonFlexible.stateSchema.safeParse(JSON.parse(JSON.stringify(state)));
    expect(roundTrip.success && roundTrip.data).toEqual(state);
  });

  it('ignores windows that are not weeks (no alarm, no history)', () => {
    const { state, score } = farringtonFlexible.update({ counts: [4] }, countWindow('hour', 0, 3), defaults);
    expect(score.warmingUp).toBe(true);
    expect(state.counts).toEqual([4]);
  });

  it('gives an integer negative binomial bound, no alarm on ordinary weeks and one on a spike', () => {
    const history = seasonal.slice(0, 363);
    const ordinary = last(scores([...history, 10]));
    expect(Number.isInteger(ordinary.upper)).toBe(true);
    expect(ordinary.upper).toBeGreaterThan(ordinary.expected);
    expect(ordinary.alarm).toBe(false);
    expect((ordinary.pValue ?? Number.NaN) + ordinary.score).toBeCloseTo(1, 12);
    const atBound = last(scores([...history, ordinary.upper]));
    expect(atBound.alarm).toBe(false); // alarm needs y > U
    const spike = last(scores([...history, ordinary.upper + 1]));
    expect(spike.alarm).toBe(true);
    expect(spike.pValue).toBeLessThan(0.05);
  });

  it('uses the +-w windows only with noPeriods 1 and the delta threshold with its power transformation', () => {
    const original = farringtonFlexible.configSchema.parse({ noPeriods: 1, thresholdMethod: 'delta', pastWeeksNotIncluded: 3 });
    const score = last(scores(seasonal, original));
    expect(score.warmingUp).toBe(false);
    expect(Number.isInteger(score.upper)).toBe(false);
    expect(score.upper).toBeGreaterThan(score.expected);
  });

  it('gives no result, not a NaN score, when one reference week leaves no residual degrees of freedom (R: NA)', () => {
    const counts = Array.from({ length: 60 }, (_, i) => 4 + ((i * 7) % 5));
    for (const reweight of [true, false]) {
      const config = farringtonFlexible.configSchema.parse({ b: 1, w: 0, noPeriods: 1, pastWeeksNotIncluded: 0, reweight });
      const scored = scores(counts, config).filter((score) => !score.warmingUp);
      expect(scored).toHaveLength(60 - 52);
      for (const score of scored) {
        expect(score).toMatchObject({ score: 0, alarm: false, warmingUp: false });
        expect(score.expected).toBeNaN();
        expect(score.upper).toBeNaN();
      }
    }
  });

  it('never alarms on all-zero counts (R: no convergence, NA)', () => {
    const all = scores(new Array<number>(364).fill(0)).filter((score) => !score.warmingUp);
    expect(all).toHaveLength(101);
    for (const score of all) {
      expect(score.alarm).toBe(false);
      expect(score.upper).toBeNaN();
      expect(score.score).toBe(0);
    }
  });

  it('stays accurate with counts around 1e6', () => {
    const huge = seasonal.map((count, i) => 1_000_000 + 1000 * count + ((i * 7919) % 2001));
    const ordinary = last(scores(huge));
    expect(ordinary.alarm).toBe(false);
    expect(ordinary.expected / 1_010_000).toBeGreaterThan(0.98);
    expect(ordinary.expected / 1_010_000).toBeLessThan(1.02);
    expect(last(scores([...huge.slice(0, 363), 1_200_000])).alarm).toBe(true);
  });

  it('copes with a gap of zeros in the baseline and in the current weeks', () => {
    const gapped = seasonal.map((count, i) => ((i >= 150 && i < 158) || i >= 356 ? 0 : count));
    for (const score of scores(gapped).slice(-8)) {
      expect(score.warmingUp).toBe(false);
      expect(score.alarm).toBe(false);
      expect(Number.isFinite(score.upper)).toBe(true);
    }
  });

  it('scores a series the same whatever its region', () => {
    const windows = windowsOf(seasonal, 'week');
    const elsewhere = windows.map((window) => ({ ...window, key: seriesKey('cases', 'other-region', 'golden', 'week') }));
    expect(replay(farringtonFlexible, defaults, elsewhere).scores).toEqual(replay(farringtonFlexible, defaults, windows).scores);
  });

  it('is pure: leaves its input state alone and gives the same result twice', () => {
    const windows = windowsOf(seasonal, 'week');
    const { state } = replay(farringtonFlexible, defaults, windows.slice(0, -1));
    const snapshot = JSON.stringify(state);
    const lastWindow = last(windows);
    const first = farringtonFlexible.update(state, lastWindow, defaults);
    const second = farringtonFlexible.update(state, lastWindow, defaults);
    expect(JSON.stringify(state)).toBe(snapshot);
    expect(second).toEqual(first);
    expect(first.state).not.toBe(state);
    expect(first.score.warmingUp).toBe(false);
  });
});
