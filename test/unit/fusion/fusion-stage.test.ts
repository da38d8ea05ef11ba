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

  it('gives the same fused alerts when one stream arrives two weeks ahead of the other (default maxWaitDays)', () => {
    const counts = [4, 4, 4, 12, 4, 4, 4, 4, 13, 4, 4, 4, 4, 4];
    const windows = (stream: StreamName) => counts.map((count, i) => day(stream, i, count, count > 4 ? 1e-4 : 0.5));
    const summary = (changes: ReturnType<FusionStage['onWindows']>) => changes.map((c) => [c.kind, c.alert.id, c.alert.window.start.slice(0, 10), c.alert.pValue]);
    const interleaved = stage();
    const inTimeOrder = windows('hotline').flatMap((hotline, i) => [...interleaved.onWindows(hotline, []), ...interleaved.onWindows(windows('dispute')[i]!, [])]);
    const backlog = stage();
    const hotlineFirst = [...windows('hotline'), ...windows('dispute')].flatMap((w) => backlog.onWindows(w, []));
    expect(summary(inTimeOrder).map(([kind, , start]) => [kind, start])).toEqual([
      ['opened', '2026-03-05'],
      ['resolved', '2026-03-07'],
      ['opened', '2026-03-10'],
      ['resolved', '2026-03-12'],
    ]);
    expect(summary(hotlineFirst)).toEqual(summary(inTimeOrder));
  });

  it('gives no signal for windows without history and nothing for all zeros', () => {
    const fusion = stage({ minStreams: 1, minSignals: 1 });
    const warming = day('hotline', 0, 50, 0);
    const scored = warming.windows[0]!;
    const cold: ClosedWindowSet = { ...warming, windows: [{ ...scored, verdicts: [{ detector: 'ears_c1', score: { expected: Number.NaN, upper: Number.NaN, score: 0, alarm: false, warmingUp: true } }] }] };
    expect(fusion.onWindows(cold, [])).toEqual([]);
    expect(fusion.onWindows(day('hotline', 1, 0, 1, 0), [])).toEqual([]);
    // Nothing fused yet: the first day waits for disputes too (or maxWaitDays), holding only day 1's zero.
    expect(fusion.snapshot().pending.map((p) => [p.day, Object.values(p.signals).map((s) => s.signal.pValue)])).toEqual([[DAY0 + DAY_MS, [1]]]);
    expect(fusion.onWindows(day('dispute', 1, 0, 1, 0), [])).toEqual([]); // all zeros: fused, nothing raised
    expect(fusion.snapshot().pending).toEqual([]);
  });

  it("fuses a street from its hottest community's day series (childSignals), Sidak-corrected without calibration", () => {
    const calibration = { enabled: false, minCount: 300, maxCount: 20000 };
    const fusion = stage({ levels: ['street'], calibration });
    fusion.onWindows(day('hotline', 0, 4, 0.5), []);
    fusion.onWindows(day('dispute', 0, 4, 0.5), []);
    fusion.onWindows(day('hotline', 1, 12, 1e-4), []);
    const changes = fusion.onWindows(day('dispute', 1, 12, 1e-4), []);
    // The street's only community: one child, so Sidak over 1 leaves the Poisson guard 0.00091523.
    expect(changes.map((c) => [c.alert.region.code, c.alert.signals.map((s) => [s.stream, s.regionCode, s.pValue])])).toEqual([
      [
        '440307006',
        [
          ['dispute', PLACE, expect.closeTo(0.00091522914727006305, 15)],
          ['hotline', PLACE, expect.closeTo(0.00091522914727006305, 15)],
        ],
      ],
    ]);
    expect(changes[0]!.alert.pValue).toBeCloseTo(2.4147395889217944e-5, 15);
    // Without child signals the street has no series of its own here: nothing is fused.
    const off = stage({ levels: ['street'], calibration, childSignals: false });
    const offChanges = [day('hotline', 0, 4, 0.5), day('dispute', 0, 4, 0.5), day('hotline', 1, 12, 1e-4), day('dispute', 1, 12, 1e-4)].flatMap((w) => off.onWindows(w, []));
    expect(offChanges).toEqual([]);
    expect(off.snapshot().pending).toEqual([]);
  });

  it('on the first day, waits for the other themed streams instead of fusing the first one alone', () => {
    const fusion = stage();
    // Both streams rise on the very first day; hotline closes it first.
    expect(fusion.onWindows(day('hotline', 0, 12, 1e-4), [])).toEqual([]);
    const changes = fusion.onWindows(day('dispute', 0, 12, 1e-4), []);
    // Both signals fused (Poisson guard 0.000915 each), as on any later day: see the first test.
    expect(changes.map((c) => c.alert.signals.map((s) => s.stream))).toEqual([['dispute', 'hotline']]);
    expect(changes[0]!.alert.pValue).toBeCloseTo(2.4147395889217944e-5, 15);
  });

  it('calibrates each signal against its own past once the group has minCount past p-values, and snapshots that past', () => {
    const calibration = { enabled: true, minCount: 4, maxCount: 1000 };
    // alpha and signalAlpha 0.9: every fused day is reported, to read its signals' p-values.
    const loose = { calibration, minStreams: 1, minSignals: 1, alpha: 0.9, signalAlpha: 0.9 };
    const fusion = stage(loose);
    // Four days over an expectation of 4. Hotline: counts 4, 4, 12, 4 with detector p-values 0.5,
    // 0.2, 0.01, 0.3; the uncorrected p-value is never below the Poisson guard (P[X >= 4 | 4] =
    // 0.56653, P[X >= 12 | 4] = 0.00091523), so the past is 0.56653, 0.56653, 0.01, 0.56653.
    // Disputes: 4 with p 0.5 every day -> 0.56653.
    const past: [number, number][] = [[4, 0.5], [4, 0.2], [12, 0.01], [4, 0.3]];
    past.forEach(([count, p], i) => {
      fusion.onWindows(day('hotline', i, count, p, 4), []);
      fusion.onWindows(day('dispute', i, 4, 0.5, 4), []);
    });
    const state = JSON.parse(JSON.stringify(fusion.snapshot())) as ReturnType<FusionStage['snapshot']>;
    expect(state.calibration?.['hotline|wage_arrears|community|series']?.total).toBe(4);
    const restored = stage(loose);
    restored.restore(state);
    for (const copy of [fusion, restored]) {
      copy.onWindows(day('hotline', 4, 9, 0.005, 4), []);
      const changes = copy.onWindows(day('dispute', 4, 4, 0.5, 4), []);
      // Raw p: max(detector 0.005, Poisson P[X >= 9 | 4] = 0.021363) = 0.021363; one of 4 past at most it (0.01):
      // calibrated (1 + 1) / (1 + 4) = 0.4. Disputes: 0.56653, all four past ones in its bin: 5/5 = 1.
      const signals = changes.flatMap((c) => c.alert.signals.map((s) => [s.stream, s.pValue]));
      expect(signals).toEqual([
        ['hotline', expect.closeTo(0.4, 12)],
        ['dispute', 1],
      ]);
    }
    expect(fusion.snapshot()).toEqual(restored.snapshot());
    expect(fusion.snapshot().calibration?.['hotline|wage_arrears|community|series']?.total).toBe(5);
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
