import type { Consumer, Kafka, Producer } from 'kafkajs';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { createLogger } from '../log/logger.js';
import type { AppConfig } from '../config/app-config.js';
import { WeakSignalError } from '../errors.js';
import { Engine, type EngineOptions } from '../pipeline/engine.js';
import type { AlertSink } from '../sinks/alert-sink.js';
import { KafkaAlertSink } from '../sinks/kafka-alert-sink.js';
import { KafkaDeadLetterSink } from '../sinks/kafka-dead-letter-sink.js';
import { createSinkProducer } from '../sinks/kafka-producer.js';
import { KafkaSource, type KafkaSourceHooks, loadKafkaPositions } from '../sources/kafka-source.js';
import type { LoadedShard } from '../sources/source-shard.js';
import { loadEngine } from '../state/engine-persistence.js';
import { RedisStore } from '../state/redis-store.js';
import { type ShardLayout, ShardStore, shardKeyPrefix } from '../state/shard-store.js';
import { createConsumer, createKafka, createRedis } from './clients.js';
import { ServiceHealth } from './health.js';
import { inputLayout } from './input-partitions.js';
import { shardLocalConfig } from './shard-local-config.js';
import { type EngineView, shardsView } from './shards-view.js';
import { redactServiceConfig, type ServiceConfig } from './service-config.js';

export interface ServiceOptions {
  readonly appConfig: AppConfig;
  readonly service: ServiceConfig;
  /** Root logger; components log through children of it. Default: pino at `service.logLevel`. */
  readonly logger?: Logger;
  /** Extra engine options (metrics hooks, a fixed clock in tests). */
  readonly engineOptions?: Omit<EngineOptions, 'config'>;
  /** Alert sinks besides the alerts topic (recent-alerts view for HTTP, ...). */
  readonly extraSinks?: readonly AlertSink[];
  readonly sourceHooks?: KafkaSourceHooks;
  /** Aborting it stops the service, also while it is still starting. */
  readonly signal?: AbortSignal;
  /** Called each time a shard's engine is restored from the store, before its first record (e.g. metrics' countFromNow). */
  readonly onEngineRestored?: (engine: Engine) => void;
  /** Called with this instance's partitions on every group join (e.g. to drop lag gauges of lost partitions). */
  readonly onAssignment?: (assignment: Readonly<Record<string, readonly number[]>>) => void;
  /** Called once the service consumes (runService only), e.g. to serve readiness and reload. */
  readonly onStarted?: (running: RunningService) => void;
}

export interface RunningService {
  readonly health: ServiceHealth;
  /**
   * The engine of the lowest-numbered shard held (a reload or a rebalance may replace it: read
   * it each time); an empty engine while none is held. All of them: `source.engines`.
   */
  readonly engine: Engine;
  /** Every shard held, read as one engine (metrics, HTTP views). */
  readonly view: EngineView;
  /** The config a shard's engine runs for `config` (root-level series left out when sharded). */
  engineConfig(config: AppConfig): AppConfig;
  /** The consumer loop, e.g. for `replaceEngine` on a config reload. */
  readonly source: KafkaSource;
  readonly config: ServiceConfig;
  /** Resolves with the exit code once the service has stopped, whatever stopped it. */
  readonly done: Promise<number>;
  /** Graceful stop (idempotent): resolves with the exit code, 0 when everything was committed. */
  stop(reason?: string): Promise<number>;
}

/**
 * The composition root of the service: builds the kafkajs and ioredis clients, restores the
 * engine and its Kafka positions from Redis (waiting, with backoff, while Redis is down),
 * connects the sinks' producer and starts the consumer loop. Readiness is tracked in `health`.
 */
export async function startService(options: ServiceOptions): Promise<RunningService> {
  const { appConfig, service } = options;
  const root = options.logger ?? createLogger({ level: service.logLevel });
  const log = root.child({ component: 'service' });
  const health = new ServiceHealth();
  const aborted = new AbortController();
  log.info({ config: redactServiceConfig(service) }, 'starting');

  const kafka: Kafka = createKafka(service, root.child({ component: 'kafka' }));
  const redis: Redis = createRedis(service, root.child({ component: 'redis' }), health);
  const store = new RedisStore(redis, service.redis.namespace);
  let producer: Producer | undefined;
  let consumer: Consumer | undefined;
  let source: KafkaSource | undefined;
  let sinks: AlertSink[] = [];
  let deadLetters: KafkaDeadLetterSink | undefined;

  let resolveDone!: (code: number) => void;
  const done = new Promise<number>((resolve) => (resolveDone = resolve));
  let stopping: Promise<number> | undefined;

  const stop = (reason = 'stop requested', failure = false): Promise<number> => {
    stopping ??= (async () => {
      log.info({ reason }, 'shutting down');
      health.markDead(reason);
      aborted.abort();
      let code = failure ? 1 : 0;
      const step = async (what: string, run: () => Promise<unknown>) => {
        try {
          await run();
        } catch (error) {
          code = 1;
          log.error({ err: error }, `shutdown: ${what} failed`);
        }
      };
      // Stop consuming; the batch in progress is flushed (alerts acked, state saved) and committed.
      if (source !== undefined) await step('stopping the consumer loop', () => source!.stop());
      if (consumer !== undefined) await step('disconnecting the consumer', () => consumer!.disconnect());
      await step('closing the sinks', async () => {
        await Promise.all(sinks.map((sink) => sink.close()));
        await deadLetters?.close();
        await producer?.disconnect();
      });
      await step('closing redis', () => store.close());
      log.info({ exitCode: code }, 'stopped');
      resolveDone(code);
      return code;
    })();
    return stopping;
  };

  if (options.signal?.aborted === true) void stop('aborted before start');
  options.signal?.addEventListener('abort', () => void stop('aborted'), { once: true });

  try {
    const inputTopics = [service.kafka.topics.hotline, service.kafka.topics.dispute, service.kafka.topics.cases];
    const { layout, partitions } = await inputLayout(kafka, inputTopics, log);
    const engineConfig = (config: AppConfig): AppConfig => (layout === 'single' ? config : shardLocalConfig(config).config);
    if (layout === 'sharded') {
      log.info({ partitions, skipped: shardLocalConfig(appConfig).skipped }, 'input is sharded by partition number: these need every street and are not computed');
      if ((await store.keys('engine:meta')).length > 0) {
        log.warn({ namespace: service.redis.namespace }, 'state of a one-partition deployment found under the namespace: shards do not use it (repartitioning moved the streets); delete it or pick a new namespace');
      }
    }
    if (aborted.signal.aborted) throw new WeakSignalError('EWS_ERR_SERVICE_STOPPED', 'stopped while reading the input topics');
    const idle = new Engine({ ...options.engineOptions, config: engineConfig(appConfig) });
    const loadShard = (shard: number) =>
      restoreShard(store, layout, shard, { ...options.engineOptions, config: engineConfig(appConfig) }, root.child({ component: 'kafka-source', shard }));

    producer = createSinkProducer(kafka);
    await producer.connect();
    const alertSink = new KafkaAlertSink({ producer, topic: service.kafka.topics.alerts });
    sinks = [alertSink, ...(options.extraSinks ?? [])];
    deadLetters = new KafkaDeadLetterSink({ producer, topic: service.kafka.topics.deadLetter });

    consumer = createConsumer(kafka, service);
    watchConsumer(consumer, health, log, (error) => void stop(`consumer crashed: ${error.message}`, true), options.onAssignment);
    await consumer.connect();

    const sourceLog = root.child({ component: 'kafka-source' });
    const hooks = options.sourceHooks ?? {};
    source = new KafkaSource({
      consumer,
      topics: { hotline: service.kafka.topics.hotline, dispute: service.kafka.topics.dispute, cases: service.kafka.topics.cases },
      loadShard,
      sinks,
      deadLetters,
      logger: sourceLog,
      maxRecords: service.batch.maxRecords,
      fromBeginning: service.kafka.fromBeginning,
      hooks: {
        ...hooks,
        onFlush: (report) => {
          health.set('pipeline', true, 'last batch acknowledged and committed');
          hooks.onFlush?.(report);
        },
        onFlushError: (error) => {
          health.set('pipeline', false, `last batch failed, retrying: ${(error as Error).message}`);
          hooks.onFlushError?.(error);
        },
        onShardLoaded: (shard, engine) => {
          options.onEngineRestored?.(engine);
          hooks.onShardLoaded?.(shard, engine);
        },
      },
    });
    // Redis back after an outage may have lost data (a restart without persistence): write it all again.
    health.onChange((component, state) => {
      if (component === 'redis' && state.ok && source !== undefined) {
        log.info('redis is back: saving the whole engine state');
        void source.saveInFull();
      }
    });
    await source.start();
    log.info({ topics: service.kafka.topics, groupId: service.kafka.groupId, namespace: service.redis.namespace, layout }, 'consuming');
    const running = source;
    return {
      health,
      get engine() {
        return running.engine ?? idle;
      },
      view: shardsView(() => [...running.engines.values()], idle),
      engineConfig,
      source: running,
      config: service,
      done,
      stop: (reason) => stop(reason),
    };
  } catch (error) {
    if (aborted.signal.aborted) {
      log.info({ err: error }, 'start interrupted by the shutdown');
    } else {
      log.error({ err: error }, 'start failed');
    }
    await stop('start failed', true);
    throw error;
  }
}

/**
 * Claims shard `shard` (fencing any previous owner) and restores its engine and positions;
 * a failure (Redis down) fails the batch, which kafkajs retries with backoff.
 */
async function restoreShard(store: RedisStore, layout: ShardLayout, shard: number, engineOptions: EngineOptions, log: Logger): Promise<LoadedShard> {
  const started = performance.now();
  const shardStore = await ShardStore.claim(store, shardKeyPrefix(shard, layout));
  const engine = await loadEngine(engineOptions, shardStore);
  const positions = await loadKafkaPositions(shardStore);
  const received = Object.values(engine.stats).reduce((sum, s) => sum + s.received, 0);
  log.info({ series: engine.seriesCount, received, positions: positions.toJSON(), ms: Math.round(performance.now() - started) }, 'shard state restored');
  return { engine, positions, store: shardStore };
}

/** Keeps `health.kafka` from the consumer's events; calls `onFatal` when kafkajs gives up. */
function watchConsumer(
  consumer: Consumer,
  health: ServiceHealth,
  log: Logger,
  onFatal: (error: Error) => void,
  onAssignment: ServiceOptions['onAssignment'],
): void {
  const { GROUP_JOIN, CRASH, DISCONNECT, STOP, REBALANCING } = consumer.events;
  consumer.on(GROUP_JOIN, (event) => {
    const assigned = event.payload.memberAssignment;
    health.set('kafka', true, 'group joined');
    log.info({ memberId: event.payload.memberId, assignment: assigned }, 'joined the consumer group');
    onAssignment?.(assigned);
  });
  consumer.on(REBALANCING, () => health.set('kafka', false, 'rebalancing'));
  consumer.on(DISCONNECT, () => health.set('kafka', false, 'disconnected'));
  consumer.on(STOP, () => health.set('kafka', false, 'stopped'));
  consumer.on(CRASH, (event) => {
    const { error, restart } = event.payload;
    health.set('kafka', false, restart ? `restarting after: ${error.message}` : `crashed: ${error.message}`);
    if (restart) {
      log.warn({ err: error }, 'consumer failed, kafkajs restarts it');
    } else {
      log.fatal({ err: error }, 'consumer crashed with a non-retriable error');
      onFatal(error);
    }
  });
}

/**
 * Runs the service until SIGTERM or SIGINT (graceful: finish the batch, commit, flush, close;
 * exit code 0) or a fatal error (1). A second signal exits at once with 1, and so does a
 * shutdown that takes longer than `shutdownTimeoutMs`.
 */
export async function runService(options: ServiceOptions): Promise<number> {
  const logger = options.logger ?? createLogger({ level: options.service.logLevel });
  const log = logger.child({ component: 'service' });
  const abort = new AbortController();
  let signals = 0;
  let requested: string | undefined;
  const onSignal = (signal: NodeJS.Signals) => {
    signals += 1;
    if (signals > 1) {
      log.fatal({ signal }, 'second signal: exiting without finishing the shutdown');
      process.exit(1);
    }
    requested = signal;
    const deadline = setTimeout(() => {
      log.fatal({ timeoutMs: options.service.shutdownTimeoutMs }, 'graceful shutdown timed out');
      process.exit(1);
    }, options.service.shutdownTimeoutMs);
    deadline.unref();
    log.info({ signal }, 'signal received');
    abort.abort();
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
  try {
    let running: RunningService;
    try {
      running = await startService({ ...options, logger, signal: abort.signal });
      options.onStarted?.(running);
    } catch (error) {
      // A signal during start-up stops it: that is a clean exit, not a failure.
      if (requested !== undefined) return 0;
      throw error;
    }
    return await running.done;
  } finally {
    process.off('SIGTERM', onSignal);
    process.off('SIGINT', onSignal);
  }
}
