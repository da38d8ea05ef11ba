import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { AppConfig } from '../config/app-config.js';
import { loadConfig } from '../config/load-config.js';
import { ConfigError } from '../errors.js';
import { createHttpServer } from '../http/server.js';
import { componentLogger } from '../log/logger.js';
import { ConsumerLagGauge } from '../metrics/consumer-lag.js';
import { createEngineMetrics } from '../metrics/engine-metrics.js';
import { createMetricsRegistry } from '../metrics/registry.js';
import { SeriesWindowLog } from '../metrics/series-window-log.js';
import { TrackedSeries } from '../metrics/tracked-series.js';
import { Engine } from '../pipeline/engine.js';
import type { ScoredWindow } from '../pipeline/scored-window.js';
import { RecentAlertsSink } from '../sinks/recent-alerts-sink.js';
import type { RunningService, ServiceOptions } from './run-service.js';
import { redactServiceConfig, type ServiceConfig } from './service-config.js';

export interface ObservabilityOptions {
  readonly appConfig: AppConfig;
  /** The config file, re-read on reload (SIGHUP or POST /admin/reload). */
  readonly configPath: string;
  readonly configFiles: readonly string[];
  readonly service: ServiceConfig;
  readonly logger: Logger;
  /** Enables POST /admin/reload with this bearer token. */
  readonly reloadToken?: string;
}

/**
 * Metrics, the HTTP API and config reload around a running service: the hooks and sinks the
 * service needs (`serviceOptions`), an HTTP server on `service.http`, and `reload()`. A bad
 * config on reload is rejected with its issue lines and the running one is kept.
 */
export class Observability {
  readonly serviceOptions: Pick<ServiceOptions, 'engineOptions' | 'extraSinks' | 'sourceHooks' | 'onEngineRestored' | 'onAssignment' | 'onStarted'>;
  private running: RunningService | undefined;
  /** The engine restored from state, before the service is running; an empty one before that. */
  private restored: Engine;
  private appConfig: AppConfig;
  private configFiles: readonly string[];
  private readonly http: FastifyInstance;
  private readonly log: Logger;

  constructor(private readonly options: ObservabilityOptions) {
    this.appConfig = options.appConfig;
    this.configFiles = options.configFiles;
    this.log = componentLogger(options.logger, 'observability');
    const registry = createMetricsRegistry();
    const tracked = new TrackedSeries();
    this.restored = new Engine({ config: options.appConfig });
    // Read on every scrape and request: the source's shards once running (a reload or a rebalance replaces them).
    const engine = () => this.running?.view ?? this.restored;
    const metrics = createEngineMetrics({ registry, engine, trackedSeries: tracked, newestEventTime: (stream) => engine().newestEventTime(stream) });
    const seriesLog = new SeriesWindowLog({ tracked, settings: () => engine().settings });
    const recent = new RecentAlertsSink();
    const lag = new ConsumerLagGauge(registry);
    const onWindowScored = (scored: ScoredWindow) => {
      if (this.running === undefined) return; // restore replays nothing; windows close only while consuming
      metrics.onWindowScored(scored);
      seriesLog.onWindowScored(scored);
    };
    this.serviceOptions = {
      engineOptions: { onWindowScored, detectorTimer: metrics.detectorTimer },
      extraSinks: [metrics.alertSink, recent],
      sourceHooks: {
        onBatch: (batch) => lag.set(batch.topic, batch.partition, Math.max(0, Number(batch.highWatermark) - Number(batch.lastOffset) - 1)),
        // The tallies of a dropped shard leave the sum: count from the new sum on (not as a reset).
        onShardDropped: () => metrics.countFromNow(),
      },
      onEngineRestored: (restored) => {
        this.restored = restored;
        metrics.countFromNow();
      },
      onAssignment: () => lag.clear(),
      onStarted: (running) => {
        this.running = running;
      },
    };
    const reload = () => this.reload();
    this.http = createHttpServer({
      logger: componentLogger(options.logger, 'http'),
      registry,
      readiness: () => (this.running === undefined ? { service: { ok: false, detail: 'starting' } } : this.running.health.checks()),
      alerts: recent,
      seriesLog,
      engine,
      config: () => ({ app: this.appConfig, files: this.configFiles, service: redactServiceConfig(options.service) }),
      reload,
      ...(options.reloadToken === undefined ? {} : { reloadToken: options.reloadToken }),
    });
  }

  async listen(): Promise<void> {
    const { host, port } = this.options.service.http;
    await this.http.listen({ host, port });
    this.log.info({ host, port }, 'http listening');
  }

  async close(): Promise<void> {
    await this.http.close();
  }

  /** Re-reads the config; on success the engine is rebuilt from its state under the new config. */
  async reload(): Promise<{ ok: true; files: readonly string[] } | { ok: false; issues: readonly string[] }> {
    let loaded;
    try {
      loaded = loadConfig(this.options.configPath);
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      this.log.warn({ issues: error.issues }, 'config reload rejected, keeping the running config');
      return { ok: false, issues: error.issues };
    }
    const running = this.running;
    if (running !== undefined) {
      const engineOptions = this.serviceOptions.engineOptions ?? {};
      await running.source.replaceEngine((current) => Engine.restore({ ...engineOptions, config: running.engineConfig(loaded.config) }, current.snapshot()));
    }
    this.appConfig = loaded.config;
    this.configFiles = loaded.files;
    this.log.info({ files: loaded.files }, 'config reloaded');
    return { ok: true, files: loaded.files };
  }
}
