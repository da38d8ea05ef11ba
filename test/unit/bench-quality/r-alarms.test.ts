import { describe, expect, it } from 'vitest';
import type { LabelledSeries } from '../../../bench/quality/labelled-series.js';
import { parseRAlarms } from '../../../bench/quality/r-comparison.js';

const series: LabelledSeries = {
  id: 's1',
  group: 'g',
  level: 'mean 1',
  subgroups: [],
  granularity: 'week',
  firstDate: '2016-01-04',
  counts: [1, 2, 3, 4, 5, 6],
  baselineMeans: [1, 1, 1, 1, 1, 1],
  testStart: 2,
  outbreaks: [],
};

describe('parseRAlarms', () => {
  it('places R alarms from the test start on, NA as no alarm, and counts the NAs', () => {
    const { results, naWindows } = parseRAlarms('s1\tfarringtonFlexible\t10N1\ns1\tearsC3\tNN00\n', [series]);
    expect(results.map((r) => [r.detector, r.alarms])).toEqual([
      ['R:farringtonFlexible', [false, false, true, false, false, true]],
      ['R:earsC3', [false, false, false, false, false, false]],
    ]);
    expect([...naWindows]).toEqual([
      ['R:farringtonFlexible', 1],
      ['R:earsC3', 2],
    ]);
  });

  it('rejects unknown series and a wrong number of windows', () => {
    expect(() => parseRAlarms('s2\tearsC1\t0000\n', [series])).toThrow(/unknown series "s2"/);
    expect(() => parseRAlarms('s1\tearsC1\t000\n', [series])).toThrow(/returned 3 earsC1 alarms for s1, expected 4/);
  });
});
