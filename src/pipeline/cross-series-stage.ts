import type { AlertChange } from '../domain/alert.js';
import type { OpenGroupAlert } from '../alerts/group-alerts.js';
import { FusionStage, type FusionState } from '../fusion/fusion-stage.js';
import { SpatialScanStage } from '../spatial/spatial-scan-stage.js';
import type { ClosedWindowSet } from './closed-window-set.js';
import type { EngineSettings } from './engine-settings.js';

/** Plain-JSON state of the cross-series stages: part of the engine snapshot. */
export interface CrossSeriesSnapshot {
  readonly clusterAlerts: OpenGroupAlert[];
  readonly fusedAlerts: OpenGroupAlert[];
  readonly fusion: FusionState;
  /** Spatial scan: dispersion per series key. */
  readonly dispersion: Record<string, number>;
}

/**
 * The stages that look across series once a clock has closed a window for all of them: spatial
 * cluster scan, then fusion (which reads the clusters). The engine calls `onClockClosed` once per
 * closed window start and queues the returned alert changes with the series alerts.
 * Case-count revisions re-score one series and do not re-run these stages.
 */
export class CrossSeriesStage {
  private readonly spatial: SpatialScanStage;
  private readonly fusion: FusionStage;

  constructor(settings: EngineSettings) {
    const { config, regions, offsetMinutes, categoryNames } = settings;
    const resolveAfterQuietWindows = config.alerting.resolveAfterQuietWindows;
    this.spatial = new SpatialScanStage({ config: config.spatial, regions, offsetMinutes, categoryNames, resolveAfterQuietWindows });
    this.fusion = new FusionStage({ config: config.fusion, regions, offsetMinutes, categories: config.categories, resolveAfterQuietWindows });
  }

  onClockClosed(closed: ClosedWindowSet): AlertChange[] {
    const { findings, changes } = this.spatial.onWindows(closed);
    const fused = this.fusion.onWindows(closed, findings);
    return fused.length === 0 ? changes : [...changes, ...fused];
  }

  openAlerts(): readonly OpenGroupAlert[] {
    return [...this.spatial.alerts.openAlerts(), ...this.fusion.alerts.openAlerts()];
  }

  snapshot(): CrossSeriesSnapshot {
    return {
      clusterAlerts: this.spatial.alerts.snapshot(),
      fusedAlerts: this.fusion.alerts.snapshot(),
      fusion: this.fusion.snapshot(),
      dispersion: this.spatial.dispersion.toJSON(),
    };
  }

  restore(snapshot: CrossSeriesSnapshot): void {
    this.spatial.alerts.restore(snapshot.clusterAlerts);
    this.fusion.alerts.restore(snapshot.fusedAlerts);
    this.fusion.restore(snapshot.fusion);
    this.spatial.dispersion.restore(snapshot.dispersion);
  }
}
