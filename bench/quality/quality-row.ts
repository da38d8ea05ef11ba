/**
 * One line of the quality benchmark's table: how one detector did on one scenario group.
 * Definitions follow Noufaily et al. (2013), evaluated over the test windows only:
 * - fpr: alarms in windows outside any outbreak / windows outside any outbreak;
 * - pod: outbreaks with at least one alarm during the outbreak / outbreaks;
 * - sensitivity: outbreak windows with an alarm / outbreak windows;
 * - meanDelay: mean windows from an outbreak's first window to its first alarm, over detected
 *   outbreaks (0 = flagged in the first window); null when none was detected.
 */
export interface QualityRow {
  /** Scenario group, e.g. "noufaily-weekly low mean" or "episodes multi-stream". */
  readonly group: string;
  /** Detector id (registry name), "fusion", or "R:farringtonFlexible" / "R:earsC1" for R's. */
  readonly detector: string;
  /** Series (or places) evaluated. */
  readonly series: number;
  readonly outbreaks: number;
  readonly fpr: number;
  readonly pod: number;
  readonly sensitivity: number;
  readonly meanDelay: number | null;
}
