import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { granularityMs } from '../../../src/domain/granularity.js';
import { seriesKey } from '../../../src/domain/series-key.js';
import type { Score } from '../../../src/domain/score.js';
import type { Window } from '../../../src/domain/window.js';
import { parseSeriesCsv } from '../../../src/backtest/series-csv.js';
import type { SeriesRow } from '../../../src/backtest/series-csv.js';

export const GOLDEN_DIR = fileURLToPath(new URL('../../fixtures/golden/', import.meta.url));

const EarsMethodExpectation = z.object({
  control: z.object({ method: z.enum(['C1', 'C2', 'C3']), baseline: z.number(), alpha: z.number(), minSigma: z.number() }),
  firstIndex: z.number().int().nonnegative(),
  upperbound: z.array(z.number().nullable()),
  alarm: z.array(z.boolean().nullable()),
});
export type EarsMethodExpectation = z.infer<typeof EarsMethodExpectation>;

const EarsExpected = z.object({
  case: z.string(),
  surveillance: z.string(),
  granularity: z.enum(['day', 'week']),
  tolerance: z.number().positive(),
  toleranceKind: z.enum(['absolute', 'relative']),
  methods: z.object({ C1: EarsMethodExpectation, C2: EarsMethodExpectation, C3: EarsMethodExpectation }),
});
export type EarsExpected = z.infer<typeof EarsExpected>;

export type EarsGoldenCase = GoldenCase<EarsExpected>;

const EARS_SCRIPT = fileURLToPath(new URL('../../../scripts/golden/ears.R', import.meta.url));

/**
 * With UPDATE_GOLDEN=1, regenerates the EARS fixtures with R (needs Rscript and surveillance).
 * Only ears.test.ts calls it, so that parallel test files never read half-written fixtures:
 * run `UPDATE_GOLDEN=1 npx vitest run test/unit/detectors/ears.test.ts`.
 */
export function regenerateEarsGoldenIfRequested(): void {
  if (process.env['UPDATE_GOLDEN'] === '1') execFileSync('Rscript', [EARS_SCRIPT], { stdio: 'inherit' });
}

/** Every `<case>.expected.json` under test/fixtures/golden/ears with its parsed `<case>.input.csv`. */
export function loadEarsGoldenCases(): EarsGoldenCase[] {
  return loadGoldenCases('ears', EarsExpected);
}

/** Whether `actual` is within the fixture's tolerance of R's value (null: R gave NaN/NA). */
export function withinTolerance(actual: number, expected: number | null, fixture: EarsExpected): boolean {
  if (expected === null) return Number.isNaN(actual);
  const bound = fixture.toleranceKind === 'relative' ? fixture.tolerance * Math.max(1, Math.abs(expected)) : fixture.tolerance;
  return Math.abs(actual - expected) <= bound;
}

/** Consecutive windows of one synthetic series starting 2024-01-01 (UTC+08:00 midnight), one per count. */
export function windowsOf(counts: readonly number[], granularity: 'day' | 'week' = 'day'): Window[] {
  const origin = Date.UTC(2024, 0, 1) - 8 * 3_600_000;
  const width = granularityMs[granularity];
  return counts.map((count, i) => {
    const start = origin + i * width;
    const weekday = granularity === 'week' ? 1 : (1 + i) % 7;
    return {
      key: seriesKey('cases', 'test', 'golden', granularity),
      granularity,
      start,
      end: start + width,
      count,
      weekday,
      hour: 0,
      dayType: weekday >= 1 && weekday <= 5 ? 'workday' : 'weekend',
      terms: new Map<string, number>(),
    };
  });
}

export interface GoldenCase<E> {
  readonly name: string;
  readonly csv: string;
  readonly rows: SeriesRow[];
  readonly expected: E;
}

/**
 * Every `<case>.expected.json` under test/fixtures/golden/<detectorDir>/, parsed with `schema`,
 * with its parsed `<case>.input.csv`: the same layout as the EARS fixtures, for any detector.
 */
export function loadGoldenCases<E>(detectorDir: string, schema: z.ZodType<E>): GoldenCase<E>[] {
  const dir = `${GOLDEN_DIR}${detectorDir}/`;
  return readdirSync(dir)
    .filter((file) => file.endsWith('.expected.json'))
    .sort()
    .map((file) => {
      const name = file.slice(0, -'.expected.json'.length);
      const csv = readFileSync(`${dir}${name}.input.csv`, 'utf8');
      const parsed = parseSeriesCsv(csv);
      if (!parsed.success) throw new Error(`${name}.input.csv: ${JSON.stringify(parsed.issues)}`);
      const expected = schema.parse(JSON.parse(readFileSync(`${dir}${file}`, 'utf8')));
      return { name, csv, rows: parsed.rows, expected };
    });
}

/** |actual - expected| within `tolerance`, absolute or relative to |expected| (no floor: 0 must be 0); null expects NaN. */
export function closeTo(actual: number, expected: number | null, tolerance: number, kind: 'absolute' | 'relative'): boolean {
  if (expected === null) return Number.isNaN(actual);
  const bound = kind === 'relative' ? tolerance * Math.abs(expected) : tolerance;
  return Math.abs(actual - expected) <= bound;
}

/**
 * What differs between `scores` and an R fixture: before `firstIndex` every score must be warming
 * up without alarm, from there on none may be, and `row` lists what else differs on a scored row.
 */
export function rowMismatches(scores: readonly Score[], firstIndex: number, row: (score: Score, i: number) => string[]): string[] {
  return scores.flatMap((score, i) => {
    if (i < firstIndex) return !score.warmingUp || score.alarm ? [`row ${i}: expected warming up`] : [];
    return [...(score.warmingUp ? [`row ${i}: still warming up`] : []), ...row(score, i)];
  });
}

const FARRINGTON_SCRIPT = fileURLToPath(new URL('../../../scripts/golden/farrington.R', import.meta.url));

/**
 * With UPDATE_GOLDEN=1, regenerates the farrington, farrington_flexible and glm_poisson fixtures
 * with R (needs Rscript and surveillance; takes a few minutes). Only farrington.test.ts calls it:
 * run `UPDATE_GOLDEN=1 npx vitest run test/unit/detectors/farrington.test.ts`.
 */
export function regenerateFarringtonGoldenIfRequested(): void {
  if (process.env['UPDATE_GOLDEN'] === '1') execFileSync('Rscript', [FARRINGTON_SCRIPT], { stdio: 'inherit' });
}
