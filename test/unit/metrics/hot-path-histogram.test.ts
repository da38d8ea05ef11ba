import { Histogram, Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { HotPathHistogram } from '../../../src/metrics/hot-path-histogram.js';

const SPEC = { name: 'ews_test_duration_seconds', help: 'Test durations.', buckets: [0.001, 0.01, 0.1] };
const OBSERVATIONS: [string, number][] = [
  ['ewma', 0.0005],
  ['ewma', 0.001], // on a bound: counted in that bucket (le)
  ['ewma', 0.05],
  ['cusum', 3],
  ['ewma', 0.002],
];

describe('HotPathHistogram', () => {
  it('exposes exactly what prom-client’s Histogram exposes for the same observations', async () => {
    const ours = new Registry();
    const histogram = new HotPathHistogram(ours, { ...SPEC, labelName: 'detector' });
    const reference = new Registry();
    const theirs = new Histogram({ ...SPEC, labelNames: ['detector'], registers: [reference] });
    for (const [detector, value] of OBSERVATIONS) {
      histogram.observe(detector, value);
      theirs.observe({ detector }, value);
    }
    expect(await ours.metrics()).toBe(await reference.metrics());
    // prom-client adds `exemplar: null` to its samples; exemplars are off, so nothing else differs.
    const withoutExemplars = (metrics: Awaited<ReturnType<Registry['getMetricsAsJSON']>>) =>
      metrics.map((m) => ({ ...m, values: m.values.map(({ labels, value, metricName }: { labels: unknown; value: number; metricName?: string }) => ({ labels, value, metricName })) }));
    expect(withoutExemplars(await ours.getMetricsAsJSON())).toEqual(withoutExemplars(await reference.getMetricsAsJSON()));
  });

  it('keeps counting through a handed-out observer after a registry reset', async () => {
    const registry = new Registry();
    const histogram = new HotPathHistogram(registry, { ...SPEC, labelName: 'detector' });
    const observe = histogram.observer('ewma');
    observe(0.5);
    registry.resetMetrics();
    observe(0.005);
    const text = await registry.metrics();
    expect(text).toContain('ews_test_duration_seconds_count{detector="ewma"} 1');
    expect(text).toContain('ews_test_duration_seconds_bucket{le="0.01",detector="ewma"} 1');
    expect(text).toContain('ews_test_duration_seconds_sum{detector="ewma"} 0.005');
  });

  it('refuses a second metric of the same name on the registry', () => {
    const registry = new Registry();
    new HotPathHistogram(registry, { ...SPEC, labelName: 'detector' });
    expect(() => new Histogram({ ...SPEC, registers: [registry] })).toThrow(/already been registered/);
  });
});
