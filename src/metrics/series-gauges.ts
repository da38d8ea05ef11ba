import { Gauge, type Registry } from 'prom-client';
import { assess } from '../alerts/assess.js';
import type { SeriesKey } from '../domain/series-key.js';
import type { EngineSettings } from '../pipeline/engine-settings.js';
import type { ScoredWindow } from '../pipeline/scored-window.js';
import { SERIES_EXPECTED, SERIES_OBSERVED, SERIES_UPPER } from './metric-names.js';
import type { TrackedSelection, TrackedSeries } from './tracked-series.js';

type SeriesLabel = (typeof SERIES_OBSERVED.labelNames)[number];

/**
 * Observed, expected and upper bound of the newest scored window of each tracked series, for
 * Grafana's observed-vs-expected panels. Expected and upper are the medians over detectors
 * past warm-up, as in alerts (`assess`); absent while every detector is still warming up.
 */
export class SeriesGauges {
  private readonly observed: Gauge<SeriesLabel>;
  private readonly expected: Gauge<SeriesLabel>;
  private readonly upper: Gauge<SeriesLabel>;
  private readonly newestStart = new Map<SeriesKey, number>();
  private selection: TrackedSelection | undefined;

  constructor(
    registry: Registry,
    private readonly tracked: TrackedSeries,
    private readonly settings: () => EngineSettings,
  ) {
    const gauge = (spec: { name: string; help: string; labelNames: readonly SeriesLabel[] }) => new Gauge({ name: spec.name, help: spec.help, labelNames: spec.labelNames, registers: [registry] });
    this.observed = gauge(SERIES_OBSERVED);
    this.expected = gauge(SERIES_EXPECTED);
    this.upper = gauge(SERIES_UPPER);
  }

  onWindowScored(scored: ScoredWindow): void {
    const settings = this.settings();
    const selection = this.tracked.select(settings);
    if (selection !== this.selection) {
      // New settings (a reload): series that left the tracked set must not linger as stale gauges.
      for (const gauge of [this.observed, this.expected, this.upper]) gauge.reset();
      this.newestStart.clear();
      this.selection = selection;
    }
    const key = scored.window.key;
    if (!selection.keys.has(key)) return;
    const newest = this.newestStart.get(key);
    // A revision of an older window must not overwrite the newest window's values.
    if (newest !== undefined && scored.window.start < newest) return;
    this.newestStart.set(key, scored.window.start);
    const labels = { stream: scored.parts.stream, region: scored.parts.region, category: scored.parts.category, granularity: scored.parts.granularity };
    const { expected, upper } = assess(scored, settings.config.alerting);
    this.observed.set(labels, scored.window.count);
    setOrRemove(this.expected, labels, expected);
    setOrRemove(this.upper, labels, upper);
  }
}

function setOrRemove(gauge: Gauge<SeriesLabel>, labels: Record<SeriesLabel, string>, value: number): void {
  if (Number.isFinite(value)) gauge.set(labels, value);
  else gauge.remove(labels);
}
