import { z } from 'zod';
import type { Granularity } from '../src/domain/granularity.js';
import type { Score } from '../src/domain/score.js';
import { WARMING_UP } from '../src/domain/score.js';
import type { Window } from '../src/domain/window.js';
import { defineDetector } from './detector.js';
import type { CountTails } from './stats/count-distribution.js';
import { negativeBinomialQuantile, negativeBinomialTails } from './stats/negative-binomial.js';
import { poissonQuantile, poissonTails } from './stats/poisson.js';

/*
 * Seasonal baseline with holidays: a Holt-Winters multiplicative seasonal level without trend
 * (Holt 1957, "Forecasting seasonals and trends by exponentially weighted moving averages",
 * ONR Memorandum 52; Winters 1960, "Forecasting sales by exponentially weighted moving
 * averages", Management Science 6(3); Hyndman & Athanasopoulos, "Forecasting: Principles and
 * Practice", 3rd ed., section 8.3), kept as plain JSON and updated one window at a time.
 *
 *   expected = level x factor(window)
 *
 * Slots (the `factor`) by window:
 *  - day: one factor per weekday, 0 = Sunday ... 6 = Saturday. A holiday (dayType 'holiday')
 *    is weekendFactor x holidayRatio, weekendFactor the mean of the Saturday and Sunday factors
 *    and holidayRatio learned from holidays alone; until `minHolidays` holidays were seen the
 *    ratio is 1, so holidays are scored as weekend days, with a bound widened by the unknown
 *    holiday effect (relative sd `holidayPriorSd`, 0.5: the first days of a Spring Festival
 *    busier than a weekend must not all alarm). A swapped working day (dayType
 *    'workday' on a Saturday or Sunday, 调休) takes the mean Monday-Friday factor.
 *  - hour, `hourSlots: hour_of_day_type` (default): 48 factors, the 24 hours of a workday
 *    (swapped working days included) and the 24 hours of a day off. Holidays are a day off
 *    times the holiday ratio, as above.
 *  - hour, `hourSlots: hour_of_week`: 168 factors, weekday x 24 + hour. A swapped working day
 *    takes Monday's hours, a holiday Sunday's hours times the holiday ratio.
 *  - week: the level alone (factor 1; the dayType of a week window is ignored).
 * The factors of the regular week average to 1 (weighted 5:2 for workday and day-off hours),
 * renormalised after every update with the level rescaled to match, which leaves every
 * expected value unchanged (Archibald & Koehler 2003, "Normalization of seasonal factors in
 * Winters' methods", IJF 19), so `level` stays the mean count of a regular window.
 *
 * Updates, with y* the count capped at `upper` (below) and g the gains:
 *  - level: the exponentially weighted mean of deseasonalised counts y/f, weighted by f, i.e.
 *    the ratio  level = EW(y*) / EW(f)  (weights carried in `levelWeight` = EW(f)). With weight
 *    f this is the Poisson-efficient form of Holt-Winters' level: a count in a slot with a tiny
 *    factor (3 a.m., a quiet Sunday) cannot swing the level as y/f would. Gain
 *    levelAlpha per window (levelAlpha / 24 for hour windows, so the level has the ~10-day
 *    memory it has on day windows; the daily shape is in the factors).
 *  - a slot's factor: EW(y*) / EW(level) over that slot's windows (`factorWeights` = EW(level)),
 *    gain seasonAlpha: about 20 weeks of memory for weekday slots and hour-of-week slots, 4
 *    weeks for workday hours and 10 weeks for day-off hours.
 *  - holidayRatio: EW(y*) / EW(base expected) over holidays, gain seasonAlpha per day.
 *  Each estimator starts as a running mean: its gain is max(gain, 1 / n) for its n-th
 *  observation, so young slots and the first holidays are plain averages.
 *  Holidays train only the holiday ratio (not the level or the weekday factors): a 9-day Spring
 *  Festival (春节) would otherwise drag the level down and make the following workdays alarm.
 *  Swapped working days of day windows train the level only (they have no weekday slot of
 *  their own); in hour windows they are ordinary workday (or Monday) hours.
 *
 * Warm-up: the first `minHistory[granularity]` regular windows (holidays and swapped day windows
 * skipped), and until every slot of the week has been seen once, only accumulate per-slot sums;
 * then level = the weighted mean of the slot means, factor = slot mean / level, and the
 * dispersion starts from the within-slot Pearson statistic (df = windows - slots). Every window
 * of the warm-up scores WARMING_UP.
 *
 * Bound: the count is modelled as negative binomial (default) with mean mu = max(expected,
 * minExpected) and variance phi (1 + v) mu, where phi >= 1 is the data's dispersion and v the
 * relative variance of the estimate of mu, v = f relVar(level) + relVar(factor) (+ relVar(ratio)
 * on holidays), relVar = max(g / (2 - g), 1 / n) for an estimator with gain g and n windows:
 * the predictive variance tau = phi + Var(mu_hat) / mu of Farrington et al. (1996; see
 * stats/power-threshold.ts), here with the Noufaily et al. (2013) plug-in quantile, size = mu / (phi (1 + v) - 1),
 * prob = 1 / (phi (1 + v)). phi is the exponentially weighted mean (gain dispersionAlpha) of the
 * one-step-ahead Pearson residuals (y - expected)^2 / (mu (1 + v)) of the windows that did not
 * alarm (and of holidays only once their ratio is known). `distribution: poisson`
 * uses Poisson(mu) instead, with neither dispersion nor estimation error.
 *   upper  = the (1 - alpha) quantile;  alarm: count > upper
 *   score  = P(X < count),  pValue = P(X >= count)
 * Outliers: every update uses y* = min(count, upper) (the cleaning of Gelper, Fried & Croux
 * 2010, "Robust forecasting with exponential and Holt-Winters smoothing", J. Forecasting 29),
 * so an outbreak lifts its own baseline only as far as windows sitting on the bound would,
 * and a lasting new level is still followed, one bound-sized step at a time (five days at 3x a
 * mean of 20 all alarm, and lift the level by about half). Alarms do not feed the dispersion.
 *
 * minExpected keeps an all-zero history (or a slot whose factor is 0) from making a single
 * count an alarm: the distribution's mean is at least 0.2 (after an all-zero history, 6 counts
 * in a day are needed by default).
 *
 * Holidays on hour windows: the ratio applies once minHolidays x 24 holiday hours were seen, and
 * its gain is seasonAlpha / 24 per hour. The state is laid out by the first window (granularity
 * and hourSlots); a window of another layout (hourSlots changed on reload) starts it over.
 */

/** Window counts of the warm-up, by granularity. */
const MinHistory = z
  .object({
    hour: z.number().int().min(1).default(336).describe('Regular hour windows before the first score (two weeks)'),
    day: z.number().int().min(1).default(14).describe('Regular day windows before the first score (two weeks)'),
    week: z.number().int().min(1).default(4).describe('Week windows before the first score'),
  })
  .strict();

export const SeasonalConfig = z
  .object({
    /** Gain of the level per window (per day for hour windows: levelAlpha / 24 per hour). */
    levelAlpha: z.number().gt(0).lte(1).default(0.1).describe('Gain of the level per window (per day for hour windows)'),
    /** Gain of a seasonal factor per window of its slot, and of the holiday ratio per holiday. */
    seasonAlpha: z.number().gt(0).lte(1).default(0.05).describe('Gain of a seasonal factor per window of its slot, and of the holiday ratio per holiday'),
    /** Gain of the dispersion estimate per window. */
    dispersionAlpha: z.number().gt(0).lte(1).default(0.01).describe('Gain of the dispersion estimate per window'),
    /**
     * Regular windows before the first score: two weeks of hours or days (each weekday seen
     * twice), four weeks for week windows (one window a week: two would leave the level and its
     * dispersion to two counts).
     */
    minHistory: MinHistory.prefault({}).describe('Regular windows of warm-up, by granularity (holidays and swapped days not counted)'),
    /** Holidays (days) seen before they get their own factor; until then they count as weekend days. */
    minHolidays: z.number().int().min(1).default(5).describe('Holidays seen before they get their own factor; until then they count as weekend days'),
    /**
     * Relative standard deviation of the holiday effect while it is unknown (fewer than
     * minHolidays holidays seen): widens the bound of those holidays, which are scored as weekend
     * days but may be far busier (or quieter) than one.
     */
    holidayPriorSd: z.number().nonnegative().default(0.5).describe('Relative sd of the holiday effect while it is unknown: widens the bound of early holidays'),
    /** Slots of hour windows: hour of day by workday / day off (48), or hour of week (168). */
    hourSlots: z.enum(['hour_of_day_type', 'hour_of_week']).default('hour_of_day_type').describe('Slots of hour windows: hour of day by workday / day off (48), or hour of week (168)'),
    /**
     * Count distribution of the bound: negative binomial with estimated dispersion and estimation
     * error, or Poisson. On negative-binomial day series with phi = 2 (means 0.5, 5, 50; seeded
     * simulation) negbin false-alarms on 0.07-0.15% of windows, poisson on 1.5-2.2%.
     */
    distribution: z.enum(['poisson', 'negbin']).default('negbin').describe('Count distribution of the bound: negative binomial with estimated dispersion, or Poisson'),
    /** One-sided false-alarm probability per window of the bound. */
    alpha: z.number().gt(0).lt(1).default(0.001).describe('One-sided false-alarm probability per window of the bound'),
    /** Floor on the distribution's mean, so that an all-zero history does not fire on one count. */
    minExpected: z.number().positive().default(0.2).describe('Floor on the distribution\'s mean, so an all-zero history does not fire on one count'),
  })
  .strict();
export type SeasonalConfig = z.infer<typeof SeasonalConfig>;

/** How the slots are laid out; fixed by the first window of a series (and hourSlots). */
export const SeasonalLayout = z.enum(['day', 'hour_of_day_type', 'hour_of_week', 'week']);
export type SeasonalLayout = z.infer<typeof SeasonalLayout>;

const SLOT_COUNT: Readonly<Record<SeasonalLayout, number>> = { day: 7, hour_of_day_type: 48, hour_of_week: 168, week: 1 };
/** Windows per day, to turn per-day gains and holiday counts into per-window ones. */
const WINDOWS_PER_DAY: Readonly<Record<SeasonalLayout, number>> = { day: 1, hour_of_day_type: 24, hour_of_week: 24, week: 1 };

const nonNegative = z.number().nonnegative();
const count = z.number().int().nonnegative();

export const SeasonalState = z
  .object({
    /** null until the first window. */
    layout: SeasonalLayout.nullable(),
    /** Mean count of a regular window (factor 1); null while warming up. */
    level: nonNegative.nullable(),
    /** EW mean of the factors of the windows that trained the level: the level is EW(y) / levelWeight. */
    levelWeight: nonNegative,
    /** Windows that trained the level, warm-up included. */
    levelSeen: count,
    /** Seasonal factor per slot (see the layouts above). */
    factors: z.array(nonNegative),
    /** Per slot, EW mean of the level when the slot was trained: factor = EW(y) / factorWeight. */
    factorWeights: z.array(nonNegative),
    /** Per slot, windows that trained it, warm-up included. */
    seen: z.array(count),
    /** Per-slot sums of the counts and of their squares during the warm-up; null after it. */
    warmUp: z.object({ sums: z.array(nonNegative), squares: z.array(nonNegative) }).strict().nullable(),
    /** Holidays: count / base expected, its weight (EW base expected) and the holiday windows seen. */
    holiday: z.object({ ratio: nonNegative, weight: nonNegative, seen: count }).strict(),
    /** EW mean of the standardised squared residuals (may be below 1; used as max(1, phi)). */
    dispersion: z.object({ phi: nonNegative, seen: count }).strict(),
  })
  .strict()
  .superRefine((state, context) => {
    const slots = state.layout === null ? 0 : SLOT_COUNT[state.layout];
    for (const key of ['factors', 'factorWeights', 'seen'] as const) {
      if (state[key].length !== slots) context.addIssue({ code: 'custom', path: [key], message: `expected ${slots} slots for layout ${state.layout}` });
    }
    if (state.warmUp !== null) {
      for (const key of ['sums', 'squares'] as const) {
        if (state.warmUp[key].length !== slots) context.addIssue({ code: 'custom', path: ['warmUp', key], message: `expected ${slots} slots` });
      }
    }
    if ((state.level === null) !== (state.warmUp !== null || state.layout === null)) {
      context.addIssue({ code: 'custom', path: ['level'], message: 'level is null exactly while warming up' });
    }
  });
export type SeasonalState = z.infer<typeof SeasonalState>;

/** Where a window sits in the profile. */
interface Placement {
  /** Slots whose mean factor is the window's base factor (one slot but for swapped days and day-window holidays). */
  readonly profile: readonly number[];
  /** regular: trains its slot and the level; swapped: the level only; holiday: the holiday ratio only. */
  readonly role: 'regular' | 'swapped' | 'holiday';
}

const SINGLE_SLOTS: readonly (readonly number[])[] = Array.from({ length: 168 }, (_, slot) => [slot]);
const WEEKEND_SLOTS: readonly number[] = [6, 0];
const WORKDAY_SLOTS: readonly number[] = [1, 2, 3, 4, 5];

/** Weight of each slot in the mean of a regular week, which the factors keep at 1. */
const CYCLE_WEIGHTS: Readonly<Record<SeasonalLayout, readonly number[]>> = {
  day: new Array<number>(7).fill(1 / 7),
  hour_of_day_type: Array.from({ length: 48 }, (_, slot) => (slot < 24 ? 5 : 2) / 168),
  hour_of_week: new Array<number>(168).fill(1 / 168),
  week: [1],
};

function single(slot: number): readonly number[] {
  const slots = SINGLE_SLOTS[slot];
  if (slots === undefined) throw new RangeError(`slot ${slot} out of range`);
  return slots;
}

function layoutOf(granularity: Granularity, hourSlots: SeasonalConfig['hourSlots']): SeasonalLayout {
  return granularity === 'hour' ? hourSlots : granularity;
}

function isWeekendDay(weekday: number): boolean {
  return weekday === 0 || weekday === 6;
}

function placementOf(window: Window, layout: SeasonalLayout): Placement {
  const { dayType, weekday, hour } = window;
  switch (layout) {
    case 'week':
      return { profile: single(0), role: 'regular' };
    case 'day':
      if (dayType === 'holiday') return { profile: WEEKEND_SLOTS, role: 'holiday' };
      if (dayType === 'workday' && isWeekendDay(weekday)) return { profile: WORKDAY_SLOTS, role: 'swapped' };
      return { profile: single(weekday), role: 'regular' };
    case 'hour_of_day_type':
      if (dayType === 'holiday') return { profile: single(24 + hour), role: 'holiday' };
      return { profile: single((dayType === 'workday' ? 0 : 24) + hour), role: 'regular' };
    case 'hour_of_week':
      if (dayType === 'holiday') return { profile: single(hour), role: 'holiday' };
      if (dayType === 'workday' && isWeekendDay(weekday)) return { profile: single(24 + hour), role: 'regular' };
      return { profile: single(weekday * 24 + hour), role: 'regular' };
  }
}

function emptyState(layout: SeasonalLayout | null): SeasonalState {
  const slots = layout === null ? 0 : SLOT_COUNT[layout];
  return {
    layout,
    level: null,
    levelWeight: 0,
    levelSeen: 0,
    factors: new Array<number>(slots).fill(1),
    factorWeights: new Array<number>(slots).fill(0),
    seen: new Array<number>(slots).fill(0),
    warmUp: layout === null ? null : { sums: new Array<number>(slots).fill(0), squares: new Array<number>(slots).fill(0) },
    holiday: { ratio: 1, weight: 0, seen: 0 },
    dispersion: { phi: 1, seen: 0 },
  };
}

/** Relative variance of an estimator that averaged `n` windows with gain floor `gain`: 1 / n, then g / (2 - g). */
function relativeVariance(n: number, gain: number): number {
  return Math.max(gain / (2 - gain), n > 0 ? 1 / n : 1);
}

function at(values: readonly number[], i: number): number {
  const value = values[i];
  if (value === undefined) throw new RangeError(`slot ${i} out of range`);
  return value;
}

function levelGain(layout: SeasonalLayout, config: SeasonalConfig): number {
  return config.levelAlpha / WINDOWS_PER_DAY[layout];
}

interface Prediction {
  readonly expected: number;
  /** The factor of the window, holiday ratio included. */
  readonly factor: number;
  /** The factor without the holiday ratio. */
  readonly baseFactor: number;
  /** Relative variance of the estimate of expected (v above). */
  readonly estimateVariance: number;
  /** Whether the holiday ratio applies (enough holidays seen). */
  readonly holidayKnown: boolean;
}

function predict(state: SeasonalState, layout: SeasonalLayout, level: number, placement: Placement, config: SeasonalConfig): Prediction {
  let baseFactor = 0;
  let factorVariance = 0;
  for (const slot of placement.profile) {
    baseFactor += at(state.factors, slot);
    factorVariance += relativeVariance(at(state.seen, slot), config.seasonAlpha);
  }
  const slots = placement.profile.length;
  baseFactor /= slots;
  factorVariance /= slots * slots; // the mean of `slots` independent estimates
  const perDay = WINDOWS_PER_DAY[layout];
  const holidayKnown = placement.role === 'holiday' && state.holiday.seen >= config.minHolidays * perDay;
  const factor = holidayKnown ? baseFactor * state.holiday.ratio : baseFactor;
  let estimateVariance = factor * relativeVariance(state.levelSeen, levelGain(layout, config));
  if (layout !== 'week') estimateVariance += factorVariance;
  if (holidayKnown) estimateVariance += relativeVariance(state.holiday.seen, config.seasonAlpha / perDay);
  return { expected: level * factor, factor, baseFactor, estimateVariance, holidayKnown };
}

/**
 * Expected count of `window` under the seasonal baseline in `state` (level x factor, holiday
 * ratio included): NaN while the baseline warms up or when `window` is of another granularity
 * (or hourSlots) than the series the state learned. Pure; other detectors can use it as their
 * expected value.
 */
export function seasonalExpected(state: SeasonalState, window: Window, config: SeasonalConfig): number {
  const layout = layoutOf(window.granularity, config.hourSlots);
  if (state.layout !== layout || state.level === null) return Number.NaN;
  return predict(state, layout, state.level, placementOf(window, layout), config).expected;
}

interface Bound {
  readonly upper: number;
  readonly tails: CountTails;
}

/** The (1 - alpha) quantile, and the tails at count - 1: lower = P(X < count), upper = P(X >= count). */
function bound(mean: number, phi: number, count: number, config: SeasonalConfig): Bound {
  const below = Math.ceil(count) - 1;
  if (config.distribution === 'negbin' && phi > 1 + 1e-9) {
    const size = mean / (phi - 1);
    const prob = 1 / phi;
    return { upper: negativeBinomialQuantile(1 - config.alpha, size, prob), tails: negativeBinomialTails(below, size, prob) };
  }
  return { upper: poissonQuantile(1 - config.alpha, mean), tails: poissonTails(below, mean) };
}

/** Ends the warm-up: level, factors and dispersion from the per-slot sums. */
function initialise(state: SeasonalState, layout: SeasonalLayout, sums: readonly number[], squares: readonly number[]): SeasonalState {
  const weights = CYCLE_WEIGHTS[layout];
  const slots = SLOT_COUNT[layout];
  const means = state.seen.map((n, slot) => (n > 0 ? at(sums, slot) / n : 0));
  const level = means.reduce((sum, mean, slot) => sum + at(weights, slot) * mean, 0);
  const factors = means.map((mean) => (level > 0 ? mean / level : 1));
  const windows = state.seen.reduce((sum, n) => sum + n, 0);
  const levelWeight = level > 0 ? factors.reduce((sum, factor, slot) => sum + at(state.seen, slot) * factor, 0) / windows : 1;
  // Within-slot Pearson statistic: sum over slots of (sum y^2 - n m^2) / m, on windows - slots df.
  let pearson = 0;
  for (let slot = 0; slot < slots; slot++) {
    const mean = at(means, slot);
    if (mean > 0) pearson += Math.max(0, at(squares, slot) - at(state.seen, slot) * mean * mean) / mean;
  }
  const df = windows - slots;
  return {
    ...state,
    level,
    levelWeight,
    factors,
    factorWeights: new Array<number>(slots).fill(level),
    warmUp: null,
    dispersion: df > 0 ? { phi: pearson / df, seen: df } : { phi: 1, seen: 1 },
  };
}

function warmUpStep(state: SeasonalState, layout: SeasonalLayout, window: Window, placement: Placement, config: SeasonalConfig): SeasonalState {
  // Holidays and swapped day windows have no slot of their own to start: they wait for the baseline.
  if (placement.role !== 'regular' || state.warmUp === null) return state;
  const slot = at(placement.profile, 0);
  const y = window.count;
  const sums = [...state.warmUp.sums];
  const squares = [...state.warmUp.squares];
  const seen = [...state.seen];
  sums[slot] = at(sums, slot) + y;
  squares[slot] = at(squares, slot) + y * y;
  seen[slot] = at(seen, slot) + 1;
  const next: SeasonalState = { ...state, seen, levelSeen: state.levelSeen + 1, warmUp: { sums, squares } };
  const ready = next.levelSeen >= config.minHistory[window.granularity] && seen.every((n) => n > 0);
  return ready ? initialise(next, layout, sums, squares) : next;
}

/** Divides the factors by their weighted mean over a regular week and multiplies the level by it. */
function renormalise(state: SeasonalState, layout: SeasonalLayout, level: number): SeasonalState {
  const weights = CYCLE_WEIGHTS[layout];
  const c = state.factors.reduce((sum, factor, slot) => sum + at(weights, slot) * factor, 0);
  if (!(c > 0) || !Number.isFinite(c)) return state;
  return {
    ...state,
    level: level * c,
    levelWeight: state.levelWeight / c,
    factors: state.factors.map((factor) => factor / c),
    factorWeights: state.factorWeights.map((weight) => weight * c),
  };
}

/** One step of the weighted ratio EW(y) / EW(w): returns the new ratio and weight (unchanged when the weight is 0). */
function ratioStep(ratio: number, weight: number, y: number, w: number, gain: number): { ratio: number; weight: number } {
  const nextWeight = (1 - gain) * weight + gain * w;
  if (!(nextWeight > 0)) return { ratio, weight };
  return { ratio: ((1 - gain) * ratio * weight + gain * y) / nextWeight, weight: nextWeight };
}

function learn(
  state: SeasonalState,
  layout: SeasonalLayout,
  level: number,
  placement: Placement,
  prediction: Prediction,
  capped: number,
  residual: number | null,
  config: SeasonalConfig,
): SeasonalState {
  let next: SeasonalState = state;
  if (placement.role === 'holiday') {
    const gain = Math.max(config.seasonAlpha / WINDOWS_PER_DAY[layout], 1 / (state.holiday.seen + 1));
    const step = ratioStep(state.holiday.ratio, state.holiday.weight, capped, level * prediction.baseFactor, gain);
    const informative = step.weight > 0;
    next = { ...next, holiday: { ...step, seen: state.holiday.seen + (informative ? 1 : 0) } };
  } else {
    const gain = Math.max(levelGain(layout, config), 1 / (state.levelSeen + 1));
    const step = ratioStep(level, state.levelWeight, capped, prediction.factor, gain);
    next = { ...next, level: step.ratio, levelWeight: step.weight, levelSeen: state.levelSeen + 1 };
    if (placement.role === 'regular' && layout !== 'week') {
      const slot = at(placement.profile, 0);
      const seen = at(state.seen, slot);
      const factorGain = Math.max(config.seasonAlpha, 1 / (seen + 1));
      const factorStep = ratioStep(at(state.factors, slot), at(state.factorWeights, slot), capped, level, factorGain);
      if (factorStep.weight > 0) {
        const factors = [...state.factors];
        const factorWeights = [...state.factorWeights];
        const seenNext = [...state.seen];
        factors[slot] = factorStep.ratio;
        factorWeights[slot] = factorStep.weight;
        seenNext[slot] = seen + 1;
        next = renormalise({ ...next, factors, factorWeights, seen: seenNext }, layout, step.ratio);
      }
    }
  }
  // The dispersion learns from windows within the bound only (an alarm is presumed an outbreak,
  // as Farrington et al. 1996 down-weight past outbreaks), and from holidays only once they have
  // their own factor: before that their residuals measure the holiday effect, not the noise.
  if (residual !== null && (placement.role !== 'holiday' || prediction.holidayKnown)) {
    const { phi, seen } = state.dispersion;
    const gain = Math.max(config.dispersionAlpha, 1 / (seen + 1));
    next = { ...next, dispersion: { phi: phi + gain * (residual - phi), seen: seen + 1 } };
  }
  return next;
}

export const seasonal = defineDetector<SeasonalConfig, SeasonalState>({
  name: 'seasonal',
  description: 'Holt-Winters multiplicative seasonal level by weekday / hour with a holiday factor, negative-binomial bound (Holt 1957; Winters 1960)',
  configSchema: SeasonalConfig,
  stateSchema: SeasonalState,
  create: () => emptyState(null),
  update(state, window, config) {
    const layout = layoutOf(window.granularity, config.hourSlots);
    // A state from another layout (hourSlots changed on reload) starts over.
    const current = state.layout === layout ? state : emptyState(layout);
    const placement = placementOf(window, layout);
    if (current.level === null) {
      return { state: warmUpStep(current, layout, window, placement, config), score: WARMING_UP };
    }

    const level = current.level;
    const prediction = predict(current, layout, level, placement, config);
    const y = window.count;
    const mean = Math.max(prediction.expected, config.minExpected);
    const holidayUnknown = placement.role === 'holiday' && !prediction.holidayKnown;
    // Var = phi (1 + v) mu, plus (sd mu)^2 for a holiday effect not learned yet.
    const phi = Math.max(1, current.dispersion.phi) * (1 + prediction.estimateVariance) + (holidayUnknown ? mean * config.holidayPriorSd ** 2 : 0);
    const { upper, tails } = bound(mean, phi, y, config);
    const alarm = y > upper;
    const capped = Math.min(y, upper);
    const residual = alarm ? null : (y - prediction.expected) ** 2 / (mean * (1 + prediction.estimateVariance));
    const score: Score = {
      expected: prediction.expected,
      upper,
      score: tails.lower,
      pValue: tails.upper,
      alarm,
      warmingUp: false,
    };
    return { state: learn(current, layout, level, placement, prediction, capped, residual, config), score };
  },
});
