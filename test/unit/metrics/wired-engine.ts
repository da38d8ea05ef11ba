import type { Registry } from 'prom-client';
import { Engine, type EngineOptions } from '../../../src/pipeline/engine.js';
import type { AppConfig } from '../../../src/config/app-config.js';
import { createEngineMetrics, type EngineMetrics } from '../../../src/metrics/engine-metrics.js';
import { createMetricsRegistry } from '../../../src/metrics/registry.js';
import { SeriesWindowLog } from '../../../src/metrics/series-window-log.js';
import { TrackedSeries, TrackedSeriesSpec } from '../../../src/metrics/tracked-series.js';
import { LATE_CLOCK, at, complaint, dates, testConfig } from '../support/test-config.js';

/** The wall clock the metrics read: 2026-03-20 12:00 local, after every test day. */
export const METRICS_NOW = Date.parse('2026-03-20T12:00:00+08:00');

export interface WiredEngine {
  /** The running engine (replaced by `replaceEngine`). */
  readonly engine: Engine;
  readonly registry: Registry;
  readonly metrics: EngineMetrics;
  readonly seriesLog: SeriesWindowLog;
  readonly tracked: TrackedSeries;
  /** Builds a new engine with the same hooks, as a reload or a restore in the service does. */
  replaceEngine(build: (options: EngineOptions) => Engine): void;
}

/** A real engine with the metric hooks and the series window log wired as the service does. */
export function wiredEngine(options: { config?: AppConfig; tracked?: Partial<TrackedSeriesSpec>; now?: () => number } = {}): WiredEngine {
  const registry = createMetricsRegistry({ defaultMetrics: false });
  const tracked = new TrackedSeries(TrackedSeriesSpec.parse(options.tracked ?? {}));
  // The hooks and the scrape read the engine through a getter, so it can be built after them.
  let engine: Engine | undefined;
  const current = (): Engine => {
    if (engine === undefined) throw new Error('engine not built yet');
    return engine;
  };
  const metrics = createEngineMetrics({ registry, engine: current, trackedSeries: tracked, now: options.now ?? (() => METRICS_NOW) });
  const seriesLog = new SeriesWindowLog({ tracked, settings: () => current().settings });
  const engineOptions: EngineOptions = {
    config: options.config ?? testConfig(),
    now: LATE_CLOCK,
    onWindowScored: (scored) => {
      metrics.onWindowScored(scored);
      seriesLog.onWindowScored(scored);
    },
    detectorTimer: metrics.detectorTimer,
  };
  engine = new Engine(engineOptions);
  return {
    get engine() {
      return current();
    },
    registry,
    metrics,
    seriesLog,
    tracked,
    replaceEngine(build) {
      engine = build(engineOptions);
    },
  };
}

/** Feeds `counts[i]` complaints on day i (09:00 local) from `start`, at the community 440307006001. */
export function feedDays(engine: Engine, counts: readonly number[], start = '2026-03-02', fields: Record<string, unknown> = {}): void {
  dates(start, counts.length).forEach((date, day) => {
    for (let i = 0; i < counts[day]!; i++) engine.ingest(complaint({ receivedAt: at(date, '09:00'), ...fields }));
  });
}

/** EARS C1 baseline with mean 5 and sd sqrt(4/6): the upper bound is 5 + 3.0902 * 0.8165 = 7.5232. */
export const BASELINE = [4, 5, 6, 5, 4, 5, 6] as const;

/** The exposition lines of one metric (its samples, not HELP/TYPE). */
export function samples(text: string, name: string): string[] {
  return text.split('\n').filter((line) => line.startsWith(`${name}{`) || line.startsWith(`${name} `));
}

/** The value of the sample line starting with `prefix` (name and labels). */
export function sampleValue(text: string, prefix: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${prefix} `));
  return line === undefined ? undefined : Number(line.slice(prefix.length + 1));
}
