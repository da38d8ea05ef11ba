import { granularityMs } from '../domain/granularity.js';
import { parseUtcOffset } from '../domain/local-time.js';
import type { StreamName } from '../domain/stream.js';
import type { AppConfig } from '../config/app-config.js';
import { DayCalendar } from '../config/day-calendar.js';
import { DetectorPlan } from '../config/detector-plan.js';
import { RegionIndex } from '../config/region-index.js';
import type { RecordCatalog } from '../sources/decode-record.js';

/** What the engine derives from AppConfig once, so the hot path only does lookups. */
export interface EngineSettings {
  readonly config: AppConfig;
  readonly offsetMinutes: number;
  readonly regions: RegionIndex;
  readonly calendar: DayCalendar;
  readonly plan: DetectorPlan;
  readonly catalog: RecordCatalog;
  readonly categoryNames: ReadonlyMap<string, ReadonlyMap<string, string>>;
  /** Position of each category code in its stream's list, for array-indexed series lookup. */
  readonly categoryIndexes: Readonly<Record<StreamName, ReadonlyMap<string, number>>>;
  readonly latenessMs: Readonly<Record<StreamName, number>>;
  readonly maxFutureSkewMs: number;
  /** Series specs per stream, finest granularity first. */
  readonly specs: Readonly<Record<StreamName, readonly { granularity: AppConfig['series']['hotline'][number]['granularity']; width: number; levels: ReadonlySet<string> }[]>>;
}

export const STREAMS: readonly StreamName[] = ['hotline', 'dispute', 'cases'];

export function buildEngineSettings(config: AppConfig): EngineSettings {
  const offsetMinutes = parseUtcOffset(config.utcOffset);
  const regions = new RegionIndex(config.regions);
  const categories = {
    hotline: new Set(config.categories.hotline.map((c) => c.code)),
    dispute: new Set(config.categories.dispute.map((c) => c.code)),
    cases: new Set(config.categories.cases.map((c) => c.code)),
  };
  const categoryNames = new Map(
    STREAMS.map((stream) => [stream, new Map(config.categories[stream].map((c) => [c.code, c.name]))] as const),
  );
  const lateness = config.windowing.allowedLatenessMinutes;
  const specsOf = (stream: StreamName) =>
    config.series[stream]
      .map((spec) => ({ granularity: spec.granularity, width: granularityMs[spec.granularity], levels: new Set<string>(spec.levels) }))
      .sort((a, b) => a.width - b.width);
  return {
    config,
    offsetMinutes,
    regions,
    calendar: new DayCalendar(config.holidays, offsetMinutes),
    plan: new DetectorPlan(config.detectors, regions),
    catalog: { regions, categories },
    categoryNames,
    categoryIndexes: {
      hotline: new Map(config.categories.hotline.map((c, i) => [c.code, i])),
      dispute: new Map(config.categories.dispute.map((c, i) => [c.code, i])),
      cases: new Map(config.categories.cases.map((c, i) => [c.code, i])),
    },
    latenessMs: { hotline: lateness.hotline * 60_000, dispute: lateness.dispute * 60_000, cases: lateness.cases * 60_000 },
    maxFutureSkewMs: config.windowing.maxFutureSkewMinutes * 60_000,
    specs: { hotline: specsOf('hotline'), dispute: specsOf('dispute'), cases: specsOf('cases') },
  };
}
