import type { Granularity } from '../domain/granularity.js';
import type { StreamName } from '../domain/stream.js';
import type { ScoredWindow } from './scored-window.js';

/** Every series of one stream clock scored on one window start: the input of cross-series stages. */
export interface ClosedWindowSet {
  readonly stream: StreamName;
  readonly granularity: Granularity;
  readonly start: number;
  readonly end: number;
  readonly windows: readonly ScoredWindow[];
}
