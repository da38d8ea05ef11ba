import type { AppConfig } from '../config/app-config.js';
import type { RegionLevel } from '../config/region-config.js';
import { ConfigError } from '../errors.js';
import { STREAMS } from '../pipeline/engine-settings.js';

/** The config a shard's engine runs, and what it leaves out compared with the config given. */
export interface ShardLocalConfig {
  readonly config: AppConfig;
  /** One line per thing left out, for the start-up log. */
  readonly skipped: readonly string[];
}

/**
 * Under sharding a shard's engine sees only the streets keyed to its partition number, so
 * anything that sums or compares over all streets would be partial: root-level (district)
 * series, fusion at the root level, and the spatial scan of the root's children (streets of
 * the district; communities of a street stay together in one shard). Those are left out
 * rather than published with a partial count. Everything below the root is exactly what one
 * engine over the same streets computes.
 */
export function shardLocalConfig(config: AppConfig): ShardLocalConfig {
  const root = config.regions.root;
  const rootLevel: RegionLevel = root.level;
  const childLevel = root.children?.[0]?.level;
  const skipped: string[] = [];
  const series = { ...config.series };
  for (const stream of STREAMS) {
    const specs = config.series[stream]
      .map((spec) => ({ ...spec, levels: spec.levels.filter((level) => level !== rootLevel) }))
      .filter((spec) => spec.levels.length > 0);
    if (specs.length === 0) throw new ConfigError([`series.${stream}: only ${rootLevel}-level series, which a shard cannot compute; add a level below ${rootLevel} or use one partition per input topic`]);
    if (config.series[stream].some((spec) => spec.levels.includes(rootLevel))) skipped.push(`${stream} series at ${rootLevel} level (${root.code})`);
    series[stream] = specs;
  }
  let { spatial, fusion } = config;
  if (childLevel !== undefined && childLevel !== rootLevel && spatial.levels.includes(childLevel as never)) {
    const levels = spatial.levels.filter((level) => level !== childLevel);
    skipped.push(`spatial scan of the ${childLevel} level (${childLevel}s of ${root.code} span shards)`);
    spatial = levels.length > 0 ? { ...spatial, levels } : { ...spatial, enabled: { hotline: false, dispute: false, cases: false } };
  }
  if (fusion.levels.includes(rootLevel as never)) {
    const levels = fusion.levels.filter((level) => level !== rootLevel);
    skipped.push(`fusion at ${rootLevel} level`);
    fusion = levels.length > 0 ? { ...fusion, levels } : { ...fusion, enabled: false };
  }
  return { config: { ...config, series, spatial, fusion }, skipped };
}
