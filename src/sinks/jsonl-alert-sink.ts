import { once } from 'node:events';
import type { Writable } from 'node:stream';
import type { AlertChange } from '../domain/alert.js';
import type { AlertSink } from './alert-sink.js';

/** Writes one alert record per line (the same JSON as the alerts topic carries). */
export class JsonlAlertSink implements AlertSink {
  readonly name = 'jsonl';
  private closed = false;

  constructor(
    private readonly out: Writable,
    /** Whether `close` ends the stream (false for stdout). */
    private readonly ownsStream: boolean,
  ) {}

  async send(changes: readonly AlertChange[]): Promise<void> {
    if (changes.length === 0) return;
    const text = changes.map((c) => JSON.stringify(c.alert)).join('\n') + '\n';
    if (!this.out.write(text)) await once(this.out, 'drain');
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (!this.ownsStream) return;
    this.out.end();
    await once(this.out, 'finish');
  }
}
