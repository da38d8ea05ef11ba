/**
 * Empirical calibration of p-values against their own past: p_cal = (1 + #past p <= p) / (1 + n).
 * Detector p-values are anticonservative on real counts (holidays, weekday swings the detectors
 * do not model), and the smallest of several detectors' needs a correction for multiplicity;
 * ranking today's p-value among the past ones of the same kind fixes both at once, and lets
 * fusion use the sharpest summary (the smallest detector p-value) instead of a conservative one.
 *
 * The past is a bounded histogram of -log10 p per calibration group (stream, category, place
 * level, source): the places of one level share it, since one series' few weeks cannot give a
 * p-value below 1/(1 + n). A p-value counts every past one in its own bin as "at most p"
 * (conservative by at most one bin's width). When a group's total passes `maxCount`, all counts
 * are halved, so the histogram follows the recent past. Plain JSON, deterministic.
 */

/** Bins per decade of p (width 0.05 in log10 p). */
export const BINS_PER_DECADE = 20;
/** Decades covered: p-values below 1e-12 share the last bin. */
export const DECADES = 12;
const BINS = BINS_PER_DECADE * DECADES;

/** One group's past: counts per bin (bin 0 holds p in (10^-0.05, 1]) and their total. */
export interface CalibrationHistogram {
  counts: number[];
  total: number;
}

export type CalibrationState = Record<string, CalibrationHistogram>;

export interface CalibrationSettings {
  /** Fewer past p-values than this: not calibrated (the caller keeps its conservative p-value). */
  readonly minCount: number;
  /** Past p-values kept, about: the counts are halved beyond it. */
  readonly maxCount: number;
}

/** The histogram bin of a p-value: floor(-log10 p * BINS_PER_DECADE), within [0, BINS - 1]. */
export function calibrationBin(p: number): number {
  if (Number.isNaN(p)) throw new RangeError('p-value is NaN');
  if (!(p > 0)) return BINS - 1;
  // A tiny epsilon keeps exact powers of ten (1e-3 = 60 / 20 decades) in their own bin despite rounding.
  const bin = Math.floor(-Math.log10(Math.min(p, 1)) * BINS_PER_DECADE + 1e-9);
  return Math.min(Math.max(bin, 0), BINS - 1);
}

export class PValueCalibrator {
  private groups = new Map<string, CalibrationHistogram>();

  constructor(private readonly settings: CalibrationSettings) {}

  /** Past p-values of the group ( possibly fractional after halving). */
  count(group: string): number {
    return this.groups.get(group)?.total ?? 0;
  }

  /** p_cal = (1 + past at most p) / (1 + n); null while the group has fewer than `minCount` past values. */
  calibrate(group: string, p: number): number | null {
    const histogram = this.groups.get(group);
    if (histogram === undefined || histogram.total < this.settings.minCount) return null;
    let atMost = 0;
    for (let bin = calibrationBin(p); bin < BINS; bin++) atMost += histogram.counts[bin] ?? 0;
    return Math.min(1, (1 + atMost) / (1 + histogram.total));
  }

  /** Adds a p-value to the group's past (after today's have been calibrated). */
  add(group: string, p: number): void {
    let histogram = this.groups.get(group);
    if (histogram === undefined) this.groups.set(group, (histogram = { counts: new Array<number>(BINS).fill(0), total: 0 }));
    const bin = calibrationBin(p);
    histogram.counts[bin] = (histogram.counts[bin] ?? 0) + 1;
    histogram.total += 1;
    if (histogram.total > this.settings.maxCount) {
      histogram.counts = histogram.counts.map((c) => c / 2);
      histogram.total /= 2;
    }
  }

  toJSON(): CalibrationState {
    return structuredClone(Object.fromEntries(this.groups));
  }

  restore(state: CalibrationState): void {
    this.groups = new Map(Object.entries(structuredClone(state)));
  }
}
