import { describe, expect, it } from 'vitest';
import { RegionIndex } from '../../../src/config/region-index.js';
import { DAY_MS } from '../../../src/domain/granularity.js';
import { seriesKey } from '../../../src/domain/series-key.js';
import type { StreamName } from '../../../src/domain/stream.js';
import { FusionConfig } from '../../../src/fusion/fusion-config.js';
import { FusionStage } from '../../../src/fusion/fusion-stage.js';
import type { ClosedWindowSet } from '../../../src/pipeline/closed-window-set.js';
import type { ScoredWindow } from '../../../src/pipeline/scored-window.js';

const PLACE = '440307006001';
const regions = new RegionIndex({
  root: {
    code: '440307',
    name: '龙岗区',
    level: 'district',
    children: [{ code: '440307006', name: '布吉街道', level: 'street', children: [{ code: PLACE, name: '布吉社区', level: 'community' }] }],
  },
});
const DAY0 = Date.parse('2026-03-02T00:00:00+08:00');

function stage(overrides: Record<string, unknown> = {}): FusionStage {
  return new FusionStage({
    config: FusionConfig.parse({
      levels: ['community'],
      alpha: 0.01,
      themes: [{ name: 'wage', members: [{ stream: 'hotline', category: 'wage_arrears' }, { stream: 'dispute', category: 'wage_arrears' }] }],
      ...overrides,
    }),
    regions,
    offsetMinutes: 480,
    categories: { hotline: [{ code: 'wage_arrears' }], dispute: [{ code: 'wage_arrears' }], cases: [{ code: 'influenza_like' }] },
    resolveAfterQuietWindows: 2,
  });
}

/** One day window of PLACE scored by a single detector with the given p-value and expectation. */
function day(stream: StreamName, dayIndex: number, count: number, pValue: number, expected = 4): ClosedWindowSet {
  const start = DAY0 + dayIndex * DAY_MS;
  const key = seriesKey(stream, PLACE, 'wage_arrears', 'day');
  const scored: ScoredWindow = {
    parts: { stream, region: PLACE, category: 'wage_arrears', granularity: 'day' },
    window: { key, granularity: 'day', start, end: start + DAY_MS, count, weekday: 1, hour: 0, dayType: 'workday', terms: new Map() },
    verdicts: [{ detector: 'ears_c1', score: { expected, upper: 10, score: 1 - pValue, pValue, alarm: false, warmingUp: false } }],
    historyWindows: 20,
    revised: false,
  };
  return { stream, granularity: 'day', start, end: start + DAY_MS, windows: [scored] };
}

describe('fusion stage', () => {
  it('waits until every started stream closed the day, then fuses hotline and dispute into one alert', () => {
    const fusion = stage();
    expect(fusion.onWindows(day('hotline', 0, 4, 0.5), [])).toEqual([]);
    expect(fusion.onWindows(day('dispute', 0, 4, 0.5), [])).toEqual([]); // quiet day
    // Day 1: both streams at 12 against 4; the Poisson guard P[X >= 12 | 4] = 0.00091523
    // (R: ppois(11, 4, lower.tail = FALSE)) is above the detector's 1e-4.
    expect(fusion.onWindows(day('hotline', 1, 12, 1e-4), [])).toEqual([]); // dispute has not closed day 1
    const changes = fusion.onWindows(day('dispute', 1, 12, 1e-4), []);
    expect(changes).toHaveLength(1);
    const alert = changes[0]!.alert;
    expect(alert).toMatchObject({ kind: 'fused', status: 'open', category: 'wage', observed: 24, expected: 8 });
    expect(alert.signals.map((s) => [s.stream, s.pValue])).toEqual([
      ['dispute', expect.closeTo(0.00091522914727006305, 15)],
      ['hotline', expect.closeTo(0.00091522914727006305, 15)],
    ]);
    // Fisher with Brown, correlation 0.1 across the two streams: X = -4 ln p, var = 8 + 2 cov(0.1);
    // R: pchisq(X / (var / 8), 32 / var, lower.tail = FALSE)
    expect(alert.pValue).toBeCloseTo(2.4147395889217944e-5, 15);
    expect(alert.severity).toBe('orange'); // alpha 0.01 here: <= alpha / 100 = 1e-4
  });

  it('fuses a day without a lagging stream once it is maxWaitDays behind', () => {
    const fusion = stage({ maxWaitDays: 2, minStreams: 1, minSignals: 1 });
    fusion.onWindows(day('dispute', 0, 4, 0.5), []);
    fusion.onWindows(day('hotline', 0, 4, 0.5), []);
    // Disputes stop after day 0 (a gap); hotline rises on day 1 and goes on.
    expect(fusion.onWindows(day('hotline', 1, 30, 1e-9), [])).toEqual([]);
    expect(fusion.onWindows(day('hotline', 2, 4, 0.5), [])).toEqual([]);
    const changes = fusion.onWindows(day('hotline', 3, 4, 0.5), []); // day 1 is now 2 days behind
    expect(changes.map((c) => [c.kind, c.alert.window.start.slice(0, 10)])).toEqual([['opened', '2026-03-03']]);
    // A late dispute window for day 1 is dropped: the day is not fused twice.
    expect(fusion.onWindows(day('dispute', 1, 30, 1e-9), [])).toEqual([]);
    expect(fusion.snapshot().pending.map((p) => p.day)).toEqual([DAY0 + 2 * DAY_MS, DAY0 + 3 * DAY_MS]);
  });

  it('gives no signal for windows without history and nothing for all zeros', () => {
    const fusion = stage({ minStreams: 1, minSignals: 1 });
    const warming = day('hotline', 0, 50, 0);
    const scored = warming.windows[0]!;
    const cold: ClosedWindowSet = { ...warming, windows: [{ ...scored, verdicts: [{ detector: 'ears_c1', score: { expected: Number.NaN, upper: Number.NaN, score: 0, alarm: false, warmingUp: true } }] }] };
    expect(fusion.onWindows(cold, [])).toEqual([]);
    expect(fusion.onWindows(day('hotline', 1, 0, 1, 0), [])).toEqual([]);
    expect(fusion.snapshot().pending).toEqual([]);
  });

  it('keeps huge counts finite', () => {
    const fusion = stage({ minStreams: 1 });
    fusion.onWindows(day('dispute', 0, 4, 0.5), []);
    fusion.onWindows(day('hotline', 0, 4, 0.5), []);
    fusion.onWindows(day('dispute', 1, 2_000_000, 0, 1_000_000), []);
    const changes = fusion.onWindows(day('hotline', 1, 2_000_000, 0, 1_000_000), []);
    expect(changes[0]!.alert.pValue).toBe(0);
    expect(changes[0]!.alert.severity).toBe('red');
  });
});
