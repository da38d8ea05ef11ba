import { describe, expect, it } from 'vitest';
import { ConsumerLagGauge } from '../../../src/metrics/consumer-lag.js';
import { createEngineMetrics } from '../../../src/metrics/engine-metrics.js';
import { ALL_METRIC_NAMES, ALL_METRICS, sampleNames } from '../../../src/metrics/metric-names.js';
import { createMetricsRegistry } from '../../../src/metrics/registry.js';
import { wiredEngine } from './wired-engine.js';

describe('metric names', () => {
  it('follow Prometheus naming: ews_ prefix, snake_case, _total on counters only, base units', () => {
    for (const spec of ALL_METRICS) {
      expect(spec.name).toMatch(/^ews_[a-z][a-z0-9_]*[a-z0-9]$/);
      expect(spec.name.endsWith('_total')).toBe(spec.type === 'counter');
      expect(spec.name).not.toMatch(/_(milliseconds|ms|microseconds|minutes|hours)(_|$)/);
      for (const label of spec.labelNames) expect(label).toMatch(/^[a-z][a-z0-9_]*$/);
      if (spec.type === 'histogram') expect(spec.buckets?.length).toBeGreaterThan(0);
    }
    expect(new Set(ALL_METRIC_NAMES).size).toBe(ALL_METRIC_NAMES.length);
  });

  it('lists exactly the metrics a fully wired registry exposes', async () => {
    const wired = wiredEngine();
    new ConsumerLagGauge(wired.registry);
    const text = await wired.registry.metrics();
    const exposed = [...text.matchAll(/^# TYPE (\S+) (\S+)$/gm)].map((m) => [m[1], m[2]]);
    expect(exposed.map(([name]) => name).sort()).toEqual([...ALL_METRIC_NAMES].sort());
    for (const [name, type] of exposed) expect(ALL_METRICS.find((m) => m.name === name)?.type).toBe(type);
  });

  it('names the samples a histogram exposes', () => {
    const histogram = ALL_METRICS.find((m) => m.name === 'ews_window_close_lag_seconds');
    expect(histogram && sampleNames(histogram)).toEqual([
      'ews_window_close_lag_seconds_bucket',
      'ews_window_close_lag_seconds_sum',
      'ews_window_close_lag_seconds_count',
    ]);
  });
});

describe('registry', () => {
  it('adds process metrics under the ews_ prefix by default, on a registry of its own', async () => {
    const registry = createMetricsRegistry();
    const text = await registry.metrics();
    expect(text).toContain('# TYPE ews_process_cpu_user_seconds_total counter');
    expect(text).toMatch(/^# TYPE ews_nodejs_eventloop_lag_seconds gauge$/m);
    expect(text).not.toMatch(/^# TYPE (?!ews_)/m);
  });

  it('lets two services in one process register the same metrics without collision', () => {
    const wired = wiredEngine();
    expect(() => createEngineMetrics({ registry: createMetricsRegistry({ defaultMetrics: false }), engine: () => wired.engine })).not.toThrow();
  });
});

describe('ConsumerLagGauge', () => {
  it('exposes the lag per topic and partition, and forgets revoked partitions', async () => {
    const registry = createMetricsRegistry({ defaultMetrics: false });
    const lag = new ConsumerLagGauge(registry);
    lag.set('hotline.complaints', 0, 12);
    lag.set('hotline.complaints', 1, 0);
    lag.set('cases.counts', 0, 3);
    lag.remove('hotline.complaints', 1);
    const lines = (await registry.metrics()).split('\n').filter((l) => l.startsWith('ews_consumer_lag{'));
    expect(lines).toEqual(['ews_consumer_lag{topic="hotline.complaints",partition="0"} 12', 'ews_consumer_lag{topic="cases.counts",partition="0"} 3']);
    lag.clear();
    expect((await registry.metrics()).split('\n').filter((l) => l.startsWith('ews_consumer_lag{'))).toEqual([]);
  });
});
