import type { Registry } from 'prom-client';
import type { StreamName } from '../domain/stream.js';
import type { Engine } from '../pipeline/engine.js';
import type { DetectorTimer } from '../pipeline/score-window.js';
import type { ScoredWindow } from '../pipeline/scored-window.js';
import { createDetectorTimer } from './detector-timer.js';
import { registerEngineGauges } from './engine-gauges.js';
import { EventCounters } from './event-counters.js';
import { EventTimeLag } from './event-time-lag.js';
import { MetricsAlertSink } from './metrics-alert-sink.js';
import { SeriesGauges } from './series-gauges.js';
import { TrackedSeries } from './tracked-series.js';
import { WindowCloseLag } from './window-close-lag.js';

export type EngineMetricsSource = Pick<Engine, 'stats' | 'openAlerts' | 'seriesCount' | 'settings'>;

export interface EngineMetricsOptions {
  /** The service's own registry (`createMetricsRegistry`), never prom-client's global one. */
  readonly registry: Registry;
  /** The running engine, read at scrape time and by the hooks: a getter, since a reload may replace it. */
  readonly engine: () => EngineMetricsSource;
  /** Series that get per-series gauges; share the instance with the SeriesWindowLog. */
  readonly trackedSeries?: TrackedSeries;
  readonly now?: () => number;
  /** The engine's newest event time per stream, once it exposes one; estimated from windows meanwhile. */
  readonly newestEventTime?: (stream: StreamName) => number | null;
}

/** What the service wires: two engine hooks, one alert sink, one call after a restore. */
export interface EngineMetrics {
  readonly registry: Registry;
  /** EngineOptions.onWindowScored (chain it with the series window log's). */
  readonly onWindowScored: (scored: ScoredWindow) => void;
  /** EngineOptions.detectorTimer. */
  readonly detectorTimer: DetectorTimer;
  /** Add it to the service's alert sinks. */
  readonly alertSink: MetricsAlertSink;
  /** Counts input events from the engine's current tallies on; call it after restoring the engine from state. */
  countFromNow(): void;
}

/**
 * Registers every engine metric of `metric-names.ts` (except the consumer lag, which the
 * Kafka consumer registers with `ConsumerLagGauge`) on `options.registry`. Tallies kept by
 * the engine anyway are read at scrape time; only per-window and per-detector data goes
 * through the hooks.
 */
export function createEngineMetrics(options: EngineMetricsOptions): EngineMetrics {
  const { registry, engine } = options;
  const now = options.now ?? Date.now;
  const counters = new EventCounters(registry, () => engine().stats);
  registerEngineGauges(registry, engine);
  const eventTimeLag = new EventTimeLag(registry, { now, latenessMs: () => engine().settings.latenessMs, newestEventTime: options.newestEventTime });
  const windowCloseLag = new WindowCloseLag(registry, now);
  const seriesGauges = new SeriesGauges(registry, options.trackedSeries ?? new TrackedSeries(), () => engine().settings);
  const detectorTimer = createDetectorTimer(registry);
  const alertSink = new MetricsAlertSink(registry);
  return {
    registry,
    onWindowScored(scored) {
      eventTimeLag.onWindowScored(scored);
      windowCloseLag.onWindowScored(scored);
      seriesGauges.onWindowScored(scored);
    },
    detectorTimer,
    alertSink,
    countFromNow: () => counters.countFromNow(),
  };
}
