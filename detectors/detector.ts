import type { z } from 'zod';
import type { Score } from '../src/domain/score.js';
import type { Window } from '../src/domain/window.js';

/**
 * A detector plugin: a stable name, a parameter schema, and pure functions over its own
 * state and a closed window. No I/O, no clock, no randomness: the same (state, window, config)
 * gives the same result, bit for bit. State is plain JSON so any state store can hold it.
 */
export interface Detector<C = unknown, S = unknown> {
  /** Stable id used in config, metrics and alerts: lower_snake. */
  readonly name: string;
  /** One line for `--help` and the README. */
  readonly description: string;
  /** Parameters; every field has a default so `configSchema.parse({})` is the default config. */
  readonly configSchema: z.ZodType<C, unknown>;
  /** Validates state read back from a store. */
  readonly stateSchema: z.ZodType<S, unknown>;
  /**
   * True when the detector reads `window.terms`: the engine counts text terms only for series
   * that run such a detector, so the text path costs nothing elsewhere. Its keys are term keys
   * (src/text/term-keys.ts: a CJK bigram is a number); `termText` gives a term's text.
   */
  readonly usesTerms?: boolean;
  /** Empty baseline. */
  create(config: C): S;
  /** Scores `window` against the baseline in `state` and returns the next state. Must not mutate `state`. */
  update(state: S, window: Window, config: C): DetectorResult<S>;
}

export interface DetectorResult<S> {
  readonly state: S;
  readonly score: Score;
}

/** A detector with its types erased, as the registry and the pipeline hold it. */
export type AnyDetector = Detector<unknown, unknown>;

/** Identity helper that keeps `C` and `S` inferred at the definition site. */
export function defineDetector<C, S>(detector: Detector<C, S>): Detector<C, S> {
  return detector;
}
