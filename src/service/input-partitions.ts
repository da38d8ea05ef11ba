import type { Kafka } from 'kafkajs';
import type { Logger } from 'pino';
import type { ShardLayout } from '../state/shard-store.js';

/**
 * The partition count of each input topic, read once at start. One partition everywhere keeps
 * the single-shard layout (state right under the namespace, as before shards); more is
 * sharded. Counts that differ are logged as an error (the input is then not co-partitioned:
 * a street's streams may land in different shards); the layout is then sharded.
 */
export async function inputLayout(kafka: Kafka, topics: readonly string[], log: Logger): Promise<{ layout: ShardLayout; partitions: Record<string, number> }> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const { topics: metadata } = await admin.fetchTopicMetadata({ topics: [...topics] });
    const partitions = Object.fromEntries(metadata.map((t) => [t.name, t.partitions.length]));
    const counts = new Set(Object.values(partitions));
    if (counts.size > 1) log.error({ partitions }, 'input topics are not co-partitioned: each needs the same partition count, keyed by street code');
    return { layout: counts.size === 1 && counts.has(1) ? 'single' : 'sharded', partitions };
  } finally {
    await admin.disconnect();
  }
}
