/** One text term of a window against its baseline, as a term detector reports it. */
export interface TermSignal {
  readonly term: string;
  /** Texts in the window that contain the term. */
  readonly count: number;
  /** Expected count under the term's baseline (after any floor). */
  readonly baseline: number;
}

/** What a detector says about one closed window. */
export interface Score {
  /** Expected count under the baseline; NaN when the detector has too little history. */
  readonly expected: number;
  /** Upper bound: the count above which the detector fires; NaN while warming up or when no single count can fire. */
  readonly upper: number;
  /** Evidence of an excess in [0, 1]; 0 while warming up. */
  readonly score: number;
  /** One-sided p-value of the observation under the baseline, when the detector defines one. */
  readonly pValue?: number;
  readonly alarm: boolean;
  /** True while the detector has less history than it needs: no alarm is possible. */
  readonly warmingUp: boolean;
  /** Term detectors only: the most surprising terms of the window, strongest first. */
  readonly topTerms?: readonly TermSignal[];
}

export const WARMING_UP: Score = Object.freeze({ expected: Number.NaN, upper: Number.NaN, score: 0, alarm: false, warmingUp: true });
