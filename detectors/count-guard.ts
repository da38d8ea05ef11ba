import type { Score } from '../src/domain/score.js';
import type { Detector } from './detector.js';

/**
 * The counts a detector accepts: whole-number arithmetic stays exact up to 2^53 - 1, and decoders
 * already reject negative and fractional counts. A NaN, infinite, negative or larger count that
 * got through anyway (a bug upstream, a corrupted restore) would otherwise turn every later score
 * of the series into NaN, through the rolling baselines, and make the state fail its schema.
 */
export function isValidCount(count: number): boolean {
  return Number.isFinite(count) && count >= 0 && count <= Number.MAX_SAFE_INTEGER;
}

/** The score of a window whose count is not valid: no result, no alarm. */
export const INVALID_COUNT: Score = Object.freeze({ expected: Number.NaN, upper: Number.NaN, score: 0, alarm: false, warmingUp: false });

/**
 * Wraps a detector so that a window with an invalid count leaves its state as it was and scores
 * INVALID_COUNT: the window is skipped, not learned. The registry wraps every detector with it.
 */
export function guardCounts<C, S>(detector: Detector<C, S>): Detector<C, S> {
  return {
    ...detector,
    update(state, window, config) {
      if (!isValidCount(window.count)) return { state, score: INVALID_COUNT };
      return detector.update(state, window, config);
    },
  };
}
