/**
 * Where the integration suite finds Kafka and Redis, in this order:
 *   1. KAFKA_BROKERS / REDIS_URL from the environment (CI: .ci/run starts both on loopback);
 *   2. containers started with testcontainers, when a Docker runtime is available;
 *   3. with CI set: an error, so the suite fails instead of silently skipping;
 *   4. otherwise undefined: the suite skips (describe.skipIf) after one line saying how to run it.
 * Call stopServiceContainers() in afterAll; it stops only containers this module started.
 */
import { createServer } from 'node:net';
import type { StartedTestContainer } from 'testcontainers';

const KAFKA_IMAGE = 'apache/kafka:4.1.2';
const REDIS_IMAGE = 'redis:7.4-alpine';

const HOW_TO = {
  kafka: 'set KAFKA_BROKERS=host:port (or have Docker for testcontainers); e.g. npm run kafka:start',
  redis: 'set REDIS_URL=redis://127.0.0.1:6379 (or have Docker for testcontainers); e.g. redis-server --port 6379',
} as const;
type ServiceName = keyof typeof HOW_TO;

const startedContainers: StartedTestContainer[] = [];
const reported = new Set<ServiceName>();
let kafkaBrokersPromise: Promise<string | undefined> | undefined;
let redisUrlPromise: Promise<string | undefined> | undefined;
let dockerAvailablePromise: Promise<boolean> | undefined;

/** Comma-separated loopback host:port list for kafkajs, or undefined when the suite should skip. */
export function kafkaBrokers(): Promise<string | undefined> {
  kafkaBrokersPromise ??= resolveService('kafka', 'KAFKA_BROKERS', startKafkaContainer, (value) =>
    value.split(',').map((broker) => hostOf(broker.trim())),
  );
  return kafkaBrokersPromise;
}

/** A redis:// URL on loopback, or undefined when the suite should skip. */
export function redisUrl(): Promise<string | undefined> {
  redisUrlPromise ??= resolveService('redis', 'REDIS_URL', startRedisContainer, (value) => [
    new URL(value).hostname.replace(/^\[|\]$/g, ''),
  ]);
  return redisUrlPromise;
}

export async function stopServiceContainers(): Promise<void> {
  const containers = startedContainers.splice(0);
  await Promise.all(containers.map((container) => container.stop()));
}

export function inCi(): boolean {
  const ci = process.env.CI?.trim().toLowerCase() ?? '';
  return ci !== '' && ci !== '0' && ci !== 'false';
}

async function resolveService(
  service: ServiceName,
  envName: string,
  startContainer: () => Promise<string>,
  hostsOf: (value: string) => string[],
): Promise<string | undefined> {
  const fromEnv = process.env[envName]?.trim();
  if (fromEnv) {
    const remote = hostsOf(fromEnv).filter((host) => !isLoopback(host));
    if (remote.length > 0) {
      throw new Error(`${envName}=${fromEnv}: integration tests only target loopback, not ${remote.join(', ')}`);
    }
    return fromEnv;
  }
  if (await dockerAvailable()) return startContainer();
  if (inCi()) {
    throw new Error(`CI is set but ${service} is unreachable: ${envName} is not set and no Docker runtime was found; ${HOW_TO[service]}`);
  }
  if (!reported.has(service)) {
    reported.add(service);
    console.warn(`${service} integration tests skipped: ${HOW_TO[service]}`);
  }
  return undefined;
}

function dockerAvailable(): Promise<boolean> {
  dockerAvailablePromise ??= (async () => {
    try {
      const { getContainerRuntimeClient } = await import('testcontainers');
      await getContainerRuntimeClient();
      return true;
    } catch {
      return false;
    }
  })();
  return dockerAvailablePromise;
}

function hostOf(hostPort: string): string {
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(hostPort);
  if (bracketed?.[1] !== undefined) return bracketed[1];
  const colon = hostPort.lastIndexOf(':');
  return colon === -1 ? hostPort : hostPort.slice(0, colon);
}

function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127(\.\d{1,3}){3}$/.test(host);
}

/** A free loopback port, so the broker can advertise the address clients will dial. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => {
        if (address !== null && typeof address === 'object') resolve(address.port);
        else reject(new Error('could not allocate a free port'));
      });
    });
  });
}

// Assumes a local Docker engine (mapped ports reachable on 127.0.0.1).
async function startKafkaContainer(): Promise<string> {
  const { GenericContainer, Wait } = await import('testcontainers');
  const port = await freePort();
  const container = await new GenericContainer(KAFKA_IMAGE)
    .withExposedPorts({ container: 9092, host: port })
    .withEnvironment({
      KAFKA_NODE_ID: '1',
      KAFKA_PROCESS_ROLES: 'broker,controller',
      KAFKA_LISTENERS: 'PLAINTEXT://:9092,BROKER://:9094,CONTROLLER://:9093',
      KAFKA_ADVERTISED_LISTENERS: `PLAINTEXT://127.0.0.1:${port},BROKER://localhost:9094`,
      KAFKA_INTER_BROKER_LISTENER_NAME: 'BROKER',
      KAFKA_CONTROLLER_LISTENER_NAMES: 'CONTROLLER',
      KAFKA_LISTENER_SECURITY_PROTOCOL_MAP: 'CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT,BROKER:PLAINTEXT',
      KAFKA_CONTROLLER_QUORUM_VOTERS: '1@localhost:9093',
      KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR: '1',
      KAFKA_OFFSETS_TOPIC_NUM_PARTITIONS: '1',
      KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR: '1',
      KAFKA_TRANSACTION_STATE_LOG_MIN_ISR: '1',
      KAFKA_SHARE_COORDINATOR_STATE_TOPIC_REPLICATION_FACTOR: '1',
      KAFKA_SHARE_COORDINATOR_STATE_TOPIC_MIN_ISR: '1',
      KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS: '0',
    })
    .withWaitStrategy(Wait.forLogMessage(/Kafka Server started/))
    .withStartupTimeout(120_000)
    .start();
  startedContainers.push(container);
  return `127.0.0.1:${port}`;
}

async function startRedisContainer(): Promise<string> {
  const { GenericContainer, Wait } = await import('testcontainers');
  const container = await new GenericContainer(REDIS_IMAGE)
    .withExposedPorts(6379)
    .withWaitStrategy(Wait.forLogMessage(/Ready to accept connections/))
    .start();
  startedContainers.push(container);
  return `redis://${container.getHost()}:${container.getMappedPort(6379)}`;
}
