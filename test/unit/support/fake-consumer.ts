import type { Consumer, EachBatchPayload, KafkaMessage } from 'kafkajs';

type GroupJoinListener = (event: { payload: { memberAssignment: Record<string, number[]> } }) => void;

/**
 * Just enough of a kafkajs consumer to hand the source batches of any partition from any
 * offset, announce group joins, and record its commits.
 */
export function fakeConsumer() {
  let eachBatch: ((payload: EachBatchPayload) => Promise<void>) | undefined;
  let onJoin: GroupJoinListener | undefined;
  const commits: unknown[] = [];
  const consumer = {
    subscribe: async () => undefined,
    run: async (config: { eachBatch: (payload: EachBatchPayload) => Promise<void> }) => {
      eachBatch = config.eachBatch;
    },
    stop: async () => undefined,
    events: { GROUP_JOIN: 'consumer.group_join' },
    on: (_event: string, listener: GroupJoinListener) => {
      onJoin = listener;
    },
  } as unknown as Consumer;
  /** One batch of `values` (null: a message without value) at offsets `from`, `from + 1`, ... */
  const deliver = (topic: string, partition: number, values: (string | null)[], from = 0) => {
    const messages = values.map(
      (value, i) => ({ offset: String(from + i), key: null, value: value === null ? null : Buffer.from(value), headers: {}, timestamp: '0', attributes: 0, size: 0 }) as KafkaMessage,
    );
    const last = String(from + values.length - 1);
    const payload = {
      batch: { topic, partition, highWatermark: String(from + values.length), messages, firstOffset: () => String(from), lastOffset: () => last },
      isRunning: () => true,
      isStale: () => false,
      heartbeat: async () => undefined,
      resolveOffset: () => undefined,
      commitOffsetsIfNecessary: async (offsets: unknown) => {
        commits.push(offsets);
      },
    } as unknown as EachBatchPayload;
    return eachBatch!(payload);
  };
  /** A group join assigning `partitions` of each topic; resolves once the source acted on it. */
  const join = async (topics: readonly string[], partitions: number[]) => {
    onJoin!({ payload: { memberAssignment: Object.fromEntries(topics.map((topic) => [topic, partitions])) } });
    await new Promise((resolve) => setTimeout(resolve, 0));
  };
  return { consumer, deliver, join, commits };
}
