import type { IHeaders, Message, Producer } from 'kafkajs';
import type { DeadLetter, DeadLetterSink } from '../sources/dead-letter.js';
import { isKafkaDeadLetter } from '../sources/kafka-dead-letter.js';
import { produceAll } from './kafka-producer.js';

/** Headers a dead-letter record carries; the value is the original record, byte for byte. */
export const DEAD_LETTER_HEADERS = {
  sourceTopic: 'ews-source-topic',
  sourcePartition: 'ews-source-partition',
  sourceOffset: 'ews-source-offset',
  /** Set instead of the three above for records that did not come from Kafka ("file.jsonl:17"). */
  source: 'ews-source',
  stream: 'ews-stream',
  reason: 'ews-reason',
  /** JSON array of strings, one per problem. */
  details: 'ews-details',
} as const;

export interface KafkaDeadLetterSinkOptions {
  /** Made with `createSinkProducer` and connected; its owner disconnects it. */
  readonly producer: Producer;
  readonly topic: string;
}

/**
 * Publishes rejected records to the dead-letter topic: the original key and bytes (a tombstone
 * stays a tombstone), the original headers, and `ews-*` headers saying where the record came
 * from and why it was rejected, so it can be fixed and produced again to its source topic.
 */
export class KafkaDeadLetterSink implements DeadLetterSink {
  readonly name = 'kafka-dead-letter';

  constructor(private readonly options: KafkaDeadLetterSinkOptions) {}

  async send(letters: readonly DeadLetter[]): Promise<void> {
    if (letters.length === 0) return;
    await produceAll(this.options.producer, this.name, this.options.topic, letters.map(toMessage));
  }

  /** Nothing to flush: `send` waits for the acks. The producer is shared; its owner disconnects it. */
  async close(): Promise<void> {}
}

function toMessage(letter: DeadLetter): Message {
  const ews: IHeaders = {
    [DEAD_LETTER_HEADERS.stream]: letter.stream,
    [DEAD_LETTER_HEADERS.reason]: letter.reason,
    [DEAD_LETTER_HEADERS.details]: JSON.stringify(letter.details),
  };
  if (!isKafkaDeadLetter(letter)) {
    return { key: null, value: letter.record, headers: { ...ews, [DEAD_LETTER_HEADERS.source]: letter.source } };
  }
  const { origin } = letter;
  const original = Object.fromEntries(Object.entries(origin.headers ?? {}).filter(([name]) => !name.startsWith('ews-')));
  return {
    key: origin.key,
    value: origin.value,
    headers: {
      ...original,
      ...ews,
      [DEAD_LETTER_HEADERS.sourceTopic]: origin.topic,
      [DEAD_LETTER_HEADERS.sourcePartition]: String(origin.partition),
      [DEAD_LETTER_HEADERS.sourceOffset]: origin.offset,
    },
  };
}
