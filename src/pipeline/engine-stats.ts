import type { StreamName } from '../domain/stream.js';
import { REJECT_REASONS, type RejectReason } from '../sources/reject.js';

/** Stream of a record, or `unknown` when it could not be told (unparseable JSON line). */
export type StatsStream = StreamName | 'unknown';

/** Every record received ends in exactly one of: accepted, revised, or one rejected reason. */
export interface StreamStats {
  received: number;
  accepted: number;
  /** Case counts that changed an already scored window (revision or straggler) and re-scored it. */
  revised: number;
  rejected: Record<RejectReason, number>;
}

export type EngineStats = Record<StatsStream, StreamStats>;

export function emptyStreamStats(): StreamStats {
  return {
    received: 0,
    accepted: 0,
    revised: 0,
    rejected: Object.fromEntries(REJECT_REASONS.map((r) => [r, 0])) as Record<RejectReason, number>,
  };
}

export function emptyEngineStats(): EngineStats {
  return { hotline: emptyStreamStats(), dispute: emptyStreamStats(), cases: emptyStreamStats(), unknown: emptyStreamStats() };
}
