import type { Detector } from '../../../detectors/detector.js';
import { DAY_MS, HOUR_MS, WEEK_MS } from '../../../src/domain/granularity.js';
import type { Granularity } from '../../../src/domain/granularity.js';
import type { Score } from '../../../src/domain/score.js';
import type { SeriesKey } from '../../../src/domain/series-key.js';
import type { DayType, Window } from '../../../src/domain/window.js';

/** Windows of one test series in Shenzhen local time (+08:00, no DST), starting Monday 2026-01-05. */
const UTC_OFFSET_MS = 8 * HOUR_MS;
export const FIRST_START = Date.UTC(2026, 0, 5) - UTC_OFFSET_MS;

const widthMs: Readonly<Record<Granularity, number>> = { hour: HOUR_MS, day: DAY_MS, week: WEEK_MS };

/** The `index`-th window of the given width after FIRST_START, with local weekday and hour computed. */
export function countWindow(granularity: Granularity, index: number, count: number): Window {
  const start = FIRST_START + index * widthMs[granularity];
  const local = new Date(start + UTC_OFFSET_MS);
  const weekday = local.getUTCDay();
  const dayType: DayType = weekday === 0 || weekday === 6 ? 'weekend' : 'workday';
  return {
    key: `cases|440307|test|${granularity}` as SeriesKey,
    granularity,
    start,
    end: start + widthMs[granularity],
    count,
    weekday,
    hour: local.getUTCHours(),
    dayType,
    terms: new Map(),
  };
}

/** Consecutive day windows, the first one `firstIndex` days after Monday 2026-01-05. */
export function dayWindows(counts: readonly number[], firstIndex = 0): Window[] {
  return counts.map((count, i) => countWindow('day', firstIndex + i, count));
}

export interface Replay<S> {
  readonly state: S;
  readonly scores: Score[];
}

/** Feeds `windows` through `detector` in order, starting from `state` (a fresh one by default). */
export function replay<C, S>(
  detector: Detector<C, S>,
  config: C,
  windows: readonly Window[],
  state: S = detector.create(config),
): Replay<S> {
  const scores: Score[] = [];
  let current = state;
  for (const window of windows) {
    const result = detector.update(current, window, config);
    current = result.state;
    scores.push(result.score);
  }
  return { state: current, scores };
}

/** The last item of a non-empty list (throws on an empty one, so a test cannot pass on nothing). */
export function last<T>(items: readonly T[]): T {
  const item = items[items.length - 1];
  if (item === undefined) throw new Error('empty');
  return item;
}

/** Index of the first alarm in `scores`, or -1. */
export function firstAlarm(scores: readonly Score[]): number {
  return scores.findIndex((score) => score.alarm);
}

/** mulberry32 (Tommy Ettinger): a tiny seeded PRNG, uniform on [0, 1), so simulations replay exactly. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** Seeded Poisson sampler (Knuth's product of uniforms; fine for the means below 30 used here). */
export function seededPoisson(seed: number): (mean: number) => number {
  const uniform = mulberry32(seed);
  return (mean) => {
    const limit = Math.exp(-mean);
    let k = 0;
    let product = uniform();
    while (product > limit) {
      k += 1;
      product *= uniform();
    }
    return k;
  };
}

/** `weeks` seeded Poisson weekly counts around 10 with a yearly cycle (seven years by default). */
export function seasonalWeeklyCounts(seed: number, weeks = 364): number[] {
  const sample = seededPoisson(seed);
  return Array.from({ length: weeks }, (_, i) => sample(10 * Math.exp(0.5 * Math.sin((2 * Math.PI * i) / 52))));
}

export interface RunLengthSetup<C, S> {
  readonly detector: Detector<C, S>;
  readonly config: C;
  /** In-control Poisson mean. */
  readonly mean: number;
  /** Step after warm-up, in Poisson standard deviations sqrt(mean); 0 for the in-control ARL. */
  readonly shiftSd: number;
  readonly runs: number;
  readonly seed: number;
  /** In-control windows before the step, enough to leave warm-up and fill the baseline. */
  readonly warmUp?: number;
  /** Longest run simulated; longer runs count as this. */
  readonly maxLength?: number;
}

/** Run lengths (windows from the step to the first alarm, 1-based) of seeded Poisson series. */
export function simulateRunLengths<C, S>(setup: RunLengthSetup<C, S>): number[] {
  const { detector, config, mean, shiftSd, runs, warmUp = 30, maxLength = 5000 } = setup;
  const sample = seededPoisson(setup.seed);
  const shifted = mean + shiftSd * Math.sqrt(mean);
  const lengths: number[] = [];
  for (let run = 0; run < runs; run += 1) {
    let state = detector.create(config);
    for (let i = 0; i < warmUp; i += 1) {
      state = detector.update(state, countWindow('day', i, sample(mean)), config).state;
    }
    let length = 1;
    for (; length < maxLength; length += 1) {
      const result = detector.update(state, countWindow('day', warmUp + length - 1, sample(shifted)), config);
      if (result.score.alarm) break;
      state = result.state;
    }
    lengths.push(length);
  }
  return lengths;
}
