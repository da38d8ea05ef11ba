import type { EpisodeEffects } from './episode-effects.js';
import type { LocalTime } from './local-time.js';
import type { PlaceIndex } from './places.js';
import type { SimDay } from './sim-calendar.js';

/** What every stream generator needs: the run's days and places, volume scale and episodes. */
export interface GeneratorContext {
  readonly seed: number;
  readonly days: readonly SimDay[];
  readonly places: PlaceIndex;
  readonly clock: LocalTime;
  /** Volume multiplier for the event streams (1 = Longgang-sized). */
  readonly scale: number;
  readonly effects: EpisodeEffects;
  /** Records arriving at or after this instant are left out (revisions of the last days). */
  readonly endMs: number;
}
