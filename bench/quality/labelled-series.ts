/** One outbreak, as window indexes into its series, both ends included. */
export interface OutbreakSpan {
  readonly first: number;
  readonly last: number;
}

/**
 * A simulated count series with its truth: which windows carry outbreak cases. Detectors see
 * every window from index 0; only windows from `testStart` on are scored.
 */
export interface LabelledSeries {
  /** Unique within a run, e.g. "weekly-m20-trend-s3-r7". */
  readonly id: string;
  /** Scenario group, the first part of a table row's group, e.g. "noufaily-weekly". */
  readonly group: string;
  /** Mean level label, e.g. "mean 20": rows are also reported per level. */
  readonly level: string;
  /** Further row groups the series counts in, e.g. ["seasonal"], reported after the levels. */
  readonly subgroups: readonly string[];
  readonly granularity: 'day' | 'week';
  /** Local calendar date (YYYY-MM-DD) of window 0; later windows follow without gaps. */
  readonly firstDate: string;
  /** Baseline plus outbreak cases. */
  readonly counts: readonly number[];
  /** The baseline mean per window, before outbreaks (for the generator's tests and reports). */
  readonly baselineMeans: readonly number[];
  readonly testStart: number;
  /** Outbreaks in the history and in the test period, in time order. */
  readonly outbreaks: readonly OutbreakSpan[];
}
