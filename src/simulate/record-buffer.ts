import type { SimulatedRecord } from './simulated-record.js';

/**
 * Generated records with their event and arrival times, kept in parallel arrays (no wrapper
 * object per record: a 90-day run has ~300k records). `ordered()` sorts by arrival time.
 */
export class RecordBuffer {
  private readonly records: SimulatedRecord[] = [];
  private readonly eventTimes: number[] = [];
  private readonly arrivalTimes: number[] = [];

  /** `eventMs`: receivedAt, reportedAt or periodStart; `arrivalMs`: when it reaches the pipeline. */
  push(record: SimulatedRecord, eventMs: number, arrivalMs: number): void {
    this.records.push(record);
    this.eventTimes.push(eventMs);
    this.arrivalTimes.push(arrivalMs);
  }

  get size(): number {
    return this.records.length;
  }

  /**
   * Records and their event times in arrival order; ties keep insertion order. Packs
   * (arrival second, insertion index) into one double so a native typed-array sort does the work.
   */
  ordered(): { records: SimulatedRecord[]; eventTimes: number[] } {
    const n = this.records.length;
    let origin = Infinity;
    for (const t of this.arrivalTimes) if (t < origin) origin = t;
    const keys = new Float64Array(n);
    let packable = n < INDEX_SPAN;
    for (let i = 0; i < n && packable; i++) {
      const seconds = Math.floor(((this.arrivalTimes[i] ?? 0) - origin) / 1000);
      if (seconds >= MAX_SECONDS) packable = false;
      keys[i] = seconds * INDEX_SPAN + i;
    }
    let order: ArrayLike<number>;
    if (packable) {
      keys.sort();
      order = keys.map((k) => k % INDEX_SPAN);
    } else {
      order = Array.from({ length: n }, (_, i) => i).sort((a, b) => (this.arrivalTimes[a] ?? 0) - (this.arrivalTimes[b] ?? 0));
    }
    const records: SimulatedRecord[] = new Array<SimulatedRecord>(n);
    const eventTimes: number[] = new Array<number>(n);
    for (let j = 0; j < n; j++) {
      const i = order[j] ?? 0;
      records[j] = this.records[i] as SimulatedRecord;
      eventTimes[j] = this.eventTimes[i] ?? 0;
    }
    return { records, eventTimes };
  }
}

/** 2^24 records, 2^29 seconds (17 years): together within the 53 bits a double holds exactly. */
const INDEX_SPAN = 2 ** 24;
const MAX_SECONDS = 2 ** 29;

