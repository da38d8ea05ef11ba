import { z } from 'zod';
import { Granularity } from './granularity.js';
import { Severity } from './severity.js';
import { StreamName } from './stream.js';

export const ALERT_SCHEMA_VERSION = 1;

const TimeRange = z.object({
  start: z.iso.datetime({ offset: true }),
  end: z.iso.datetime({ offset: true }),
});

/** One detector's verdict on the alert's window. */
export const DetectorVerdict = z.object({
  detector: z.string(),
  expected: z.number().nullable(),
  upper: z.number().nullable(),
  score: z.number().min(0).max(1),
  pValue: z.number().min(0).max(1).nullable(),
  alarm: z.boolean(),
});
export type DetectorVerdict = z.infer<typeof DetectorVerdict>;

/** A text term of the alert's window: texts containing it, and the count its baseline expected. */
export const TermCount = z.object({
  term: z.string(),
  count: z.number().int().nonnegative(),
  /** Expected count under the term's rolling baseline; absent when no term detector gave one. */
  baseline: z.number().nonnegative().optional(),
});
export type TermCount = z.infer<typeof TermCount>;

/** What raised the alert: one series, a spatial cluster of series, or a fusion of signals. */
export const AlertKind = z.enum(['series', 'cluster', 'fused']);
export type AlertKind = z.infer<typeof AlertKind>;

/**
 * One piece of evidence behind a cluster or fused alert: a day series, the strongest hourly
 * window of a day, or a spatial cluster (its members in `regions`).
 */
export const ContributingSignal = z.object({
  source: z.enum(['series', 'hours', 'cluster']),
  seriesKey: z.string(),
  stream: StreamName,
  regionCode: z.string(),
  /** The region itself, or a cluster's members. */
  regions: z.array(z.string()),
  category: z.string(),
  granularity: Granularity,
  /** Detector with the smallest p-value, or "spatial_scan". */
  detector: z.string(),
  observed: z.number().nonnegative(),
  expected: z.number().nullable(),
  /** One-sided p-value, corrected for the choices made (detectors, hours, candidate clusters). */
  pValue: z.number().min(0).max(1),
});
export type ContributingSignal = z.infer<typeof ContributingSignal>;

/**
 * The alert record published on the alerts topic and in JSONL output.
 * Versioned: a breaking change bumps `schemaVersion` and is noted in CHANGELOG.md.
 * Nothing here depends on the wall clock, so re-processing the same input yields the same alerts.
 */
export const Alert = z.object({
  schemaVersion: z.literal(ALERT_SCHEMA_VERSION),
  /** Added in 0.2 with a default, so version-1 records without it read as series alerts. */
  kind: AlertKind.default('series'),
  /** Deterministic: hash of series, detector set and the window the alert opened in. */
  id: z.string().regex(/^ews-[0-9a-f]{16}$/),
  status: z.enum(['open', 'update', 'resolved']),
  /** 1 for the opening record, then +1 for every update and the resolution. */
  sequence: z.number().int().positive(),
  severity: Severity,
  seriesKey: z.string(),
  stream: StreamName,
  region: z.object({ code: z.string(), name: z.string(), level: z.string() }),
  category: z.string(),
  granularity: Granularity,
  /** The window this record is about (for `resolved`: the quiet window that closed it). */
  window: TimeRange,
  /** The window the alert opened in. */
  openedWindow: TimeRange,
  observed: z.number().nonnegative(),
  expected: z.number().nullable(),
  upper: z.number().nullable(),
  /** Strongest evidence among the voting detectors, in [0, 1]. */
  score: z.number().min(0).max(1),
  pValue: z.number().min(0).max(1).nullable(),
  /** Detectors configured for the series, with their verdicts on this window. */
  detectors: z.array(DetectorVerdict),
  /** Names of the detectors that fired on this window. */
  votes: z.array(z.string()),
  /** Closed windows of history the detectors had before this one. */
  historyWindows: z.number().int().nonnegative(),
  /** Set when a case-count revision changed this window after it was first scored. */
  revised: z.boolean(),
  topTerms: z.array(TermCount),
  /** Cluster and fused alerts: every signal that contributed (empty for series alerts). Defaults to []. */
  signals: z.array(ContributingSignal).default([]),
  /** One readable sentence for analysts. */
  explanation: z.string(),
});
export type Alert = z.infer<typeof Alert>;

export type AlertChangeKind = 'opened' | 'updated' | 'resolved';
export interface AlertChange {
  readonly kind: AlertChangeKind;
  readonly alert: Alert;
}
