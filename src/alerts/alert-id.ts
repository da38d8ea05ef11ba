import { createHash } from 'node:crypto';
import type { SeriesKey } from '../domain/series-key.js';

/**
 * Deterministic alert id from the series, the detector set and the window the alert opened in,
 * so re-processing the same input gives the same ids and consumers can dedupe.
 */
export function alertId(key: SeriesKey, detectorNames: readonly string[], openedStart: number, variant = ''): string {
  const digest = createHash('sha256')
    .update(`${key}\n${[...detectorNames].sort().join(',')}\n${openedStart}${variant === '' ? '' : `\n${variant}`}`)
    .digest('hex');
  return `ews-${digest.slice(0, 16)}`;
}
