import { once } from 'node:events';
import type { Writable } from 'node:stream';
import type { StatsStream } from '../pipeline/engine-stats.js';
import type { Rejection } from './reject.js';

/** A record that was not counted, where it came from, and why. */
export interface DeadLetter extends Rejection {
  readonly stream: StatsStream;
  /** "events.jsonl:17" for files, "hotline.complaints/3@1200" for Kafka. */
  readonly source: string;
  /** The original text, so it can be fixed and replayed. */
  readonly record: string;
}

export interface DeadLetterSink {
  readonly name: string;
  send(letters: readonly DeadLetter[]): Promise<void>;
  close(): Promise<void>;
}

/** One JSON object per rejected record: `{source, stream, reason, details, record}`. */
export class JsonlDeadLetterSink implements DeadLetterSink {
  readonly name = 'jsonl';
  private closed = false;

  constructor(private readonly out: Writable) {}

  async send(letters: readonly DeadLetter[]): Promise<void> {
    if (letters.length === 0) return;
    const text = letters
      .map((l) => JSON.stringify({ source: l.source, stream: l.stream, reason: l.reason, details: l.details, record: l.record }))
      .join('\n');
    if (!this.out.write(`${text}\n`)) await once(this.out, 'drain');
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.out.end();
    await once(this.out, 'finish');
  }
}
