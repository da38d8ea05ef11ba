import { describe, expect, it } from 'vitest';
import type { SeriesKey } from '../../../src/domain/series-key.js';
import { SeriesWindowLog } from '../../../src/metrics/series-window-log.js';
import { TrackedSeries } from '../../../src/metrics/tracked-series.js';
import { Engine } from '../../../src/pipeline/engine.js';
import { LATE_CLOCK, caseCount, dates, testConfig } from '../support/test-config.js';
import { BASELINE, feedDays, wiredEngine } from './wired-engine.js';

const STREET_FOOD = 'hotline|440307006|food_safety|day' as SeriesKey;
const day = (date: string) => Date.parse(`${date}T00:00:00+08:00`);

describe('SeriesWindowLog', () => {
  it('keeps each scored window of a tracked series with expected, upper, score and votes', () => {
    const { engine, seriesLog } = wiredEngine();
    feedDays(engine, [...BASELINE, 12]);
    engine.finish();
    const windows = seriesLog.windowsOf(STREET_FOOD);
    expect(windows.map((w) => [w.start, w.count])).toEqual(dates('2026-03-02', 8).map((d, i) => [day(d), [...BASELINE, 12][i]]));
    // EARS C1 warms up on 7 windows: no expected value before the 8th.
    expect(windows.slice(0, 7).every((w) => w.expected === null && w.upper === null && w.votes.length === 0)).toBe(true);
    const last = windows[7]!;
    expect(last.expected).toBeCloseTo(5, 12);
    expect(last.upper).toBeCloseTo(5 + 3.090232306167813 * Math.sqrt(4 / 6), 9);
    expect(last).toMatchObject({ end: day('2026-03-10'), votes: ['ears_c1'], revised: false });
    expect(last.score).toBeGreaterThan(0.999);
  });

  it('logs nothing for series outside the tracked set', () => {
    const { engine, seriesLog } = wiredEngine();
    feedDays(engine, [3, 4]);
    engine.finish();
    expect(seriesLog.windowsOf('hotline|440307006001|food_safety|day' as SeriesKey)).toEqual([]);
    expect(seriesLog.isTracked('hotline|440307006001|food_safety|day' as SeriesKey)).toBe(false);
    expect(seriesLog.isTracked(STREET_FOOD)).toBe(true);
  });

  it('keeps the newest `capacity` windows', () => {
    const tracked = new TrackedSeries();
    const holder: { engine?: Engine } = {};
    const log = new SeriesWindowLog({ tracked, settings: () => holder.engine!.settings, capacity: 3 });
    const engine = new Engine({ config: testConfig(), now: LATE_CLOCK, onWindowScored: (scored) => log.onWindowScored(scored) });
    holder.engine = engine;
    feedDays(engine, [1, 2, 3, 4, 5]);
    engine.finish();
    expect(log.windowsOf(STREET_FOOD).map((w) => w.count)).toEqual([3, 4, 5]);
  });

  it('replaces a re-scored window in place', () => {
    const { engine, seriesLog } = wiredEngine();
    engine.ingest(caseCount('2026-03-02', 5, { id: 'a' }));
    engine.ingest(caseCount('2026-03-03', 4, { id: 'b' }));
    engine.ingest(caseCount('2026-03-04', 2, { id: 'c' }));
    engine.ingest(caseCount('2026-03-02', 9, { id: 'a2', revision: 1 }));
    const windows = seriesLog.windowsOf('cases|440307006|influenza_like|day' as SeriesKey);
    expect(windows.map((w) => [w.count, w.revised])).toEqual([
      [9, true],
      [4, false],
    ]);
  });
});
