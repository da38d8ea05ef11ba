import { randomBytes } from 'node:crypto';
import { Kafka, Partitioners } from 'kafkajs';
import type { Admin, ITopicConfig, logCreator, Producer, ProducerConfig } from 'kafkajs';

/** Hex suffix from the OS CSPRNG, so parallel tests and reruns never share a topic or group. */
export function secureRandom(bytes = 6): string {
  return randomBytes(bytes).toString('hex');
}

export function uniqueTopic(prefix = 'test-topic'): string {
  return `${prefix}-${secureRandom()}`;
}

export function uniqueGroupId(prefix = 'test-group'): string {
  return `${prefix}-${secureRandom()}`;
}

/** Discards every kafkajs log line; tests assert on behaviour, not on client chatter. */
export const silentLogCreator: logCreator = () => () => {};

export function createKafka(brokers: string, clientId = `test-client-${secureRandom(4)}`): Kafka {
  return new Kafka({
    clientId,
    brokers: brokers.split(',').map((broker) => broker.trim()),
    logCreator: silentLogCreator,
    connectionTimeout: 5_000,
    requestTimeout: 30_000,
    retry: { initialRetryTime: 200, retries: 8 },
  });
}

/** A producer with the kafkajs v2 default partitioner chosen explicitly (no warning on stderr). */
export function createProducer(kafka: Kafka, config: ProducerConfig = {}): Producer {
  return kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner, ...config });
}

/**
 * Creates the topics and waits until every partition has a leader, so the first produce or
 * fetch does not race topic creation (auto-creation on KRaft can fail the first call).
 */
export async function createTopics(admin: Admin, topics: readonly ITopicConfig[]): Promise<void> {
  await admin.createTopics({
    topics: topics.map((topic) => ({ replicationFactor: 1, ...topic })),
    waitForLeaders: true,
    timeout: 30_000,
  });
}

/** Deletes topics a test created; a broker that is already gone is not the test's failure. */
export async function deleteTopics(admin: Admin, topics: readonly string[]): Promise<void> {
  try {
    await admin.deleteTopics({ topics: [...topics], timeout: 10_000 });
  } catch {
    // Best effort: topic names are unique per test, leftovers cannot collide.
  }
}
