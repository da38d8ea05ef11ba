import { z } from 'zod';
import { Granularity } from '../domain/granularity.js';
import { type SeriesKey, seriesKey } from '../domain/series-key.js';
import { StreamName } from '../domain/stream.js';
import { RegionLevel } from '../config/region-config.js';
import type { EngineSettings } from '../pipeline/engine-settings.js';

/**
 * Which series get per-series gauges (region and category as labels) and a window log for
 * the HTTP API. Default: the day series of every stream and category at street level.
 * `maxSeries` caps the label sets whatever the region tree holds.
 */
export const TrackedSeriesSpec = z
  .object({
    streams: z.array(StreamName).min(1).default(['hotline', 'dispute', 'cases']),
    levels: z.array(RegionLevel).min(1).default(['street']),
    granularities: z.array(Granularity).min(1).default(['day']),
    maxSeries: z.number().int().min(0).max(10_000).default(2000),
  })
  .strict();
export type TrackedSeriesSpec = z.infer<typeof TrackedSeriesSpec>;

export const DEFAULT_TRACKED_SERIES: TrackedSeriesSpec = TrackedSeriesSpec.parse({});

export interface TrackedSelection {
  readonly keys: ReadonlySet<SeriesKey>;
  /** Series that matched the spec but fell beyond `maxSeries`. */
  readonly dropped: number;
}

type SelectionSettings = Pick<EngineSettings, 'config' | 'regions' | 'specs'>;

/**
 * The tracked set, chosen deterministically (streams, granularities, regions in tree order,
 * categories in config order, up to the cap) so every instance and every restart tracks the
 * same series whatever order events arrive in. Recomputed when the engine settings change.
 */
export class TrackedSeries {
  private selectedFor: SelectionSettings | undefined;
  private selection: TrackedSelection = { keys: new Set(), dropped: 0 };

  constructor(readonly spec: TrackedSeriesSpec = DEFAULT_TRACKED_SERIES) {}

  select(settings: SelectionSettings): TrackedSelection {
    if (settings !== this.selectedFor) {
      this.selection = selectSeries(this.spec, settings);
      this.selectedFor = settings;
    }
    return this.selection;
  }
}

function selectSeries(spec: TrackedSeriesSpec, settings: SelectionSettings): TrackedSelection {
  const keys = new Set<SeriesKey>();
  let dropped = 0;
  const levels = new Set<string>(spec.levels);
  for (const stream of StreamName.options) {
    if (!spec.streams.includes(stream)) continue;
    for (const seriesSpec of settings.specs[stream]) {
      if (!spec.granularities.includes(seriesSpec.granularity)) continue;
      for (const region of settings.regions.all()) {
        if (!levels.has(region.level) || !seriesSpec.levels.has(region.level)) continue;
        for (const category of settings.config.categories[stream]) {
          if (keys.size < spec.maxSeries) keys.add(seriesKey(stream, region.code, category.code, seriesSpec.granularity));
          else dropped += 1;
        }
      }
    }
  }
  return { keys, dropped };
}
