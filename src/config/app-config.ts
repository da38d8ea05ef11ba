import { z } from 'zod';
import { Granularity } from '../domain/granularity.js';
import { Severity } from '../domain/severity.js';
import { StreamName } from '../domain/stream.js';
import { FusionConfig } from '../fusion/fusion-config.js';
import { SpatialConfig } from '../spatial/spatial-config.js';
import { HolidayCalendar } from './holiday-calendar.js';
import { RegionLevel, RegionTree } from './region-config.js';

const Category = z.object({ code: z.string().regex(/^[a-z][a-z0-9_]*$/, 'a lower_snake category code'), name: z.string().min(1) }).strict();

/** Which granularities a stream is windowed at, and down to which region levels. */
const SeriesSpec = z
  .object({
    granularity: Granularity,
    /** Region levels that get series at this granularity (community-hour counts are mostly zeros). */
    levels: z.array(RegionLevel).min(1),
  })
  .strict();

const DetectorParams = z.record(z.string(), z.record(z.string(), z.unknown()));

/** A scope inside which detector settings are replaced; later overrides win. */
const DetectorOverride = z
  .object({
    match: z
      .object({
        stream: StreamName.optional(),
        category: z.string().optional(),
        /** The region and everything below it. */
        region: z.string().optional(),
        level: RegionLevel.optional(),
        granularity: Granularity.optional(),
      })
      .strict(),
    /** Replaces the enabled list for matching series. */
    enabled: z.array(z.string()).optional(),
    /** Appended to the enabled list (after any `enabled` here) for matching series, e.g. a text detector. */
    add: z.array(z.string()).optional(),
    /** Merged over the defaults, parameter by parameter. */
    params: DetectorParams.optional(),
  })
  .strict();
export type DetectorOverride = z.infer<typeof DetectorOverride>;

const SeverityBand = z
  .object({
    severity: Severity,
    /** Detectors that must fire (capped at the number the series runs). */
    minVotes: z.number().int().min(1),
    /** Observed / upper bound must reach this: 1.5 = half again above the bound. */
    minRatio: z.number().min(0).default(0),
    /** Strongest voting detector's score must reach this. */
    minScore: z.number().min(0).max(1).default(0),
  })
  .strict();
export type SeverityBand = z.infer<typeof SeverityBand>;

/**
 * The whole configuration. `regions` and `holidays` may be inline or a path to another
 * YAML file relative to the file that names it; the loader resolves paths before parsing.
 */
export const AppConfig = z
  .object({
    /** Local time of the data (window boundaries, weekdays, holidays). Shenzhen: +08:00. */
    utcOffset: z.string().regex(/^[+-]\d{2}:\d{2}$/, 'an offset like +08:00').default('+08:00'),
    regions: RegionTree,
    holidays: HolidayCalendar,
    categories: z.object({ hotline: z.array(Category).min(1), dispute: z.array(Category).min(1), cases: z.array(Category).min(1) }).strict(),
    series: z.object({ hotline: z.array(SeriesSpec).min(1), dispute: z.array(SeriesSpec).min(1), cases: z.array(SeriesSpec).min(1) }).strict(),
    windowing: z
      .object({
        /**
         * Per stream: how far behind the newest event time the watermark trails. A window closes
         * when the watermark passes its end; an event for a closed window is late. Case counts
         * arrive in period order, so their lateness is 0 and stragglers become revisions.
         */
        allowedLatenessMinutes: z
          .object({
            hotline: z.number().int().nonnegative().default(120),
            dispute: z.number().int().nonnegative().default(120),
            cases: z.number().int().nonnegative().default(0),
          })
          .strict()
          .prefault({}),
        /** Events further ahead of the wall clock than this are rejected as `future_timestamp`. */
        maxFutureSkewMinutes: z.number().int().nonnegative().default(15),
        /** Closed windows per case-count series a late record or a revision can still change. */
        revisionHorizonWindows: z.number().int().min(0).max(400).default(14),
        /** Closed windows per series kept for explanations and the series API. */
        historyWindows: z.number().int().min(1).max(1000).default(56),
      })
      .strict()
      .refine((w) => w.historyWindows >= w.revisionHorizonWindows, {
        message: 'historyWindows must be at least revisionHorizonWindows (revisions replay the kept history)',
        path: ['historyWindows'],
      })
      .prefault({}),
    detectors: z
      .object({
        enabled: z.partialRecord(Granularity, z.array(z.string())),
        params: DetectorParams.default({}),
        overrides: z.array(DetectorOverride).default([]),
      })
      .strict(),
    alerting: z
      .object({
        /** Detectors that must fire on a window to open or continue an alert; capped at the number the series runs. */
        minVotes: z.number().int().min(1).default(2),
        /** No alert on a window with fewer events than this (small counts are noise). */
        minObserved: z.number().int().min(0).default(3),
        /** An open alert resolves after this many consecutive windows without enough votes. */
        resolveAfterQuietWindows: z.number().int().min(1).default(2),
        /** Highest band reached wins; below the lowest band nothing is raised. */
        severity: z.array(SeverityBand).min(1),
        topTerms: z.number().int().min(0).max(50).default(5),
      })
      .strict(),
    /** Cross-series stages: clusters of neighbouring regions, and fusion of signals per place. */
    spatial: SpatialConfig.prefault({}),
    fusion: FusionConfig.prefault({}),
  })
  .strict();
export type AppConfig = z.infer<typeof AppConfig>;
