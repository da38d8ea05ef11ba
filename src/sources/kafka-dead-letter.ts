import type { IHeaders } from 'kafkajs';
import type { DeadLetter } from './dead-letter.js';

/** Where a Kafka record came from, with its bytes as received, so it can be fixed and replayed. */
export interface KafkaOrigin {
  readonly topic: string;
  readonly partition: number;
  readonly offset: string;
  readonly key: Buffer | null;
  /** The original value; null for a tombstone (a record without a value). */
  readonly value: Buffer | null;
  readonly headers?: IHeaders;
}

/** A dead letter from a Kafka topic: the reason and the untouched original record. */
export interface KafkaDeadLetter extends DeadLetter {
  readonly origin: KafkaOrigin;
}

export function isKafkaDeadLetter(letter: DeadLetter): letter is KafkaDeadLetter {
  return (letter as Partial<KafkaDeadLetter>).origin !== undefined;
}

/** `hotline.complaints/3@1200`: the `source` of a dead letter read from Kafka. */
export function kafkaSourceLabel(topic: string, partition: number, offset: string): string {
  return `${topic}/${partition}@${offset}`;
}
