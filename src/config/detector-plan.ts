import { detectorNames, detectorRegistry } from '../../detectors/index.js';
import type { AnyDetector } from '../../detectors/index.js';
import type { SeriesParts } from '../domain/series-key.js';
import type { AppConfig, DetectorOverride } from './app-config.js';
import { formatIssues } from './format-issues.js';
import type { RegionIndex } from './region-index.js';

/** A detector with its parsed parameters for one series. */
export interface PlannedDetector {
  readonly name: string;
  readonly detector: AnyDetector;
  readonly config: unknown;
}

/**
 * Decides which detectors score a series and with which parameters: the per-granularity
 * enabled list and default params, then every matching override in order (later wins).
 */
export class DetectorPlan {
  private readonly cache = new Map<string, readonly PlannedDetector[]>();
  /** Series with the same settings share one plan (and its parsed configs): thousands of series, a few plans. */
  private readonly shared = new Map<string, readonly PlannedDetector[]>();

  constructor(
    private readonly settings: AppConfig['detectors'],
    private readonly regions: RegionIndex,
  ) {}

  forSeries(series: SeriesParts): readonly PlannedDetector[] {
    const cacheKey = `${series.stream}|${series.region}|${series.category}|${series.granularity}`;
    let plan = this.cache.get(cacheKey);
    if (plan === undefined) {
      plan = this.build(series);
      this.cache.set(cacheKey, plan);
    }
    return plan;
  }

  private build(series: SeriesParts): readonly PlannedDetector[] {
    let enabled = this.settings.enabled[series.granularity] ?? [];
    const params: Record<string, Record<string, unknown>> = { ...this.settings.params };
    for (const override of this.settings.overrides) {
      if (!matches(override, series, this.regions)) continue;
      if (override.enabled !== undefined) enabled = override.enabled;
      if (override.add !== undefined) enabled = [...enabled, ...override.add.filter((name) => !enabled.includes(name))];
      for (const [name, values] of Object.entries(override.params ?? {})) params[name] = { ...params[name], ...values };
    }
    const signature = JSON.stringify(enabled.map((name) => [name, params[name] ?? {}]));
    const existing = this.shared.get(signature);
    if (existing !== undefined) return existing;
    const plan = enabled.map((name) => {
      const detector = detectorRegistry.get(name);
      if (detector === undefined) throw new Error(`detector ${name} vanished from the registry`);
      return { name, detector, config: detector.configSchema.parse(params[name] ?? {}) };
    });
    this.shared.set(signature, plan);
    return plan;
  }
}

function matches(override: DetectorOverride, series: SeriesParts, regions: RegionIndex): boolean {
  const { match } = override;
  if (match.stream !== undefined && match.stream !== series.stream) return false;
  if (match.category !== undefined && match.category !== series.category) return false;
  if (match.granularity !== undefined && match.granularity !== series.granularity) return false;
  if (match.region !== undefined && !regions.isWithin(series.region, match.region)) return false;
  if (match.level !== undefined && regions.get(series.region)?.level !== match.level) return false;
  return true;
}

/** Every detector name known, every params block valid for its detector, every override's scope real. */
export function validateDetectorSettings(config: AppConfig, regions: RegionIndex | undefined, file: string): string[] {
  const issues: string[] = [];
  const known = detectorNames.join(', ');
  const checkNames = (names: readonly string[], path: string): void => {
    names.forEach((name, i) => {
      if (!detectorRegistry.has(name)) issues.push(`${file}: ${path}.${i}: unknown detector "${name}"; known: ${known}`);
    });
  };
  const checkParams = (params: Record<string, Record<string, unknown>>, base: Record<string, Record<string, unknown>>, path: string): void => {
    for (const [name, values] of Object.entries(params)) {
      const detector = detectorRegistry.get(name);
      if (detector === undefined) {
        issues.push(`${file}: ${path}.${name}: unknown detector "${name}"; known: ${known}`);
        continue;
      }
      const merged = { ...base[name], ...values };
      const parsed = detector.configSchema.safeParse(merged);
      if (!parsed.success) issues.push(...formatIssues(file, parsed.error.issues, merged, [...path.split('.'), name]));
    }
  };

  for (const [granularity, names] of Object.entries(config.detectors.enabled)) checkNames(names ?? [], `detectors.enabled.${granularity}`);
  checkParams(config.detectors.params, {}, 'detectors.params');
  const allCategories = new Set([...config.categories.hotline, ...config.categories.dispute, ...config.categories.cases].map((c) => c.code));
  config.detectors.overrides.forEach((override, i) => {
    const path = `detectors.overrides.${i}`;
    if (override.enabled !== undefined) checkNames(override.enabled, `${path}.enabled`);
    if (override.add !== undefined) checkNames(override.add, `${path}.add`);
    if (override.params !== undefined) checkParams(override.params, config.detectors.params, `${path}.params`);
    const { region, category } = override.match;
    if (region !== undefined && regions !== undefined && regions.get(region) === undefined) {
      issues.push(`${file}: ${path}.match.region: unknown region code "${region}"`);
    }
    if (category !== undefined && !allCategories.has(category)) {
      issues.push(`${file}: ${path}.match.category: unknown category "${category}"`);
    }
  });
  return issues;
}
