import type { Registry } from 'prom-client';
import type { DetectorTimer } from '../pipeline/score-window.js';
import { HotPathHistogram } from './hot-path-histogram.js';
import { DETECTOR_UPDATE_DURATION_SECONDS } from './metric-names.js';

/**
 * `ews_detector_update_duration_seconds{detector}`, fed through the engine's `detectorTimer`
 * hook: once per detector per closed window of every series, hence the hot-path histogram.
 */
export function createDetectorTimer(registry: Registry): DetectorTimer {
  const histogram = new HotPathHistogram(registry, {
    name: DETECTOR_UPDATE_DURATION_SECONDS.name,
    help: DETECTOR_UPDATE_DURATION_SECONDS.help,
    labelName: DETECTOR_UPDATE_DURATION_SECONDS.labelNames[0],
    buckets: DETECTOR_UPDATE_DURATION_SECONDS.buckets,
  });
  const observers = new Map<string, (seconds: number) => void>();
  return (detector, seconds) => {
    let observe = observers.get(detector);
    if (observe === undefined) {
      observe = histogram.observer(detector);
      observers.set(detector, observe);
    }
    observe(seconds);
  };
}
