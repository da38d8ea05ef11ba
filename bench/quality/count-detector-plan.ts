import type { PlannedDetector } from '../../src/config/detector-plan.js';
import { detectorRegistry } from '../../detectors/index.js';

/**
 * The one-sided level both our farrington_flexible and R's farringtonFlexible run at here:
 * the 99.5% quantile of Noufaily et al. (2013), rather than the package default 0.05.
 */
export const FARRINGTON_FLEXIBLE_ALPHA = 0.005;

/** Parameters that differ from the detectors' defaults in this benchmark. */
const BENCH_PARAMS: Readonly<Record<string, Record<string, unknown>>> = {
  farrington_flexible: { alpha: FARRINGTON_FLEXIBLE_ALPHA },
};

/** Detectors that score texts or several series at once, not one count series: not scored here. */
const NOT_COUNT_DETECTOR = /text|term|spatial|fusion/;

/** Every registered count detector with its benchmark config, in registry order. */
export function countDetectorPlan(): PlannedDetector[] {
  return [...detectorRegistry.entries()]
    .filter(([name]) => !NOT_COUNT_DETECTOR.test(name))
    .map(([name, detector]) => ({ name, detector, config: detector.configSchema.parse(BENCH_PARAMS[name] ?? {}) }));
}
