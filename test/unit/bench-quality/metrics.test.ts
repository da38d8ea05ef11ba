import { describe, expect, it } from 'vitest';
import type { SeriesAlarms } from '../../../bench/quality/count-detector-run.js';
import { EMPTY_TALLY, addTallies, qualityRow, tallySeries } from '../../../bench/quality/detection-metrics.js';
import { farringtonTargetLines } from '../../../bench/quality/farrington-target.js';
import { groupRows } from '../../../bench/quality/group-rows.js';
import type { LabelledSeries } from '../../../bench/quality/labelled-series.js';
import type { QualityRow } from '../../../bench/quality/quality-row.js';
import { qualityTable } from '../../../bench/quality/quality-table.js';

/** 10 windows, test period 2..9; a history outbreak 0-1 and test outbreaks 3-4 and 7-8. */
function series(id: string, level: string, subgroups: readonly string[] = []): LabelledSeries {
  return {
    id,
    group: 'toy',
    level,
    subgroups,
    granularity: 'week',
    firstDate: '2016-01-04',
    counts: new Array<number>(10).fill(1),
    baselineMeans: new Array<number>(10).fill(1),
    testStart: 2,
    outbreaks: [
      { first: 0, last: 1 },
      { first: 3, last: 4 },
      { first: 7, last: 8 },
    ],
  };
}

const at = (...indexes: number[]): boolean[] => Array.from({ length: 10 }, (_, i) => indexes.includes(i));

describe('tallySeries and qualityRow, by hand', () => {
  // Alarms: 1 (history, ignored), 2 (quiet), 4 (second week of outbreak 3-4), 6 (quiet).
  // Quiet test windows 2, 5, 6, 9: 2 alarms of 4. Outbreak windows 3, 4, 7, 8: 1 alarm of 4.
  // Outbreak 3-4 found with delay 1, outbreak 7-8 missed: POD 1/2, mean delay 1.
  const tally = tallySeries(series('a', 'mean 1'), at(1, 2, 4, 6));

  it('counts windows and outbreaks of the test period only', () => {
    expect(tally).toEqual({ series: 1, outbreaks: 2, detected: 1, delaySum: 1, outbreakWindows: 4, outbreakAlarms: 1, quietWindows: 4, quietAlarms: 2 });
    expect(qualityRow('toy', 'd', tally)).toEqual({ group: 'toy', detector: 'd', series: 1, outbreaks: 2, fpr: 0.5, pod: 0.5, sensitivity: 0.25, meanDelay: 1 });
  });

  it('adds series: a second one with alarms at 3 and 7 (both outbreaks at delay 0, no false alarm)', () => {
    const sum = addTallies(tally, tallySeries(series('b', 'mean 1'), at(3, 7)));
    // FPR 2/8, POD 3/4, sensitivity 3/8, mean delay (1 + 0 + 0) / 3.
    expect(qualityRow('toy', 'd', sum)).toEqual({ group: 'toy', detector: 'd', series: 2, outbreaks: 4, fpr: 0.25, pod: 0.75, sensitivity: 0.375, meanDelay: 1 / 3 });
  });

  it('gives mean delay null when nothing was detected and NaN ratios over nothing', () => {
    expect(qualityRow('toy', 'd', tallySeries(series('c', 'x'), at())).meanDelay).toBeNull();
    const empty = qualityRow('toy', 'd', EMPTY_TALLY);
    expect(empty.fpr).toBeNaN();
    expect(empty.pod).toBeNaN();
  });

  it('refuses alarms that do not cover the series', () => {
    expect(() => tallySeries(series('a', 'x'), [true])).toThrow(/alarms cover 1 windows, the series has 10/);
  });
});

describe('groupRows', () => {
  const result = (id: string, level: string, detector: string, alarms: boolean[], scored = true): SeriesAlarms => ({
    series: series(id, level, [id === 'a' ? 'seasonal' : 'no season']),
    detector,
    alarms,
    scored,
  });

  it('reports each group overall, per level, then per subgroup, and skips a detector that never scored', () => {
    const { rows, skipped } = groupRows([
      result('a', 'mean 1', 'd', at(1, 2, 4, 6)),
      result('a', 'mean 1', 'week_only', at(), false),
      result('b', 'mean 5', 'd', at(3, 7)),
      result('b', 'mean 5', 'week_only', at(), false),
    ]);
    expect(rows.map((r) => [r.group, r.detector, r.series, r.pod])).toEqual([
      ['toy all', 'd', 2, 0.75],
      ['toy mean 1', 'd', 1, 0.5],
      ['toy mean 5', 'd', 1, 1],
      ['toy seasonal', 'd', 1, 0.5],
      ['toy no season', 'd', 1, 1],
    ]);
    expect(skipped).toEqual(['toy: week_only']);
  });
});

describe('report lines', () => {
  const row = (detector: string, fpr: number, pod: number): QualityRow => ({ group: 'w all', detector, series: 3, outbreaks: 3, fpr, pod, sensitivity: 0.5, meanDelay: null });

  it('formats the table with dashes for missing values', () => {
    expect(qualityTable([{ ...row('x', Number.NaN, 2 / 3), meanDelay: 1.5 }])[2]).toBe('| w all | x | 3 | 3 | - | 0.667 | 0.500 | 1.50 |');
  });

  it('says met or MISSED for the Farrington target', () => {
    expect(farringtonTargetLines([row('farrington_flexible', 0.004, 0.5), row('R:farringtonFlexible', 0.004, 0.5)], 0.005)).toEqual([
      "w all: FPR 0.0040 vs nominal 0.005 (<= 0.01: met); POD 0.500 vs R 0.500 (met), R's FPR 0.0040",
    ]);
    expect(farringtonTargetLines([row('farrington_flexible', 0.02, 0.4), row('R:farringtonFlexible', 0.004, 0.5)], 0.005)[0]).toBe(
      "w all: FPR 0.0200 vs nominal 0.005 (<= 0.01: MISSED); POD 0.400 vs R 0.500 (MISSED), R's FPR 0.0040",
    );
  });
});
