import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { Engine } from '../../../src/pipeline/engine.js';
import { MemoryAlertSink } from '../../../src/sinks/memory-alert-sink.js';
import type { DeadLetter, DeadLetterSink } from '../../../src/sources/dead-letter.js';
import { KafkaPositions, KafkaSource } from '../../../src/sources/kafka-source.js';
import { MemoryStore } from '../../../src/state/memory-store.js';
import { fakeConsumer } from '../support/fake-consumer.js';
import { LATE_CLOCK, at, complaint, testConfig } from '../support/test-config.js';

const TOPICS = { hotline: 'in.hotline', dispute: 'in.dispute', cases: 'in.cases' };

class CollectingDeadLetters implements DeadLetterSink {
  readonly name = 'collect';
  readonly letters: DeadLetter[] = [];
  async send(letters: readonly DeadLetter[]): Promise<void> {
    this.letters.push(...letters);
  }
  async close(): Promise<void> {}
}

describe('KafkaSource with records the engine cannot take', () => {
  it('dead-letters a null value and an engine failure, and processes and commits the records around them', async () => {
    let failing = true;
    const engine = new Engine({
      config: testConfig(),
      now: LATE_CLOCK,
      onWindowScored: () => {
        if (failing) {
          failing = false;
          throw new Error('detector blew up');
        }
      },
    });
    const { consumer, deliver, commits } = fakeConsumer();
    const deadLetters = new CollectingDeadLetters();
    const loadShard = async () => ({ engine, positions: new KafkaPositions(), store: new MemoryStore() });
    const source = new KafkaSource({ consumer, topics: TOPICS, loadShard, sinks: [new MemoryAlertSink()], deadLetters, logger: pino({ level: 'silent' }) });
    await source.start();
    await deliver('in.hotline', 0, [
      JSON.stringify(complaint({ receivedAt: at('2026-03-02') })),
      null,
      JSON.stringify(complaint({ receivedAt: at('2026-03-03') })), // closes 03-02: the throw
      JSON.stringify(complaint({ receivedAt: at('2026-03-03', '10:00') })),
    ]);
    expect(deadLetters.letters.map((l) => [l.source, l.reason, l.details])).toEqual([
      ['in.hotline/0@1', 'empty_value', ['(record): the message has no value (null)']],
      ['in.hotline/0@2', 'internal_error', ['(engine): detector blew up']],
    ]);
    expect(engine.stats.hotline).toMatchObject({ received: 4, accepted: 2 });
    expect(engine.stats.hotline.rejected).toMatchObject({ empty_value: 1, internal_error: 1 });
    expect(commits).toEqual([{ topics: [{ topic: 'in.hotline', partitions: [{ partition: 0, offset: '4' }] }] }]);
  });
});
