import { describe, expect, it } from 'vitest';
import { Engine } from '../../../src/pipeline/engine.js';
import { replay } from '../../../src/pipeline/replay.js';
import type { DeadLetter, DeadLetterSink } from '../../../src/sources/dead-letter.js';
import { MemoryAlertSink } from '../../../src/sinks/memory-alert-sink.js';
import { LATE_CLOCK, complaint, testConfig } from '../support/test-config.js';

class CapturingDeadLetters implements DeadLetterSink {
  readonly name = 'capture';
  readonly letters: DeadLetter[] = [];
  async send(letters: readonly DeadLetter[]): Promise<void> {
    this.letters.push(...letters);
  }
  async close(): Promise<void> {}
}

async function* lines(texts: readonly string[]) {
  for (const [i, line] of texts.entries()) yield { line, lineNumber: i + 1 };
}

describe('replay', () => {
  it('reads an empty input to the end: no records, no series, no alerts', async () => {
    const sink = new MemoryAlertSink();
    const summary = await replay({
      engine: new Engine({ config: testConfig(), now: LATE_CLOCK }),
      lines: lines([]),
      sourceName: 'empty.jsonl',
      sinks: [sink],
      deadLetters: new CapturingDeadLetters(),
    });
    expect(summary).toMatchObject({ lines: 0, blankLines: 0, series: 0, windows: 0, alerts: { opened: 0, updated: 0, resolved: 0 } });
    expect(sink.changes).toEqual([]);
  });

  it('skips blank lines, dead-letters bad ones with file and line, and flushes across batch boundaries', async () => {
    const good = JSON.stringify(complaint());
    const deadLetters = new CapturingDeadLetters();
    const summary = await replay({
      engine: new Engine({ config: testConfig(), now: LATE_CLOCK }),
      lines: lines([good, '', '   ', '{not json', good]),
      sourceName: 'in.jsonl',
      sinks: [],
      deadLetters,
      batchSize: 2,
    });
    expect(summary.lines).toBe(5);
    expect(summary.blankLines).toBe(2);
    expect(summary.stats.hotline).toMatchObject({ received: 2, accepted: 1 });
    expect(summary.stats.hotline.rejected.duplicate).toBe(1);
    expect(deadLetters.letters.map((l) => [l.source, l.reason])).toEqual([
      ['in.jsonl:4', 'invalid_json'],
      ['in.jsonl:5', 'duplicate'],
    ]);
  });
});
