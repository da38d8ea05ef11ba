import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { LoadedConfig } from '../../src/config/load-config.js';
import { Observability } from '../../src/service/observability.js';
import { startService } from '../../src/service/run-service.js';
import type { ServiceConfig } from '../../src/service/service-config.js';
import type { AlertSink } from '../../src/sinks/alert-sink.js';
import { RedisStore } from '../../src/state/redis-store.js';

export interface ServiceRun {
  /** First batch handed to the source to the flush (alerts acked, state saved, offsets committed) of the last record. */
  readonly ms: number;
  readonly alerts: number;
  readonly flushes: number;
  /** Time spent in the three flush steps, summed over the run. */
  readonly sendMs: number;
  readonly saveMs: number;
  readonly commitMs: number;
}

/**
 * Runs the service's composition root in process, as `weak-signal serve` builds it (metrics,
 * recent-alerts view and lag hooks of `Observability`, Kafka source, alerts and dead-letter
 * sinks, Redis state, offset commits; only the HTTP listener is left out) until every one of
 * `total` records is flushed, then stops it and deletes its Redis namespace.
 */
export async function runServiceToEnd(loaded: LoadedConfig, configPath: string, service: ServiceConfig, logger: Logger, total: number): Promise<ServiceRun> {
  const observability = new Observability({ appConfig: loaded.config, configPath, configFiles: loaded.files, service, logger });
  const options = observability.serviceOptions;
  let alerts = 0;
  const counter: AlertSink = {
    name: 'bench-counter',
    send: async (changes) => {
      alerts += changes.length;
    },
    close: async () => undefined,
  };
  let started: number | undefined;
  let flushed = 0;
  let flushes = 0;
  const steps = { sendMs: 0, saveMs: 0, commitMs: 0 };
  let finish!: (ms: number) => void;
  const done = new Promise<number>((resolve) => (finish = resolve));
  const running = await startService({
    ...options,
    appConfig: loaded.config,
    service,
    logger,
    extraSinks: [...(options.extraSinks ?? []), counter],
    sourceHooks: {
      ...options.sourceHooks,
      onBatch: (batch) => {
        started ??= performance.now();
        options.sourceHooks?.onBatch?.(batch);
      },
      onFlush: (report) => {
        flushes += 1;
        flushed += report.records + report.skipped;
        steps.sendMs += report.sendMs;
        steps.saveMs += report.saveMs;
        steps.commitMs += report.commitMs;
        if (flushed >= total) finish(performance.now() - (started ?? 0));
      },
    },
  });
  options.onStarted?.(running);
  try {
    const ms = await done;
    return { ms, alerts, flushes, ...steps };
  } finally {
    await running.stop('benchmark run done');
    await deleteNamespace(service.redis.url, service.redis.namespace);
  }
}

export async function deleteNamespace(url: string, namespace: string): Promise<void> {
  const store = new RedisStore(new Redis(url), namespace);
  await store.deleteMany(await store.keys(''));
  await store.close();
}
