import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Admin, Consumer, Kafka, Producer } from 'kafkajs';
import { createKafka, createProducer, createTopics, deleteTopics, uniqueGroupId, uniqueTopic } from './support/kafka-helpers.js';
import { kafkaBrokers, stopServiceContainers } from './support/services.js';
import { waitFor } from './support/wait-for.js';

const brokers = await kafkaBrokers();
const PARTITIONS = 3;
const MESSAGES = 100;

interface Delivery {
  readonly key: string;
  readonly partition: number;
  readonly offset: string;
}

/**
 * Consumes `topic` in `groupId` the way the pipeline does: eachBatch, no auto-commit, each
 * offset resolved after its message is handled, then committed explicitly (next offset).
 */
async function startGroupConsumer(kafka: Kafka, topic: string, groupId: string, deliveries: Delivery[]): Promise<Consumer> {
  const consumer = kafka.consumer({ groupId, heartbeatInterval: 1_000, sessionTimeout: 10_000 });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  await consumer.run({
    autoCommit: false,
    eachBatchAutoResolve: false,
    eachBatch: async ({ batch, resolveOffset, heartbeat, isRunning, isStale }) => {
      let lastHandled: string | undefined;
      for (const message of batch.messages) {
        if (!isRunning() || isStale()) break;
        deliveries.push({ key: message.key?.toString() ?? '', partition: batch.partition, offset: message.offset });
        resolveOffset(message.offset);
        lastHandled = message.offset;
        await heartbeat();
      }
      if (lastHandled !== undefined) {
        const next = (BigInt(lastHandled) + 1n).toString();
        await consumer.commitOffsets([{ topic: batch.topic, partition: batch.partition, offset: next }]);
      }
    },
  });
  return consumer;
}

function countByKey(deliveries: readonly Delivery[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const { key } of deliveries) counts.set(key, (counts.get(key) ?? 0) + 1);
  return counts;
}

async function committedOffsets(admin: Admin, groupId: string, topic: string): Promise<Map<number, string>> {
  const [topicOffsets] = await admin.fetchOffsets({ groupId, topics: [topic] });
  return new Map((topicOffsets?.partitions ?? []).map(({ partition, offset }) => [partition, offset]));
}

describe.skipIf(brokers === undefined)('Kafka broker (real, kafkajs)', { timeout: 120_000 }, () => {
  let kafka: Kafka;
  let admin: Admin;
  let producer: Producer;
  const consumers: Consumer[] = [];
  const topic = uniqueTopic('broker-smoke');
  const groupId = uniqueGroupId('broker-smoke');
  const firstRun: Delivery[] = [];

  beforeAll(async () => {
    if (brokers === undefined) throw new Error('unreachable: the suite is skipped without brokers');
    kafka = createKafka(brokers);
    admin = kafka.admin();
    await admin.connect();
    await createTopics(admin, [{ topic, numPartitions: PARTITIONS }]);
    producer = createProducer(kafka, { idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
  }, 60_000);

  afterAll(async () => {
    await Promise.allSettled(consumers.map((consumer) => consumer.disconnect()));
    await producer?.disconnect();
    if (admin !== undefined) {
      await deleteTopics(admin, [topic]);
      await admin.disconnect();
    }
    await stopServiceContainers();
  }, 60_000);

  it('delivers 100 keyed messages from an idempotent producer exactly once to a consumer group', async () => {
    const keys = Array.from({ length: MESSAGES }, (_, i) => `key-${String(i).padStart(3, '0')}`);
    const acks = await producer.send({
      topic,
      acks: -1,
      messages: keys.map((key, seq) => ({ key, value: JSON.stringify({ key, seq }) })),
    });
    expect(new Set(acks.map((ack) => ack.partition)).size).toBeGreaterThan(1);

    consumers.push(await startGroupConsumer(kafka, topic, groupId, firstRun));
    await waitFor(() => firstRun.length >= MESSAGES, { timeoutMs: 60_000, message: `${MESSAGES} messages consumed` });

    const counts = countByKey(firstRun);
    expect([...counts.keys()].sort()).toEqual(keys);
    expect([...counts.values()].every((count) => count === 1)).toBe(true);
  });

  it('makes the committed offsets visible through the admin API', async () => {
    const highWatermarks = new Map(
      (await admin.fetchTopicOffsets(topic)).map(({ partition, high }) => [partition, high]),
    );
    expect([...highWatermarks.values()].reduce((sum, high) => sum + Number(high), 0)).toBe(MESSAGES);

    // The last commit can still be in flight right after the last message was handled.
    const committed = await waitFor(
      async () => {
        const offsets = await committedOffsets(admin, groupId, topic);
        return [...highWatermarks].every(([partition, high]) => offsets.get(partition) === high) ? offsets : undefined;
      },
      { timeoutMs: 30_000, message: 'committed offsets reach the high watermarks' },
    );
    expect(committed.size).toBe(PARTITIONS);
  });

  it('resumes a restarted group member from the committed offsets without redelivery', async () => {
    const before = await committedOffsets(admin, groupId, topic);
    const [first] = consumers.splice(0);
    await first?.disconnect();

    // One new message per partition, so reaching all of them proves every partition resumed.
    const newKeys = Array.from({ length: PARTITIONS }, (_, partition) => `after-restart-${partition}`);
    await producer.send({
      topic,
      acks: -1,
      messages: newKeys.map((key, partition) => ({ key, partition, value: JSON.stringify({ key }) })),
    });

    const secondRun: Delivery[] = [];
    consumers.push(await startGroupConsumer(kafka, topic, groupId, secondRun));
    await waitFor(() => newKeys.every((key) => secondRun.some((delivery) => delivery.key === key)), {
      timeoutMs: 60_000,
      message: 'the restarted consumer reads the messages produced after the restart',
    });

    expect(secondRun.map((delivery) => delivery.key).sort()).toEqual(newKeys);
    for (const { partition, offset } of secondRun) expect(offset).toBe(before.get(partition));
  });
});
