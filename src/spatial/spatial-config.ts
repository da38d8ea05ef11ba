import { z } from 'zod';
import { Granularity } from '../domain/granularity.js';

/**
 * Spatial cluster scan (see README "Spatial clusters"): when a window closes, the regions of one
 * level under one parent (communities of a street, streets of the district) are scanned for a
 * connected set whose summed count exceeds its summed baseline.
 */
export const SpatialConfig = z
  .object({
    /** Per stream: scan its series. */
    enabled: z
      .object({ hotline: z.boolean().default(true), dispute: z.boolean().default(true), cases: z.boolean().default(true) })
      .strict()
      .prefault({}),
    /**
     * Raise cluster alerts. Off by default (see README "Spatial clusters" for the numbers): the
     * scan still runs and feeds its clusters to fusion as neighbour signals.
     */
    alerts: z.boolean().default(false),
    /** Levels of the regions scanned; each is grouped under its parent. */
    levels: z.array(z.enum(['community', 'street'])).min(1).default(['community', 'street']),
    /** Granularities scanned (hourly scans multiply the tests by 24). */
    granularities: z.array(Granularity).min(1).default(['day']),
    /** Most regions in one candidate cluster. */
    maxClusterSize: z.number().int().min(1).max(8).default(4),
    /** A cluster alert needs a corrected p-value at or below this. */
    alpha: z.number().gt(0).lt(1).default(0.001),
    /** ... and at least this many events in the cluster. */
    minObserved: z.number().int().min(0).default(5),
    /** ... and at least this many regions: a single hot region is its series detectors' business. */
    minAlertRegions: z.number().int().min(1).default(2),
    /** Floor of each region's expected count: a baseline of zeros must not make one event infinitely surprising. */
    minExpected: z.number().gt(0).default(0.5),
    /**
     * Scale counts by each series' dispersion (mean squared Pearson residual of its recent windows,
     * at least 1): a quasi-Poisson scan, so weekday swings and overdispersed counts do not read as clusters.
     */
    dispersion: z.boolean().default(true),
    /** Closed windows a series needs before it takes part (the dispersion estimate needs them too). */
    minHistoryWindows: z.number().int().min(0).default(14),
  })
  .strict();
export type SpatialConfig = z.infer<typeof SpatialConfig>;
