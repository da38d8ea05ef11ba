import { Rng } from '../../src/simulate/prng.js';
import { dispersedCount } from './dispersed-count.js';
import type { LabelledSeries, OutbreakSpan } from './labelled-series.js';
import { NOUFAILY_PROFILE, injectOutbreak, outbreakCases } from './outbreak-injection.js';

/*
 * The weekly simulation design of Noufaily et al. (2013), section 3: negative binomial counts
 * with mean mu(t) = exp(theta + beta t + sum_{j=1..m} gamma1 cos(2 pi j t / 52) + gamma2 sin(2 pi j t / 52))
 * and variance phi mu, t = 1..624 (12 years), the last 49 weeks the test ("current") period.
 * Outbreaks: four in the five years before the test period (what the Farrington fits see),
 * one in the test period, each of Poisson(k sd) cases with k uniform in 2..10 and sd the baseline
 * sd sqrt(phi mu) at its start week, spread over weeks by the lognormal profile.
 * A representative subset of their grid: four mean levels and five shapes per level.
 */

export const WEEKS = 624;
export const TEST_WEEKS = 49;
export const BASELINE_OUTBREAKS = 4;
/** Trend when on: +0.1% a week, x1.87 over the 12 years (the paper's trends are of this order). */
const TREND_BETA = 0.001;
/** Seasonal coefficients (gamma1, gamma2) of every harmonic. */
const SEASONAL_GAMMA: readonly [number, number] = [0.5, 0.5];
/** Week 1's date: a Monday, so the 624 week windows end in 2027. */
const FIRST_MONDAY = '2016-01-04';

export interface NoufailyScenario {
  /** Mean count of the test period (without seasonality): theta is set from it. */
  readonly level: number;
  readonly trend: boolean;
  /** Harmonics m: 0 (none), 1 (annual), 2 (annual and half-year). */
  readonly harmonics: 0 | 1 | 2;
  /** phi: variance / mean. */
  readonly dispersion: number;
}

export const NOUFAILY_LEVELS: readonly number[] = [1, 5, 20, 100];

const SHAPES: readonly Omit<NoufailyScenario, 'level'>[] = [
  { trend: false, harmonics: 0, dispersion: 1.5 },
  { trend: false, harmonics: 1, dispersion: 2 },
  { trend: true, harmonics: 1, dispersion: 2 },
  { trend: false, harmonics: 2, dispersion: 5 },
  { trend: true, harmonics: 2, dispersion: 5 },
];

export const NOUFAILY_SCENARIOS: readonly NoufailyScenario[] = NOUFAILY_LEVELS.flatMap((level) => SHAPES.map((shape) => ({ level, ...shape })));

/** mu(t) for t = 1..WEEKS; theta puts exp(theta + beta t) at `level` in the middle of the test period. */
export function noufailyMean(scenario: NoufailyScenario, t: number): number {
  const beta = scenario.trend ? TREND_BETA : 0;
  const theta = Math.log(scenario.level) - beta * (WEEKS - (TEST_WEEKS - 1) / 2);
  let eta = theta + beta * t;
  for (let j = 1; j <= scenario.harmonics; j++) {
    const angle = (2 * Math.PI * j * t) / 52;
    eta += SEASONAL_GAMMA[0] * Math.cos(angle) + SEASONAL_GAMMA[1] * Math.sin(angle);
  }
  return Math.exp(eta);
}

export function scenarioLabel(scenario: NoufailyScenario): string {
  return `m${scenario.level}-${scenario.trend ? 'trend' : 'flat'}-h${scenario.harmonics}-phi${scenario.dispersion}`;
}

/** One series of `scenario`, drawn from `rng` alone. */
export function noufailySeries(rng: Rng, scenario: NoufailyScenario, id: string): LabelledSeries {
  const baselineMeans = Array.from({ length: WEEKS }, (_, i) => noufailyMean(scenario, i + 1));
  const counts = baselineMeans.map((mean) => dispersedCount(rng, mean, scenario.dispersion));
  const testStart = WEEKS - TEST_WEEKS;
  const outbreaks: OutbreakSpan[] = [];
  const add = (start: number, stopBefore: number): void => {
    const sd = Math.sqrt(scenario.dispersion * (baselineMeans[start] ?? 0));
    const cases = outbreakCases(rng, rng.between(2, 10), sd);
    const span = injectOutbreak(rng, counts, start, cases, NOUFAILY_PROFILE, stopBefore);
    if (span !== null) outbreaks.push(span);
  };
  // History outbreaks end before the test period, so every test outbreak is the one placed there.
  for (let i = 0; i < BASELINE_OUTBREAKS; i++) add(rng.between(testStart - 5 * 52, testStart - 4), testStart);
  // The test outbreak starts at least 3 weeks before the end, so it has time to be seen.
  add(rng.between(testStart, WEEKS - 3), WEEKS);
  outbreaks.sort((a, b) => a.first - b.first);
  return {
    id,
    group: 'noufaily-weekly',
    level: `mean ${scenario.level}`,
    subgroups: [scenario.harmonics === 0 ? 'no season' : 'seasonal'],
    granularity: 'week', firstDate: FIRST_MONDAY, counts, baselineMeans, testStart, outbreaks };
}

/** Every scenario times `seriesPerScenario` series, each from its own stream of `seed` (named by its id). */
export function noufailyWeeklySeries(seed: number, seriesPerScenario: number): LabelledSeries[] {
  const series: LabelledSeries[] = [];
  for (const scenario of NOUFAILY_SCENARIOS) {
    for (let r = 0; r < seriesPerScenario; r++) {
      const id = `weekly-${scenarioLabel(scenario)}-r${r}`;
      series.push(noufailySeries(Rng.derive(seed, id), scenario, id));
    }
  }
  return series;
}
