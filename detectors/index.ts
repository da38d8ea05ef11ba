import type { AnyDetector, Detector } from './detector.js';
import { guardCounts } from './count-guard.js';
import { cusum } from './cusum.js';
import { earsC1, earsC2, earsC3 } from './ears.js';
import { ewma } from './ewma.js';
import { farrington } from './farrington.js';
import { farringtonFlexible } from './farrington-flexible.js';
import { robustZ } from './robust-z.js';
import { seasonal } from './seasonal.js';
import { slowRise } from './slow-rise.js';
import { termBurst } from './term-burst.js';

/**
 * The detector registry: every detector the config can name, by its stable id, each behind
 * guardCounts so that no detector ever sees a NaN, negative or unsafe count.
 */
const ALL: readonly Detector<never, never>[] = [earsC1, earsC2, earsC3, ewma, cusum, robustZ, farrington, farringtonFlexible, seasonal, slowRise, termBurst] as never;

export const detectorRegistry: ReadonlyMap<string, AnyDetector> = new Map(
  ALL.map((detector) => [detector.name, guardCounts(detector) as unknown as AnyDetector]),
);

export const detectorNames: readonly string[] = [...detectorRegistry.keys()];

export type { AnyDetector, Detector, DetectorResult } from './detector.js';
