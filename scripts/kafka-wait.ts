/**
 * Waits until a Kafka broker serves clients: an admin call creates a probe topic and waits for
 * its leader, then a group-coordinator call (which creates __consumer_offsets) succeeds.
 * Used by scripts/kafka-local.sh; exits 0 when ready, 1 on timeout or when --pid dies.
 *   tsx scripts/kafka-wait.ts --brokers 127.0.0.1:9092 [--timeout 120] [--pid 1234]
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { Kafka, logLevel } from 'kafkajs';

const PROBE_TOPIC = '__weak_signal_ready_probe';
const PROBE_GROUP = '__weak_signal_ready_probe';

const { values } = parseArgs({
  options: {
    brokers: { type: 'string', default: '127.0.0.1:9092' },
    timeout: { type: 'string', default: '120' },
    pid: { type: 'string' },
  },
});

/** A zombie (a broker that exited but was not reaped yet) counts as dead. */
function processAlive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return !stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z');
  } catch {
    return false;
  }
}

async function probeOnce(kafka: Kafka): Promise<void> {
  const admin = kafka.admin();
  try {
    await admin.connect();
    await admin.createTopics({
      topics: [{ topic: PROBE_TOPIC, numPartitions: 1, replicationFactor: 1 }],
      waitForLeaders: true,
      timeout: 10_000,
    });
    await admin.fetchTopicMetadata({ topics: [PROBE_TOPIC] });
    await admin.fetchOffsets({ groupId: PROBE_GROUP, topics: [PROBE_TOPIC] });
  } finally {
    await admin.disconnect();
  }
}

async function main(): Promise<number> {
  const brokers = values.brokers.split(',');
  const timeoutMs = Number(values.timeout) * 1000;
  const pid = values.pid === undefined ? undefined : Number(values.pid);
  const kafka = new Kafka({
    clientId: 'weak-signal-ready-probe',
    brokers,
    logLevel: logLevel.NOTHING,
    connectionTimeout: 2_000,
    requestTimeout: 10_000,
    retry: { retries: 0 },
  });
  const started = Date.now();
  let lastError: unknown;
  while (Date.now() - started < timeoutMs) {
    if (pid !== undefined && !processAlive(pid)) {
      console.error(`kafka-wait: broker process ${pid} exited before becoming ready`);
      return 1;
    }
    try {
      await probeOnce(kafka);
      console.error(`kafka-wait: ${brokers.join(',')} ready after ${((Date.now() - started) / 1000).toFixed(1)}s`);
      return 0;
    } catch (err) {
      lastError = err;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }
  const reason = lastError instanceof Error ? `${lastError.name}: ${lastError.message}` : String(lastError);
  console.error(`kafka-wait: ${brokers.join(',')} not ready after ${values.timeout}s (last error: ${reason})`);
  return 1;
}

process.exitCode = await main();
