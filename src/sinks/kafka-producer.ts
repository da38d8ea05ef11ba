import { Partitioners } from 'kafkajs';
import type { Kafka, Message, Producer, ProducerConfig } from 'kafkajs';
import { SinkError } from '../errors.js';

/**
 * Producer settings of the service's sinks: idempotent (the broker drops a retried batch it
 * already has), one request in flight so retries cannot reorder a series' records, and the
 * Java-compatible murmur2 partitioner so other clients key records to the same partitions.
 */
export const SINK_PRODUCER_CONFIG: ProducerConfig = {
  idempotent: true,
  maxInFlightRequests: 1,
  createPartitioner: Partitioners.DefaultPartitioner,
  allowAutoTopicCreation: false,
};

export function createSinkProducer(kafka: Kafka, overrides: ProducerConfig = {}): Producer {
  return kafka.producer({ ...SINK_PRODUCER_CONFIG, ...overrides });
}

/**
 * Bytes of one produce call, below the broker's default `message.max.bytes` (1 MiB) for a
 * record batch with headroom for headers and framing; a single larger record goes alone.
 */
const MAX_SEND_BYTES = 512 * 1024;

/**
 * Sends `messages` to `topic` in order with acks from all in-sync replicas, in as few produce
 * calls as the size limit allows; resolves once the broker acknowledged every one.
 * Failures become a retriable SinkError naming the sink and topic.
 */
export async function produceAll(producer: Producer, sinkName: string, topic: string, messages: readonly Message[]): Promise<void> {
  let chunk: Message[] = [];
  let bytes = 0;
  const flush = async () => {
    if (chunk.length === 0) return;
    const sending = chunk;
    chunk = [];
    bytes = 0;
    try {
      await producer.send({ topic, acks: -1, messages: sending });
    } catch (cause) {
      throw new SinkError(`${sinkName}: producing ${sending.length} record(s) to ${topic} failed: ${(cause as Error).message}`, { cause });
    }
  };
  for (const message of messages) {
    const size = sizeOf(message);
    if (bytes + size > MAX_SEND_BYTES) await flush();
    chunk.push(message);
    bytes += size;
  }
  await flush();
}

function sizeOf(message: Message): number {
  const length = (v: Buffer | string | null | undefined) => (v == null ? 0 : typeof v === 'string' ? Buffer.byteLength(v) : v.length);
  let size = length(message.key) + length(message.value) + 64;
  for (const [name, value] of Object.entries(message.headers ?? {})) {
    size += Buffer.byteLength(name) + (Array.isArray(value) ? value.reduce((sum, v) => sum + length(v), 0) : length(value));
  }
  return size;
}
