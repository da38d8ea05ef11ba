import { describe, expect, it } from 'vitest';
import { Engine } from '../../../src/pipeline/engine.js';
import { createEngineMetrics } from '../../../src/metrics/engine-metrics.js';
import { createMetricsRegistry } from '../../../src/metrics/registry.js';
import { caseCount, complaint, at, testConfig } from '../support/test-config.js';
import { BASELINE, feedDays, samples, sampleValue, wiredEngine } from './wired-engine.js';

const STREET = '440307006';

describe('event counters', () => {
  it('counts every record under its stream and outcome, from the engine tallies', async () => {
    const { engine, registry } = wiredEngine();
    feedDays(engine, [12]);
    const first = complaint({ receivedAt: at('2026-03-03', '12:00') }); // closes 03-02 (watermark 10:00)
    engine.ingest(first);
    engine.ingest({ ...first }); // duplicate
    engine.ingest(complaint({ receivedAt: at('2026-03-02', '09:00') })); // late
    engine.ingest(complaint({ regionCode: '999' })); // unknown_region
    engine.ingest(complaint({ channel: 'fax' })); // schema_violation
    engine.ingestText('{"stream":'); // invalid_json, stream unknown
    engine.ingest(caseCount('2026-03-02', 5, { id: 'k1' }));
    engine.ingest(caseCount('2026-03-03', 4, { id: 'k2' })); // closes 03-02 for cases
    engine.ingest(caseCount('2026-03-02', 7, { id: 'k1b', revision: 1 })); // revised
    engine.ingest(caseCount('2026-03-02', 6, { id: 'k1c', revision: 1 })); // stale_revision

    const text = await registry.metrics();
    expect(samples(text, 'ews_events_total').filter((l) => !l.endsWith(' 0'))).toEqual([
      'ews_events_total{stream="hotline",outcome="accepted"} 13',
      'ews_events_total{stream="hotline",outcome="invalid"} 2',
      'ews_events_total{stream="hotline",outcome="late"} 1',
      'ews_events_total{stream="hotline",outcome="duplicate"} 1',
      'ews_events_total{stream="cases",outcome="accepted"} 2',
      'ews_events_total{stream="cases",outcome="revised"} 1',
      'ews_events_total{stream="cases",outcome="duplicate"} 1',
      'ews_events_total{stream="unknown",outcome="invalid"} 1',
    ]);
    // Every stream and outcome is exposed, zeros included: 4 streams x 5 outcomes.
    expect(samples(text, 'ews_events_total')).toHaveLength(20);
    expect(samples(text, 'ews_events_rejected_total').filter((l) => !l.endsWith(' 0'))).toEqual([
      'ews_events_rejected_total{stream="hotline",reason="schema_violation"} 1',
      'ews_events_rejected_total{stream="hotline",reason="unknown_region"} 1',
      'ews_events_rejected_total{stream="hotline",reason="late"} 1',
      'ews_events_rejected_total{stream="hotline",reason="duplicate"} 1',
      'ews_events_rejected_total{stream="cases",reason="stale_revision"} 1',
      'ews_events_rejected_total{stream="unknown",reason="invalid_json"} 1',
    ]);
    expect(text).toContain('# TYPE ews_events_total counter');
  });

  it('only goes up between scrapes, and counts a replacing fresh engine from its zero', async () => {
    const wired = wiredEngine();
    feedDays(wired.engine, [3]);
    expect(await wired.registry.metrics()).toContain('ews_events_total{stream="hotline",outcome="accepted"} 3');
    feedDays(wired.engine, [2], '2026-03-03');
    expect(await wired.registry.metrics()).toContain('ews_events_total{stream="hotline",outcome="accepted"} 5');
    // A fresh engine (tally 1) replaces the old one (tally 5): the counter adds 1, never drops.
    wired.replaceEngine((options) => new Engine(options));
    feedDays(wired.engine, [1], '2026-03-04');
    expect(await wired.registry.metrics()).toContain('ews_events_total{stream="hotline",outcome="accepted"} 6');
  });

  it('after a restore, counts only what this process does when told to count from now', async () => {
    const wired = wiredEngine();
    feedDays(wired.engine, [4]);
    const snapshot = wired.engine.snapshot();
    const restarted = wiredEngine();
    restarted.replaceEngine((options) => Engine.restore(options, snapshot));
    restarted.metrics.countFromNow();
    feedDays(restarted.engine, [2], '2026-03-03');
    expect(restarted.engine.stats.hotline.accepted).toBe(6);
    expect(await restarted.registry.metrics()).toContain('ews_events_total{stream="hotline",outcome="accepted"} 2');
  });
});

describe('engine gauges', () => {
  it('exposes open alerts by severity and the active series', async () => {
    const { engine, registry } = wiredEngine();
    feedDays(engine, [...BASELINE, 12, 30]);
    engine.finish();
    const open = engine.openAlerts();
    // The community, its street and the district count the same events: one alert each.
    expect(open).toHaveLength(3);
    const text = await registry.metrics();
    const bySeverity = (severity: string) => open.filter((a) => a.severity === severity).length;
    expect(samples(text, 'ews_alerts_open')).toEqual(['blue', 'yellow', 'orange', 'red'].map((s) => `ews_alerts_open{severity="${s}"} ${bySeverity(s)}`));
    // Hotline only: hour series at 2 streets x 2 categories, day series at 5 regions x 2 categories.
    expect(samples(text, 'ews_series_active')).toEqual(['ews_series_active 14']);
  });
});

describe('detector timing', () => {
  it('observes every detector update in the histogram', async () => {
    const { engine, registry } = wiredEngine();
    feedDays(engine, [...BASELINE, 12]);
    engine.finish();
    const text = await registry.metrics();
    // ears_c1 scores the 10 hotline day series on each of the 8 days; hour series run no detector.
    expect(text).toContain('ews_detector_update_duration_seconds_count{detector="ears_c1"} 80');
    expect(text).toContain('ews_detector_update_duration_seconds_bucket{le="0.000001",detector="ears_c1"}');
    expect(text).toContain('ews_detector_update_duration_seconds_bucket{le="+Inf",detector="ears_c1"} 80');
  });
});

describe('lags', () => {
  it('observes one close lag per stream, granularity and window, and the event-time lag at scrape time', async () => {
    let now = Date.parse('2026-03-03T13:00:00+08:00');
    const { engine, registry } = wiredEngine({ now: () => now });
    engine.ingest(complaint({ receivedAt: at('2026-03-02', '09:00') }));
    engine.ingest(complaint({ receivedAt: at('2026-03-03', '12:00') })); // watermark 10:00 on 03-03
    let text = await registry.metrics();
    // Hour windows 07:00 on 03-02 (the clock starts 2 h before the first event) to 09:00 on 03-03: 27,
    // ending 3 h to 29 h before 13:00; plus the day 03-02, ending 13 h before.
    expect(text).toContain('ews_window_close_lag_seconds_count{stream="hotline"} 28');
    expect(text).toContain(`ews_window_close_lag_seconds_sum{stream="hotline"} ${(((3 + 29) * 27) / 2 + 13) * 3600}`);
    expect(text).toContain('ews_window_close_lag_seconds_bucket{le="10800",stream="hotline"} 1');
    // Newest closed window end (10:00) + allowed lateness (2 h) = 12:00, the newest event.
    expect(samples(text, 'ews_event_time_lag_seconds')).toEqual(['ews_event_time_lag_seconds{stream="hotline"} 3600']);
    now += 60_000;
    text = await registry.metrics();
    expect(samples(text, 'ews_event_time_lag_seconds')).toEqual(['ews_event_time_lag_seconds{stream="hotline"} 3660']);
  });

  it('leaves re-scored windows out of the close lag', async () => {
    const { engine, registry } = wiredEngine();
    engine.ingest(caseCount('2026-03-02', 5, { id: 'a' }));
    engine.ingest(caseCount('2026-03-03', 4, { id: 'b' }));
    const before = sampleValue(await registry.metrics(), 'ews_window_close_lag_seconds_count{stream="cases"}');
    expect(before).toBe(1);
    engine.ingest(caseCount('2026-03-02', 9, { id: 'a2', revision: 1 }));
    expect(sampleValue(await registry.metrics(), 'ews_window_close_lag_seconds_count{stream="cases"}')).toBe(1);
  });

  it('uses the engine newest event time when given one', async () => {
    const registryTime = Date.parse('2026-03-05T00:00:00+08:00');
    const wired = wiredEngine({ now: () => registryTime });
    const registry = createMetricsRegistry({ defaultMetrics: false });
    createEngineMetrics({
      registry,
      engine: () => wired.engine,
      now: () => registryTime,
      newestEventTime: (stream) => (stream === 'dispute' ? Date.parse('2026-03-04T23:00:00+08:00') : null),
    });
    expect(samples(await registry.metrics(), 'ews_event_time_lag_seconds')).toEqual(['ews_event_time_lag_seconds{stream="dispute"} 3600']);
  });
});

describe('tracked series gauges', () => {
  const labels = (region: string, category = 'food_safety', stream = 'hotline') =>
    `{stream="${stream}",region="${region}",category="${category}",granularity="day"}`;

  it('shows observed, expected and upper bound of the newest window of each tracked series', async () => {
    const { engine, registry } = wiredEngine();
    feedDays(engine, [...BASELINE, 12]);
    engine.finish();
    const text = await registry.metrics();
    expect(text).toContain(`ews_series_observed${labels(STREET)} 12`);
    expect(sampleValue(text, `ews_series_expected${labels(STREET)}`)).toBeCloseTo(5, 12);
    expect(sampleValue(text, `ews_series_upper${labels(STREET)}`)).toBeCloseTo(5 + 3.090232306167813 * Math.sqrt(4 / 6), 9);
    expect(text).toContain(`ews_series_observed${labels('440307009')} 0`);
    // Street level only by default: neither the community nor the district.
    expect(text).not.toContain('region="440307006001"');
    expect(text).not.toContain('region="440307"');
    // Day series of every category; only hotline has started.
    expect(samples(text, 'ews_series_observed')).toHaveLength(4);
  });

  it('leaves expected and upper out while every detector warms up', async () => {
    const { engine, registry } = wiredEngine();
    feedDays(engine, [3, 4]);
    engine.finish();
    const text = await registry.metrics();
    expect(text).toContain(`ews_series_observed${labels(STREET)} 4`);
    expect(samples(text, 'ews_series_expected')).toEqual([]);
    expect(samples(text, 'ews_series_upper')).toEqual([]);
  });

  it('keeps the newest window when an older one is re-scored', async () => {
    const { engine, registry } = wiredEngine();
    engine.ingest(caseCount('2026-03-02', 5, { id: 'a' }));
    engine.ingest(caseCount('2026-03-03', 4, { id: 'b' }));
    engine.ingest(caseCount('2026-03-04', 2, { id: 'c' }));
    engine.ingest(caseCount('2026-03-02', 9, { id: 'a2', revision: 1 }));
    const text = await registry.metrics();
    expect(text).toContain(`ews_series_observed${labels(STREET, 'influenza_like', 'cases')} 4`);
  });

  it('caps the tracked label sets whatever the region tree holds', async () => {
    const { engine, registry, tracked } = wiredEngine({ tracked: { maxSeries: 3 } });
    feedDays(engine, [2, 2]);
    engine.ingest(caseCount('2026-03-02', 5));
    engine.ingest(caseCount('2026-03-03', 5));
    engine.finish();
    const text = await registry.metrics();
    expect(samples(text, 'ews_series_observed').map((l) => l.replace(/ \d+$/, ''))).toEqual([
      `ews_series_observed${labels(STREET)}`,
      `ews_series_observed${labels(STREET, 'noise')}`,
      `ews_series_observed${labels('440307009')}`,
    ]);
    // 8 street day series exist (hotline 2 x 2, dispute 2 x 1, cases 2 x 1); 5 fall beyond the cap.
    expect(tracked.select(engine.settings).dropped).toBe(5);
  });

  it('tracks what the spec names: community hour series are not configured, so none', () => {
    const { engine, tracked } = wiredEngine({ tracked: { levels: ['community', 'street'], granularities: ['hour'], streams: ['hotline'] } });
    expect([...tracked.select(engine.settings).keys]).toEqual([
      'hotline|440307006|food_safety|hour',
      'hotline|440307006|noise|hour',
      'hotline|440307009|food_safety|hour',
      'hotline|440307009|noise|hour',
    ]);
  });

  it('drops gauges of series no longer tracked after the settings change', async () => {
    const wired = wiredEngine();
    feedDays(wired.engine, [2, 2]);
    wired.engine.finish();
    expect(samples(await wired.registry.metrics(), 'ews_series_observed')).toHaveLength(4);
    const config = testConfig({
      categories: { hotline: [{ code: 'noise', name: '噪声扰民' }], dispute: [{ code: 'wage_arrears', name: '欠薪纠纷' }], cases: [{ code: 'influenza_like', name: '流感样病例' }] },
    });
    wired.replaceEngine((options) => new Engine({ ...options, config }));
    feedDays(wired.engine, [1, 1], '2026-03-02', { category: 'noise' });
    wired.engine.finish();
    const text = await wired.registry.metrics();
    expect(samples(text, 'ews_series_observed').map((l) => l.replace(/ \d+$/, ''))).toEqual([
      `ews_series_observed${labels(STREET, 'noise')}`,
      `ews_series_observed${labels('440307009', 'noise')}`,
    ]);
  });
});
