import { describe, expect, it } from 'vitest';
import { earsC1, earsC2, earsC3 } from '../../../detectors/ears.js';
import { farrington } from '../../../detectors/farrington.js';
import { farringtonFlexible } from '../../../detectors/farrington-flexible.js';
import { robustZ } from '../../../detectors/robust-z.js';
import { slowRise } from '../../../detectors/slow-rise.js';
import type { AnyDetector } from '../../../detectors/index.js';
import type { Granularity } from '../../../src/domain/granularity.js';
import { countWindow, replay, seededPoisson } from './window-fixture.js';

/*
 * A config reload that shrinks a history-only detector's reference (ears baseline, farrington b,
 * robust_z baselineWeeks, slow_rise baseline) keeps the longer history the old config stored.
 * The detectors trim it when they score, so the windows after the reload must score exactly as a
 * detector that ran with the smaller config from the start.
 */

interface ReloadCase {
  readonly detector: AnyDetector;
  readonly granularity: Granularity;
  readonly before: object;
  readonly after: object;
  /** Windows before the reload: enough for both configs to leave warm-up. */
  readonly windows: number;
}

const CASES: readonly ReloadCase[] = [
  { detector: earsC1, granularity: 'day', before: { baseline: 14 }, after: { baseline: 5 }, windows: 40 },
  { detector: earsC2, granularity: 'day', before: { baseline: 14 }, after: { baseline: 5 }, windows: 40 },
  { detector: earsC3, granularity: 'day', before: { baseline: 14 }, after: { baseline: 5 }, windows: 40 },
  { detector: robustZ, granularity: 'day', before: { baselineWeeks: 12 }, after: { baselineWeeks: 4 }, windows: 120 },
  { detector: slowRise, granularity: 'day', before: { baseline: 56 }, after: { baseline: 14, window: 7 }, windows: 120 },
  { detector: farrington, granularity: 'week', before: { b: 5 }, after: { b: 3, w: 2 }, windows: 300 },
  { detector: farringtonFlexible, granularity: 'week', before: { b: 5 }, after: { b: 3 }, windows: 280 },
];

/** Scored windows after the reload. */
const AFTER = 8;

describe('after a config reload that shrinks the reference', () => {
  for (const { detector, granularity, before, after, windows } of CASES) {
    it(`${detector.name} scores as if it had run with the smaller config all along`, () => {
      const sample = seededPoisson(7);
      const all = Array.from({ length: windows + AFTER }, (_, i) => countWindow(granularity, i, sample(10 + (i % 7))));
      const bigConfig = detector.configSchema.parse(before);
      const smallConfig = detector.configSchema.parse(after);
      const { state } = replay(detector, bigConfig, all.slice(0, windows));
      const reloaded = replay(detector, smallConfig, all.slice(windows), state).scores;
      const fresh = replay(detector, smallConfig, all).scores.slice(windows);
      expect(reloaded.every((score) => !score.warmingUp)).toBe(true);
      expect(reloaded).toEqual(fresh);
    });
  }
});
