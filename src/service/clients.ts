import { readFileSync } from 'node:fs';
import type { ConnectionOptions } from 'node:tls';
import { Redis } from 'ioredis';
import { Kafka, logLevel as KafkaLogLevel } from 'kafkajs';
import type { Consumer, KafkaConfig, logCreator, SASLOptions } from 'kafkajs';
import type { Logger } from 'pino';
import { ConfigError } from '../errors.js';
import { coPartitionAssigner } from '../sources/co-partition-assigner.js';
import type { ServiceHealth } from './health.js';
import type { ServiceConfig, TlsSettings } from './service-config.js';

/** kafkajs log lines into pino, under the component logger given (namespace as a field). */
export function kafkaLogCreator(logger: Logger): logCreator {
  return () =>
    ({ namespace, level, log }) => {
      const { message, timestamp: _timestamp, logger: _name, ...fields } = log as { message: string; timestamp?: string; logger?: string };
      const entry = { kafkaNamespace: namespace, ...fields };
      if (level === KafkaLogLevel.ERROR) logger.error(entry, message);
      else if (level === KafkaLogLevel.WARN) logger.warn(entry, message);
      else if (level === KafkaLogLevel.INFO) logger.info(entry, message);
      else logger.debug(entry, message);
    };
}

/** The kafkajs level that lets through what the pino level would print. */
function kafkaLevelOf(level: ServiceConfig['logLevel']): KafkaLogLevel {
  switch (level) {
    case 'silent':
      return KafkaLogLevel.NOTHING;
    case 'fatal':
    case 'error':
      return KafkaLogLevel.ERROR;
    case 'warn':
      return KafkaLogLevel.WARN;
    case 'info':
      return KafkaLogLevel.INFO;
    default:
      return KafkaLogLevel.DEBUG;
  }
}

function tlsOptions(tls: TlsSettings, variable: string): ConnectionOptions | undefined {
  if (!tls.enabled) return undefined;
  const options: ConnectionOptions = { rejectUnauthorized: tls.rejectUnauthorized };
  if (tls.caFile !== undefined) {
    try {
      options.ca = readFileSync(tls.caFile, 'utf8');
    } catch (cause) {
      throw new ConfigError([`${variable}: cannot read ${tls.caFile}: ${(cause as NodeJS.ErrnoException).code ?? String(cause)}`], { cause });
    }
  }
  return options;
}

function saslOptions(config: ServiceConfig['kafka']): SASLOptions | undefined {
  const { sasl } = config;
  if (sasl === undefined) return undefined;
  return { mechanism: sasl.mechanism, username: sasl.username, password: sasl.password } as SASLOptions;
}

/** The kafkajs client of the service: brokers, SASL/TLS, timeouts, logs into pino. */
export function createKafka(config: ServiceConfig, logger: Logger): Kafka {
  const { kafka } = config;
  const kafkaConfig: KafkaConfig = {
    clientId: kafka.clientId,
    brokers: kafka.brokers,
    connectionTimeout: kafka.connectionTimeoutMs,
    requestTimeout: kafka.requestTimeoutMs,
    logLevel: kafkaLevelOf(config.logLevel),
    logCreator: kafkaLogCreator(logger),
    retry: { initialRetryTime: kafka.retry.initialRetryTimeMs, maxRetryTime: kafka.retry.maxRetryTimeMs, retries: kafka.retry.retries },
  };
  const ssl = tlsOptions(kafka.tls, 'KAFKA_TLS_CA_FILE');
  if (ssl !== undefined) kafkaConfig.ssl = ssl;
  const sasl = saslOptions(kafka);
  if (sasl !== undefined) kafkaConfig.sasl = sasl;
  return new Kafka(kafkaConfig);
}

/**
 * The consumer of the input topics. A failed batch is retried by kafkajs with capped
 * exponential backoff; when the retries run out the consumer restarts (rejoins the group and
 * resumes from the committed offsets), again and again while the error is retriable.
 * Partitions are assigned co-partitioned: partition p of every input topic to one member.
 */
export function createConsumer(kafka: Kafka, config: ServiceConfig): Consumer {
  const k = config.kafka;
  return kafka.consumer({
    groupId: k.groupId,
    sessionTimeout: k.sessionTimeoutMs,
    heartbeatInterval: k.heartbeatIntervalMs,
    maxBytesPerPartition: k.maxBytesPerPartition,
    maxWaitTimeInMs: k.fetchMaxWaitMs,
    allowAutoTopicCreation: false,
    partitionAssigners: [coPartitionAssigner],
    retry: {
      initialRetryTime: k.retry.initialRetryTimeMs,
      maxRetryTime: k.retry.maxRetryTimeMs,
      retries: k.retry.retries,
      restartOnFailure: async () => true,
    },
  });
}

/**
 * The ioredis client: reconnects forever with capped exponential backoff, fails commands
 * fast while disconnected (so a batch fails and is retried instead of hanging), and keeps
 * `health.redis` from its events: ok on `ready`, not ok on `close`/`end`/`error`.
 * Connects at once; commands sent before `ready` wait in the offline queue (or fail after
 * `maxRetriesPerRequest` reconnect attempts).
 */
export function createRedis(config: ServiceConfig, logger: Logger, health: ServiceHealth): Redis {
  const r = config.redis;
  const tls = tlsOptions({ ...r.tls, enabled: r.tls.enabled || r.url.startsWith('rediss://') }, 'REDIS_TLS_CA_FILE');
  const redis = new Redis(r.url, {
    connectTimeout: r.connectTimeoutMs,
    commandTimeout: r.commandTimeoutMs,
    maxRetriesPerRequest: r.maxRetriesPerRequest,
    enableReadyCheck: true,
    retryStrategy: (times) => Math.min(r.reconnect.initialDelayMs * 2 ** Math.min(times - 1, 20), r.reconnect.maxDelayMs),
    ...(r.password === undefined ? {} : { password: r.password }),
    ...(tls === undefined ? {} : { tls }),
  });
  let lastError = '';
  redis.on('ready', () => {
    lastError = '';
    health.set('redis', true, 'ready');
    logger.info('redis ready');
  });
  redis.on('error', (error: Error) => {
    health.set('redis', false, `error: ${error.message}`);
    // ioredis repeats the error on every reconnect attempt: log each distinct one once.
    if (error.message !== lastError) logger.warn({ err: error }, 'redis error');
    lastError = error.message;
  });
  redis.on('close', () => health.set('redis', false, 'connection closed'));
  redis.on('reconnecting', (delay: number) => logger.debug({ delayMs: delay }, 'redis reconnecting'));
  redis.on('end', () => health.set('redis', false, 'connection ended'));
  return redis;
}
