import type { StreamName } from './stream.js';

/** A decoded input record, normalised for windowing. Built only by the decoders. */
export interface Event {
  readonly stream: StreamName;
  /** The producer's unique record id, used to count duplicates once. */
  readonly id: string;
  readonly region: string;
  readonly category: string;
  /** Event time, epoch ms: receivedAt, reportedAt or periodStart. */
  readonly time: number;
  /** 1 for complaints and disputes; the reported count for case counts. */
  readonly count: number;
  /** Free text for term statistics. Personal data: never logged. */
  readonly text?: string;
  /** Case counts only: end of the reported period (epoch ms) and its revision. */
  readonly periodEnd?: number;
  readonly revision?: number;
}
