/**
 * Every metric the service exposes, declared once: name, type, help, labels (and buckets).
 * Prometheus naming: snake_case, `ews_` prefix, base units (seconds), `_total` on counters.
 * Labels stay bounded (stream, outcome, reason, kind, severity, detector); the series gauges
 * carry region and category, but only for a configured, capped set of series.
 */

export const METRIC_PREFIX = 'ews_';

export type MetricType = 'counter' | 'gauge' | 'histogram';

export interface MetricSpec {
  readonly name: string;
  readonly type: MetricType;
  readonly help: string;
  readonly labelNames: readonly string[];
  readonly buckets?: readonly number[];
}

export const EVENTS_TOTAL = {
  name: 'ews_events_total',
  type: 'counter',
  help: 'Input records by stream and outcome (accepted, revised, invalid, late, duplicate); the outcomes of a stream sum to its received records.',
  labelNames: ['stream', 'outcome'],
} as const satisfies MetricSpec;

export const EVENTS_REJECTED_TOTAL = {
  name: 'ews_events_rejected_total',
  type: 'counter',
  help: 'Input records not counted, by stream and reject reason.',
  labelNames: ['stream', 'reason'],
} as const satisfies MetricSpec;

export const ALERT_TRANSITIONS_TOTAL = {
  name: 'ews_alert_transitions_total',
  type: 'counter',
  help: 'Alert lifecycle changes sent to the sinks, by kind (opened, updated, resolved) and severity.',
  labelNames: ['kind', 'severity'],
} as const satisfies MetricSpec;

export const ALERT_VOTES_TOTAL = {
  name: 'ews_alert_votes_total',
  type: 'counter',
  help: 'Detectors that voted for an opened or updated alert, one per voting detector and alert change.',
  labelNames: ['kind', 'detector'],
} as const satisfies MetricSpec;

export const ALERTS_OPEN = {
  name: 'ews_alerts_open',
  type: 'gauge',
  help: 'Alerts currently open, by severity.',
  labelNames: ['severity'],
} as const satisfies MetricSpec;

export const SERIES_ACTIVE = {
  name: 'ews_series_active',
  type: 'gauge',
  help: 'Series the engine windows and scores (every series of the streams that have started).',
  labelNames: [],
} as const satisfies MetricSpec;

export const DETECTOR_UPDATE_DURATION_SECONDS = {
  name: 'ews_detector_update_duration_seconds',
  type: 'histogram',
  help: 'Time one detector takes to score one closed window.',
  labelNames: ['detector'],
  // A detector update takes from about a microsecond (EWMA) to milliseconds (Farrington's GLM).
  buckets: [1e-6, 2.5e-6, 5e-6, 1e-5, 2.5e-5, 5e-5, 1e-4, 2.5e-4, 5e-4, 1e-3, 2.5e-3, 5e-3, 1e-2],
} as const satisfies MetricSpec;

export const EVENT_TIME_LAG_SECONDS = {
  name: 'ews_event_time_lag_seconds',
  type: 'gauge',
  help: 'Wall clock minus the newest event time seen on the stream: how far processing trails the producers.',
  labelNames: ['stream'],
} as const satisfies MetricSpec;

export const WINDOW_CLOSE_LAG_SECONDS = {
  name: 'ews_window_close_lag_seconds',
  type: 'histogram',
  help: 'Wall clock minus window end when a window is closed and scored (first scoring only, not revisions).',
  labelNames: ['stream'],
  // Windows close one allowed lateness (0 to 2 h by default) after their end, plus transport delay.
  buckets: [1, 5, 15, 30, 60, 300, 900, 1800, 3600, 7200, 10_800, 21_600, 43_200, 86_400, 172_800, 604_800],
} as const satisfies MetricSpec;

const SERIES_LABELS = ['stream', 'region', 'category', 'granularity'] as const;

export const SERIES_OBSERVED = {
  name: 'ews_series_observed',
  type: 'gauge',
  help: 'Count in the newest scored window of a tracked series.',
  labelNames: SERIES_LABELS,
} as const satisfies MetricSpec;

export const SERIES_EXPECTED = {
  name: 'ews_series_expected',
  type: 'gauge',
  help: 'Expected count in the newest scored window of a tracked series: median over the detectors past warm-up.',
  labelNames: SERIES_LABELS,
} as const satisfies MetricSpec;

export const SERIES_UPPER = {
  name: 'ews_series_upper',
  type: 'gauge',
  help: 'Upper bound for the newest scored window of a tracked series: median over the detectors past warm-up.',
  labelNames: SERIES_LABELS,
} as const satisfies MetricSpec;

export const CONSUMER_LAG = {
  name: 'ews_consumer_lag',
  type: 'gauge',
  help: 'Messages between the committed offset and the high watermark, per input topic partition.',
  labelNames: ['topic', 'partition'],
} as const satisfies MetricSpec;

/** Every metric of ours, in exposition order. Default process metrics come on top, prefixed `ews_`. */
export const ALL_METRICS: readonly MetricSpec[] = [
  EVENTS_TOTAL,
  EVENTS_REJECTED_TOTAL,
  ALERT_TRANSITIONS_TOTAL,
  ALERT_VOTES_TOTAL,
  ALERTS_OPEN,
  SERIES_ACTIVE,
  DETECTOR_UPDATE_DURATION_SECONDS,
  EVENT_TIME_LAG_SECONDS,
  WINDOW_CLOSE_LAG_SECONDS,
  SERIES_OBSERVED,
  SERIES_EXPECTED,
  SERIES_UPPER,
  CONSUMER_LAG,
];

/** Names of our metrics, e.g. to check that a Grafana dashboard queries only what we expose. */
export const ALL_METRIC_NAMES: readonly string[] = ALL_METRICS.map((m) => m.name);

/** Names a metric's samples carry in the exposition text: histograms add _bucket, _sum and _count. */
export function sampleNames(spec: MetricSpec): string[] {
  return spec.type === 'histogram' ? [`${spec.name}_bucket`, `${spec.name}_sum`, `${spec.name}_count`] : [spec.name];
}
