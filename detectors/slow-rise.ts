import { median } from 'simple-statistics';
import { z } from 'zod';
import { WARMING_UP } from '../src/domain/score.js';
import { defineDetector } from './detector.js';
import { normalSurvival, upperCriticalValue } from './stats/normal.js';
import { pushBounded } from './stats/rolling-baseline.js';

/**
 * Slow rise: a monotone upward trend over the newest `window` windows, found by the Mann-Kendall
 * test (Mann 1945; Kendall 1975, "Rank Correlation Methods") and sized by Sen's slope (Sen 1968).
 * For the n = `window` newest values y_1..y_n (the scored window last):
 *   S = sum_{i<j} sign(y_j - y_i)
 *   Var(S) = [n(n-1)(2n+5) - sum_g t_g(t_g-1)(2t_g+5)] / 18     (t_g: size of tie group g)
 *   Z = (S-1)/sqrt(Var) if S > 0, 0 if S = 0, (S+1)/sqrt(Var) if S < 0  (continuity correction)
 *   p = P[N(0,1) > Z], one-sided: only a rise counts. p = 1 when all n values tie (Var = 0).
 *   p < alpha is tested as Z > qnorm(1 - alpha), the same thing without a tail integral per try.
 *   Sen's slope b = median_{i<j} (y_j - y_i) / (j - i), in counts per window.
 * The baseline level L is the median of the `baseline` windows just before the trend window.
 * Sen's line ends at e = median_i (y_i + b (n - i)), its value at the newest window (intercept
 * median(y_i - b i), as Sen and Theil take it). With floor = max(L, minLevel):
 *   relativeRise = b (n - 1) / floor       the rise of Sen's line across the window
 *   relativeEnd  = (e - L) / floor         how far above the baseline the line ends
 * Alarm when p < alpha AND relativeRise >= minRelativeRise AND relativeEnd >= minRelativeRise
 * AND y_n > L. The gates keep quiet a significant but small drift on a large count (+2% a window
 * at 5000 a day is "significant" after a few windows) and a series that has always been this
 * high; the end gate also keeps quiet the climb back to the usual level after a dip or a gap of
 * empty windows, which rises across the window without rising above the baseline (after 3-7
 * empty days at mean 20 it cuts the runs that fire from 26-49% to 3-4%, and at mean 5 from
 * 19-45% to 12-25%, at a cost of 0-4 points of power on the ramps of the tests). MK ranks the
 * values, so one high window adds at most n - 1 to S and moves only n - 1 of the n(n-1)/2
 * slopes: a spike on a flat series does not fire.
 * The test is distribution-free, so its false-alarm rate holds on overdispersed counts, where the
 * Poisson limits of `cusum` and `ewma` fire far more often. The price is power: it only sees the
 * order of the newest n values, not how far they are above the baseline (numbers in the tests).
 *
 * Day windows are deseasonalised by weekday first (`deseasonalize`), because a weekday pattern
 * inside a 10-day window hides a trend from MK, or fakes one: each count is divided by its
 * weekday factor f_d = (m_d + minLevel) / (m + minLevel), where m_d is the mean count of weekday d
 * over the baseline windows and m the mean of the m_d. Multiplicative, because the weekday pattern
 * of complaint counts scales with their level (a +100% rise doubles the Monday peak too), and
 * dividing by a positive factor keeps the order within a weekday. The pseudo-count minLevel
 * shrinks f_d towards 1 where counts are too low to estimate it (m = 0.5 with four Sundays of 0:
 * f = 1 / 1.5 rather than 0), vanishes at high counts and keeps f_d > 0. Hour windows are not
 * adjusted (a daily cycle would need 24 slots and days of baseline): run slow_rise on day or week
 * series. Week windows all start on a Monday, so the adjustment is the identity there.
 *
 * Windows are counted, not timed: the windower must emit every window, empty ones with count 0.
 */
export const SlowRiseConfig = z
  .object({
    /**
     * Windows in the trend test, the scored one included. 10 days sees a rise that takes one to
     * two weeks; the normal approximation of S is good from about n = 10 (Kendall 1975). 14
     * finds a 10-window ramp more often (34% against 22% at mean 5, 91% against 56% at mean 20)
     * at the same false-alarm rate, but fires more often when counts return after a week of
     * empty windows (24% of runs against 1% at mean 20).
     */
    window: z.number().int().min(5).max(60).default(10).describe('Windows in the Mann-Kendall trend test, the scored one included'),
    /** Windows before the trend window that set the level L and the weekday factors; 4 weeks. */
    baseline: z.number().int().min(7).max(366).default(28).describe('Windows before the trend window that set the level L and the weekday factors'),
    /**
     * One-sided level of the MK test. On stationary Poisson counts, flat or weekly, the continuity
     * correction, the ties and the gates put the per-window false-alarm rate at 0.15-0.55% for
     * means 0.5-5 (highest at mean 1 with a weekly pattern) and about 0 from 50 (in-control ARL
     * 180-600 windows; `cusum` and `ewma` have 200 and 360 at mean 5). 0.02 about doubles both
     * the false alarms and the power.
     */
    alpha: z.number().gt(0).lt(0.5).default(0.01).describe('One-sided level of the Mann-Kendall test'),
    /**
     * Smallest rise that may fire, as a fraction of the baseline level: Sen's line must climb this
     * much across the window and end this much above L. +50%: complaints creeping from 10 to 15 a day.
     */
    minRelativeRise: z.number().nonnegative().default(0.5).describe('Smallest rise that may fire, as a fraction of the baseline level (Sen\'s line must climb and end this much above L)'),
    /**
     * Floor on the baseline level in both rise gates, in counts per window, so a rise from an
     * all-zero baseline is not infinitely large; also the pseudo-count of the weekday factors.
     */
    minLevel: z.number().positive().default(1).describe('Floor on the baseline level in the rise gates, in counts; also the pseudo-count of the weekday factors'),
    /**
     * Divide day counts by their weekday factor before testing (see above); 'none' tests raw
     * counts. The factors' own noise costs power where there is no weekly pattern (+100% ramp
     * over 10 windows: 21% found against 34% at mean 5, 92% against 95% at 50), and they save it
     * where there is one (weekend at 50-60% of weekdays: 83% against 6% at mean 50).
     */
    deseasonalize: z.enum(['weekday', 'none']).default('weekday').describe('Divide day counts by weekday factors before testing (weekday), or test raw counts (none)'),
  })
  .strict();
export type SlowRiseConfig = z.infer<typeof SlowRiseConfig>;

export const SlowRiseState = z
  .object({
    /** Newest `baseline + window - 1` counts, oldest first: all the next score needs but its own count. */
    counts: z.array(z.number().nonnegative()),
    /** Local weekday (0 = Sunday) of each entry of `counts`. */
    weekdays: z.array(z.number().int().min(0).max(6)),
  })
  .strict()
  .refine((state) => state.counts.length === state.weekdays.length, {
    message: 'counts and weekdays must have the same length',
    path: ['weekdays'],
  });
export type SlowRiseState = z.infer<typeof SlowRiseState>;

export const slowRise = defineDetector<SlowRiseConfig, SlowRiseState>({
  name: 'slow_rise',
  description: "Mann-Kendall trend test with Sen's slope over the newest windows, against a median baseline (Mann 1945; Sen 1968)",
  configSchema: SlowRiseConfig,
  stateSchema: SlowRiseState,
  create: () => ({ counts: [], weekdays: [] }),
  update(state, window, config) {
    const x = window.count;
    const kept = config.baseline + config.window - 1;
    const next = { counts: pushBounded(state.counts, x, kept), weekdays: pushBounded(state.weekdays, window.weekday, kept) };
    if (state.counts.length < kept) return { state: next, score: WARMING_UP };

    // A config reload may have shrunk the ring's capacity: score on the newest values only.
    const first = state.counts.length - kept;
    const trendStart = first + config.baseline;
    const factors =
      config.deseasonalize === 'weekday' && window.granularity === 'day'
        ? weekdayFactors(state.counts, state.weekdays, first, trendStart, config.minLevel)
        : null;
    const adjusted = (i: number): number => {
      const count = state.counts[i] ?? 0;
      return factors === null ? count : count / (factors[state.weekdays[i] ?? 0] ?? 1);
    };
    const baselineValues: number[] = [];
    for (let i = first; i < trendStart; i += 1) baselineValues.push(adjusted(i));
    const olderValues: number[] = [];
    for (let i = trendStart; i < state.counts.length; i += 1) olderValues.push(adjusted(i));
    const level = median(baselineValues);
    const newestFactor = factors === null ? 1 : (factors[window.weekday] ?? 1);
    const trend = new TrendWindow(olderValues, level, config);
    const { pValue } = trend.trendTest(x / newestFactor);

    return {
      state: next,
      score: {
        expected: level * newestFactor,
        upper: trend.smallestFiringCount(newestFactor),
        score: 1 - pValue,
        pValue,
        alarm: trend.fires(x / newestFactor),
        warmingUp: false,
      },
    };
  },
});

export interface MannKendall {
  /** S = sum over pairs i < j of sign(y_j - y_i). */
  readonly s: number;
  /** Var(S) under no trend, tie-corrected. */
  readonly variance: number;
  /** Continuity-corrected standard normal statistic; 0 when Var(S) = 0. */
  readonly z: number;
  /** One-sided p-value for an upward trend; 1 when every value ties. */
  readonly pValue: number;
}

/** Mann-Kendall trend test on `values`, oldest first (formulas in the module comment). */
export function mannKendall(values: readonly number[]): MannKendall {
  return mannKendallFrom(kendallS(values), values.length, tieCorrection(values).ties);
}

/** S = sum over pairs i < j of sign(y_j - y_i). */
function kendallS(values: readonly number[]): number {
  let s = 0;
  for (let i = 0; i < values.length; i += 1) {
    const earlier = values[i] ?? 0;
    for (let j = i + 1; j < values.length; j += 1) s += Math.sign((values[j] ?? 0) - earlier);
  }
  return s;
}

/** Sen's slope: the median of (y_j - y_i) / (j - i) over all pairs i < j; needs two values. */
export function senSlope(values: readonly number[]): number {
  return median(pairwiseSlopes(values));
}

/** The test from S, n and the tie correction sum_g t_g(t_g-1)(2t_g+5). */
function mannKendallFrom(s: number, n: number, ties: number): MannKendall {
  const variance = (n * (n - 1) * (2 * n + 5) - ties) / 18;
  if (variance <= 0) return { s, variance: 0, z: 0, pValue: 1 };
  const z = s > 0 ? (s - 1) / Math.sqrt(variance) : s < 0 ? (s + 1) / Math.sqrt(variance) : 0;
  return { s, variance, z, pValue: normalSurvival(z) };
}

interface TieCorrection {
  /** sum_g t_g(t_g-1)(2t_g+5) over the groups of equal values, by exact equality as in S. */
  readonly ties: number;
  /** Size of the largest group (1 without ties, 0 for no values). */
  readonly largest: number;
}

function tieCorrection(values: readonly number[]): TieCorrection {
  const sorted = [...values].sort((a, b) => a - b);
  let ties = 0;
  let largest = 0;
  let run = 1;
  for (let i = 1; i <= sorted.length; i += 1) {
    if (i < sorted.length && sorted[i] === sorted[i - 1]) run += 1;
    else {
      ties += tieTerm(run);
      largest = Math.max(largest, run);
      run = 1;
    }
  }
  return { ties, largest };
}

/** One tie group's share of the variance correction: t(t-1)(2t+5). */
function tieTerm(t: number): number {
  return t * (t - 1) * (2 * t + 5);
}

function pairwiseSlopes(values: readonly number[]): number[] {
  const slopes: number[] = [];
  for (let i = 0; i < values.length; i += 1) {
    const earlier = values[i] ?? 0;
    for (let j = i + 1; j < values.length; j += 1) slopes.push(((values[j] ?? 0) - earlier) / (j - i));
  }
  return slopes;
}

/**
 * Multiplicative weekday factors from counts[from, to): f_d = (m_d + pseudo) / (m + pseudo), with
 * m the mean of the weekday means, so a full week of factors averages about 1. Indexed by
 * weekday; a weekday missing from the baseline (only after a gap in the windower) gets 1.
 */
function weekdayFactors(counts: readonly number[], weekdays: readonly number[], from: number, to: number, pseudo: number): number[] {
  const sums = [0, 0, 0, 0, 0, 0, 0];
  const seen = [0, 0, 0, 0, 0, 0, 0];
  for (let i = from; i < to; i += 1) {
    const day = weekdays[i] ?? 0;
    sums[day] = (sums[day] ?? 0) + (counts[i] ?? 0);
    seen[day] = (seen[day] ?? 0) + 1;
  }
  let total = 0;
  let present = 0;
  for (let day = 0; day < 7; day += 1) {
    const n = seen[day] ?? 0;
    if (n === 0) continue;
    total += (sums[day] ?? 0) / n;
    present += 1;
  }
  const overall = total / present;
  return sums.map((sum, day) => {
    const n = seen[day] ?? 0;
    return n === 0 ? 1 : (sum / n + pseudo) / (overall + pseudo);
  });
}

/**
 * The trend window with its newest value left open, so the test can be rerun for other counts of
 * the scored window (for `upper`). S, the ties and the slopes of the n - 1 older values are
 * computed once; a rerun adds the newest value's n - 1 signs and its tie group, and takes Sen's
 * slope only when the MK test and y_n > L already hold.
 */
class TrendWindow {
  private readonly older: readonly number[];
  private readonly level: number;
  private readonly config: SlowRiseConfig;
  private readonly olderS: number;
  private readonly olderTies: TieCorrection;
  private readonly critical: number;
  /** Pairwise slopes of the older values, computed on first use: most windows never need them. */
  private slopes: readonly number[] | null = null;

  constructor(older: readonly number[], level: number, config: SlowRiseConfig) {
    this.older = older;
    this.level = level;
    this.config = config;
    this.olderS = kendallS(older);
    this.olderTies = tieCorrection(older);
    this.critical = upperCriticalValue(config.alpha);
  }

  /** The MK test on the older values with `newest` (adjusted) appended. */
  trendTest(newest: number): MannKendall {
    const { s, ties } = this.withNewest(newest);
    return mannKendallFrom(s, this.older.length + 1, ties);
  }

  /** Z > qnorm(1 - alpha) with `newest` (adjusted) appended: p < alpha without the tail integral. */
  private passesTrend(newest: number): boolean {
    const { s, ties } = this.withNewest(newest);
    const n = this.older.length + 1;
    const variance = (n * (n - 1) * (2 * n + 5) - ties) / 18;
    return s > 0 && variance > 0 && (s - 1) / Math.sqrt(variance) > this.critical;
  }

  /** S and the tie correction once `newest` joins: n - 1 more signs, and its tie group grows by one. */
  private withNewest(newest: number): { s: number; ties: number } {
    let s = this.olderS;
    let tied = 0;
    for (const value of this.older) {
      const sign = Math.sign(newest - value);
      s += sign;
      if (sign === 0) tied += 1;
    }
    return { s, ties: this.olderTies.ties - tieTerm(tied) + tieTerm(tied + 1) };
  }

  private get olderSlopes(): readonly number[] {
    this.slopes ??= pairwiseSlopes(this.older);
    return this.slopes;
  }

  /** Whether the scored window fires with `newest` (adjusted) as its value. */
  fires(newest: number): boolean {
    return this.passesTrend(newest) && this.gatesPass(newest);
  }

  /**
   * y_n > L, relativeRise and relativeEnd: none turns off as `newest` grows. Sen's slope b only
   * grows with it, and each y_i + b (n - i) grows with b, so the end e grows too.
   */
  private gatesPass(newest: number): boolean {
    if (!(newest > this.level)) return false;
    const slopes = [...this.olderSlopes];
    const span = this.older.length;
    for (let i = 0; i < span; i += 1) slopes.push((newest - (this.older[i] ?? 0)) / (span - i));
    const slope = median(slopes);
    const floor = Math.max(this.level, this.config.minLevel);
    const needed = this.config.minRelativeRise * floor;
    if (!(slope * span >= needed)) return false;
    const ends = [newest];
    for (let i = 0; i < span; i += 1) ends.push((this.older[i] ?? 0) + slope * (span - i));
    return median(ends) - this.level >= needed;
  }

  /**
   * The smallest whole count of the scored window that fires, others unchanged; NaN if none does.
   * S and Var(S) change only where count / factor crosses or ties an older value, so the MK test
   * is constant on each stretch between those points. The counts at each crossing (and next to
   * it, against rounding in the division), 0 and a count above every older value stand for all
   * stretches: if the test fails at all of them, no count fires. Otherwise the two gates, which
   * never turn off as the count grows, give their least count `gate` by bisection, and the answer
   * is `gate` if the MK test passes there, else the first crossing count above it that passes.
   */
  smallestFiringCount(factor: number): number {
    const span = this.older.length;
    // Quick no: S is at most its older part + n - 1, and Var(S) is smallest when the newest value
    // joins the largest tie group; if even that Z stays below the critical value, nothing fires.
    const n = span + 1;
    const { ties, largest } = this.olderTies;
    const smallestVariance = (n * (n - 1) * (2 * n + 5) - ties + tieTerm(largest) - tieTerm(largest + 1)) / 18;
    if (!(smallestVariance > 0 && (this.olderS + span - 1) / Math.sqrt(smallestVariance) > this.critical)) return Number.NaN;

    const passesTrend = (count: number): boolean => this.passesTrend(count / factor);
    let steepest = 0;
    for (const slope of this.olderSlopes) steepest = Math.max(steepest, Math.abs(slope));
    const targetSlope = (this.config.minRelativeRise * Math.max(this.level, this.config.minLevel)) / span;
    // Far enough that the newest value is above L and every older value, and each slope to it
    // beats every older slope and the target: S and Sen's slope are at their largest from here on
    // (with n >= 5 fewer than half the slopes touch the newest value, so b stays an older slope),
    // and so is the end e, the newest value being above every y_i + b (n - i).
    const ceiling = Math.ceil((Math.max(this.level, ...this.older) + span * (steepest + targetSlope) + 1) * factor) + 1;

    let trending = passesTrend(0) || passesTrend(ceiling);
    for (let i = 0; i < span && !trending; i += 1) {
      const crossing = Math.floor((this.older[i] ?? 0) * factor);
      for (let count = Math.max(0, crossing - 1); count <= crossing + 2 && !trending; count += 1) trending = passesTrend(count);
    }
    if (!trending || !this.gatesPass(ceiling / factor)) return Number.NaN;

    let low = -1;
    let gate = ceiling;
    while (gate - low > 1) {
      const mid = Math.floor((low + gate) / 2);
      if (this.gatesPass(mid / factor)) gate = mid;
      else low = mid;
    }
    if (passesTrend(gate)) return gate;
    let best = Number.NaN;
    for (let i = 0; i < span; i += 1) {
      const crossing = Math.floor((this.older[i] ?? 0) * factor);
      for (let count = Math.max(gate + 1, crossing - 1); count <= crossing + 2; count += 1) {
        if ((Number.isNaN(best) || count < best) && passesTrend(count)) best = count;
      }
    }
    return best;
  }
}
