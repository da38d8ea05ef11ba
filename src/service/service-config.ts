import { z } from 'zod';

/**
 * Settings of the running service (transport, storage, HTTP, batching), kept apart from the
 * engine's AppConfig: AppConfig says *what* to detect and is the same for replay and Kafka;
 * this says *where* records come from and go to. Read from environment variables by
 * `serviceConfigFromEnv` (src/service/env.ts); every field but the brokers has a default.
 */

const Millis = z.number().int().positive();

const TopicName = z
  .string()
  .min(1)
  .max(249)
  .regex(/^[a-zA-Z0-9._-]+$/, 'expected a Kafka topic name (letters, digits, ".", "_" and "-")');

/** SASL for Kafka. `plain` only makes sense over TLS; the service does not enforce it. */
const KafkaSasl = z
  .object({
    mechanism: z.enum(['plain', 'scram-sha-256', 'scram-sha-512']).default('plain'),
    username: z.string().min(1),
    password: z.string().min(1),
  })
  .strict();
export type KafkaSasl = z.infer<typeof KafkaSasl>;

/** TLS for a client connection: off, on with the system CAs, or on with a CA file. */
const Tls = z
  .object({
    enabled: z.boolean().default(false),
    /** PEM file with the CA(s) to trust instead of the system ones. */
    caFile: z.string().min(1).optional(),
    /** false accepts any server certificate: for test brokers only. */
    rejectUnauthorized: z.boolean().default(true),
  })
  .strict();
export type TlsSettings = z.infer<typeof Tls>;

const KafkaTopics = z
  .object({
    hotline: TopicName.default('hotline.complaints'),
    dispute: TopicName.default('disputes.reports'),
    cases: TopicName.default('cases.counts'),
    alerts: TopicName.default('weak-signal.alerts'),
    deadLetter: TopicName.default('weak-signal.dead-letter'),
  })
  .strict()
  .superRefine((topics, ctx) => {
    const seen = new Map<string, string>();
    for (const [role, name] of Object.entries(topics)) {
      const first = seen.get(name);
      if (first !== undefined) ctx.addIssue({ code: 'custom', path: [role], message: `topic "${name}" is already the ${first} topic; every role needs its own` });
      else seen.set(name, role);
    }
  });

const KafkaSettings = z
  .object({
    /** host:port of the bootstrap brokers. */
    brokers: z.array(z.string().regex(/^(\[[0-9a-fA-F:]+\]|[^\s:[\]]+):\d{1,5}$/, 'expected host:port')).min(1),
    clientId: z.string().min(1).default('weak-signal'),
    /** Every instance of one deployment shares the group; Kafka spreads the partitions. */
    groupId: z.string().min(1).default('weak-signal'),
    topics: KafkaTopics.prefault({}),
    /** Where a new group starts on a topic without committed offsets. */
    fromBeginning: z.boolean().default(true),
    sasl: KafkaSasl.optional(),
    tls: Tls.prefault({}),
    connectionTimeoutMs: Millis.default(10_000),
    requestTimeoutMs: Millis.default(30_000),
    sessionTimeoutMs: Millis.default(30_000),
    heartbeatIntervalMs: Millis.default(3_000),
    /**
     * How long the broker may hold a fetch when there is nothing new. Also how long a stop
     * can wait for the fetch in flight (kafkajs' own default is 5 s).
     */
    fetchMaxWaitMs: Millis.default(500),
    /**
     * Upper bound of one fetch per partition: bounds a batch's memory. Large enough for
     * ~10k records, so a catch-up flushes (writes every series whose window closed) rarely.
     */
    maxBytesPerPartition: z.number().int().positive().default(4_194_304),
    /** kafkajs retry of a failed batch (sink or state store down): exponential, capped. */
    retry: z
      .object({
        initialRetryTimeMs: Millis.default(300),
        maxRetryTimeMs: Millis.default(30_000),
        retries: z.number().int().nonnegative().default(8),
      })
      .strict()
      .prefault({}),
  })
  .strict()
  .refine((k) => k.sessionTimeoutMs > k.heartbeatIntervalMs, { message: 'sessionTimeoutMs must exceed heartbeatIntervalMs', path: ['sessionTimeoutMs'] });

const RedisSettings = z
  .object({
    url: z
      .string()
      .regex(/^rediss?:\/\/[^\s]+$/, 'expected a redis:// or rediss:// URL')
      .default('redis://127.0.0.1:6379'),
    /** Overrides a password in the URL. */
    password: z.string().min(1).optional(),
    tls: Tls.prefault({}),
    /** Prefix of every key the service writes: one namespace per deployment. */
    namespace: z
      .string()
      .regex(/^[A-Za-z0-9_.:-]+$/, 'expected letters, digits, "_", ".", ":" and "-"')
      .default('weak-signal'),
    connectTimeoutMs: Millis.default(5_000),
    /** A command not answered in this time fails (the batch is retried), instead of hanging. */
    commandTimeoutMs: Millis.default(15_000),
    /** Reconnects a queued command waits through before it fails. */
    maxRetriesPerRequest: z.number().int().nonnegative().default(2),
    /** Reconnect backoff: initial delay doubling up to the cap, forever. */
    reconnect: z.object({ initialDelayMs: Millis.default(100), maxDelayMs: Millis.default(5_000) }).strict().prefault({}),
  })
  .strict();

const HttpSettings = z
  .object({
    host: z.string().min(1).default('0.0.0.0'),
    port: z.number().int().min(0).max(65_535).default(8080),
  })
  .strict();

const BatchSettings = z
  .object({
    /**
     * Records ingested between two flushes (alerts acknowledged, dead letters sent, state saved,
     * offsets committed); a fetched batch (at most `maxBytesPerPartition`) is flushed at its end
     * anyway. Smaller: less to redo after a crash; larger: fewer round-trips, and every series
     * whose window closed is written once per flush however many windows closed (see
     * bench:kafka in bench/RESULTS.md).
     */
    maxRecords: z.number().int().positive().default(20_000),
  })
  .strict();

export const ServiceConfig = z
  .object({
    kafka: KafkaSettings,
    redis: RedisSettings.prefault({}),
    http: HttpSettings.prefault({}),
    batch: BatchSettings.prefault({}),
    /** Graceful shutdown gives up (exit 1) after this long. */
    shutdownTimeoutMs: Millis.default(30_000),
    logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  })
  .strict();
export type ServiceConfig = z.infer<typeof ServiceConfig>;
export type ServiceConfigInput = z.input<typeof ServiceConfig>;

const REDACTED = '[redacted]';

/** The config as it may be shown (HTTP, logs): passwords replaced, URL credentials removed. */
export function redactServiceConfig(config: ServiceConfig): ServiceConfig {
  const copy = structuredClone(config);
  if (copy.kafka.sasl !== undefined) copy.kafka.sasl.password = REDACTED;
  if (copy.redis.password !== undefined) copy.redis.password = REDACTED;
  copy.redis.url = redactUrl(copy.redis.url);
  return copy;
}

function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password !== '') parsed.password = REDACTED;
    return parsed.toString();
  } catch {
    return REDACTED;
  }
}
