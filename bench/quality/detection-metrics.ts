import type { OutbreakSpan } from './labelled-series.js';
import type { QualityRow } from './quality-row.js';

/** What the metrics need of a series: its length, test period and outbreaks. */
export interface LabelledTruth {
  readonly counts: readonly unknown[];
  readonly testStart: number;
  readonly outbreaks: readonly OutbreakSpan[];
}

/** Sums over test windows from which the figures of a QualityRow follow; they add across series. */
export interface DetectionTally {
  readonly series: number;
  readonly outbreaks: number;
  readonly detected: number;
  /** Sum over detected outbreaks of windows from the outbreak's first window to its first alarm. */
  readonly delaySum: number;
  readonly outbreakWindows: number;
  readonly outbreakAlarms: number;
  readonly quietWindows: number;
  readonly quietAlarms: number;
}

export const EMPTY_TALLY: DetectionTally = {
  series: 0,
  outbreaks: 0,
  detected: 0,
  delaySum: 0,
  outbreakWindows: 0,
  outbreakAlarms: 0,
  quietWindows: 0,
  quietAlarms: 0,
};

/**
 * Scores one series' alarms (indexed like its windows; entries before the test period are
 * ignored) against its truth. Outbreaks count when they start in the test period; a window is
 * an outbreak window when it lies in any outbreak's span.
 */
export function tallySeries(truth: LabelledTruth, alarms: readonly boolean[]): DetectionTally {
  const n = truth.counts.length;
  if (alarms.length !== n) throw new RangeError(`alarms cover ${alarms.length} windows, the series has ${n}`);
  const inOutbreak = new Array<boolean>(n).fill(false);
  for (const span of truth.outbreaks) for (let i = span.first; i <= span.last; i++) inOutbreak[i] = true;
  let outbreakWindows = 0;
  let outbreakAlarms = 0;
  let quietWindows = 0;
  let quietAlarms = 0;
  for (let i = truth.testStart; i < n; i++) {
    const alarm = alarms[i] === true;
    if (inOutbreak[i]) {
      outbreakWindows++;
      if (alarm) outbreakAlarms++;
    } else {
      quietWindows++;
      if (alarm) quietAlarms++;
    }
  }
  let outbreaks = 0;
  let detected = 0;
  let delaySum = 0;
  for (const span of truth.outbreaks) {
    if (span.first < truth.testStart) continue;
    outbreaks++;
    for (let i = span.first; i <= span.last; i++) {
      if (alarms[i] === true) {
        detected++;
        delaySum += i - span.first;
        break;
      }
    }
  }
  return { series: 1, outbreaks, detected, delaySum, outbreakWindows, outbreakAlarms, quietWindows, quietAlarms };
}

export function addTallies(a: DetectionTally, b: DetectionTally): DetectionTally {
  return {
    series: a.series + b.series,
    outbreaks: a.outbreaks + b.outbreaks,
    detected: a.detected + b.detected,
    delaySum: a.delaySum + b.delaySum,
    outbreakWindows: a.outbreakWindows + b.outbreakWindows,
    outbreakAlarms: a.outbreakAlarms + b.outbreakAlarms,
    quietWindows: a.quietWindows + b.quietWindows,
    quietAlarms: a.quietAlarms + b.quietAlarms,
  };
}

/** The table row of a tally; a ratio over nothing is NaN. */
export function qualityRow(group: string, detector: string, tally: DetectionTally): QualityRow {
  return {
    group,
    detector,
    series: tally.series,
    outbreaks: tally.outbreaks,
    fpr: tally.quietAlarms / tally.quietWindows,
    pod: tally.detected / tally.outbreaks,
    sensitivity: tally.outbreakAlarms / tally.outbreakWindows,
    meanDelay: tally.detected === 0 ? null : tally.delaySum / tally.detected,
  };
}
