import { describe, expect, it } from 'vitest';
import { bundledDayCalendar } from '../../../bench/quality/bundled-calendar.js';
import { FARRINGTON_FLEXIBLE_ALPHA, countDetectorPlan } from '../../../bench/quality/count-detector-plan.js';
import { runCountDetectors } from '../../../bench/quality/count-detector-run.js';
import type { LabelledSeries } from '../../../bench/quality/labelled-series.js';
import { detectorNames } from '../../../detectors/index.js';

describe('countDetectorPlan', () => {
  it('has every registered count detector, farrington_flexible at the benchmark alpha', () => {
    const plan = countDetectorPlan();
    expect(plan.map((p) => p.name)).toEqual(detectorNames.filter((n) => !/text|term|spatial|fusion/.test(n)));
    expect(plan.find((p) => p.name === 'farrington_flexible')?.config).toMatchObject({ alpha: FARRINGTON_FLEXIBLE_ALPHA, b: 5, w: 3, noPeriods: 10 });
  });
});

describe('runCountDetectors', () => {
  // 20 days of 5, a spike of 50 on day 15; test period from day 10.
  const counts = Array.from({ length: 20 }, (_, i) => (i === 15 ? 50 : 5));
  const series: LabelledSeries = {
    id: 'spike',
    group: 'g',
    level: 'mean 5',
    subgroups: [],
    granularity: 'day',
    firstDate: '2026-03-02',
    counts,
    baselineMeans: counts.map(() => 5),
    testStart: 10,
    outbreaks: [{ first: 15, last: 15 }],
  };
  const plan = countDetectorPlan().filter((p) => p.name === 'ears_c1' || p.name === 'farrington');
  const [ears, farrington] = runCountDetectors([series], plan, bundledDayCalendar());

  it('alarms where the detector does, in the test period only', () => {
    // EARS C1 on a flat baseline (sd 0): any count above the mean alarms, so day 15 alone.
    expect(ears!.detector).toBe('ears_c1');
    expect(ears!.alarms.map((a, i) => (a ? i : -1)).filter((i) => i >= 0)).toEqual([15]);
    expect(ears!.scored).toBe(true);
  });

  it('marks a week-only detector on day windows as never scored', () => {
    expect(farrington!.alarms.some(Boolean)).toBe(false);
    expect(farrington!.scored).toBe(false);
  });
});
