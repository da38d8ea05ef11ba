import type { StreamName } from '../../src/domain/stream.js';

/** Event time (epoch ms) of a message value, as the engine reads it: the field the stream is windowed on. */
export function eventTimeOf(stream: StreamName, value: string): number {
  const record = JSON.parse(value) as Record<string, string>;
  const field = stream === 'hotline' ? 'receivedAt' : stream === 'dispute' ? 'reportedAt' : 'periodStart';
  return Date.parse(record[field] ?? '');
}

/**
 * Finds, for a closed window, the record that closed it: the first record of the stream, in
 * partition order, whose event time reaches the window end plus the allowed lateness (the
 * engine's watermark is the newest event time minus the lateness, so that record is the one
 * that moved the watermark past the end). Event times are given in partition order.
 */
export class ClosingRecords {
  /** Running maximum of event times: non-decreasing, so it can be binary-searched. */
  private readonly runningMax: number[];

  constructor(eventTimes: readonly number[]) {
    this.runningMax = [];
    let max = -Infinity;
    for (const time of eventTimes) {
      max = Math.max(max, time);
      this.runningMax.push(max);
    }
  }

  /** Index of the closing record, or undefined when no record reached `windowEnd + latenessMs`. */
  indexOf(windowEnd: number, latenessMs: number): number | undefined {
    const threshold = windowEnd + latenessMs;
    let low = 0;
    let high = this.runningMax.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (this.runningMax[middle]! >= threshold) high = middle;
      else low = middle + 1;
    }
    return low < this.runningMax.length ? low : undefined;
  }
}
