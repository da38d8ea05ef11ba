import { type FastifyBaseLogger, type FastifyInstance, type FastifyReply, type FastifyRequest, fastify, LogController } from 'fastify';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import type { Engine } from '../pipeline/engine.js';
import type { SeriesWindowLog } from '../metrics/series-window-log.js';
import type { RecentAlertsSink } from '../sinks/recent-alerts-sink.js';
import { HttpError, InternalError, RouteNotFoundError } from './http-errors.js';
import { registerAlertsRoutes } from './routes/alerts.js';
import { type ReloadResult, registerConfigRoutes } from './routes/config.js';
import { type ReadinessCheck, registerHealthRoutes } from './routes/health.js';
import { registerMetricsRoute } from './routes/metrics.js';
import { registerSeriesRoutes } from './routes/series.js';

export type HttpEngine = Pick<Engine, 'openAlerts' | 'allSeries' | 'settings'>;

export interface HttpServerOptions {
  /** The component logger for HTTP (`componentLogger(root, 'http')`). */
  readonly logger: Logger;
  readonly registry: Registry;
  /** Named dependency checks for `/readyz`, e.g. `() => ({ kafka: consumer.ready, redis: store.ready })`. */
  readonly readiness: ReadinessCheck;
  readonly alerts: RecentAlertsSink;
  readonly seriesLog: SeriesWindowLog;
  /** The running engine: a getter, since a reload may replace it. */
  readonly engine: () => HttpEngine;
  /** The running config, shown with secrets redacted. */
  readonly config: () => unknown;
  readonly reload?: () => Promise<ReloadResult>;
  /** Enables `POST /admin/reload` with `Authorization: Bearer <token>`. */
  readonly reloadToken?: string;
}

/**
 * Per-request lines go to debug: Prometheus scrapes and probes every few seconds, and `info`
 * is for lifecycle events. Failed requests still log at error.
 */
class QuietLogController extends LogController {
  override incomingRequest(request: FastifyRequest): void {
    request.log.debug({ method: request.method, url: request.url }, 'request received');
  }

  override requestCompleted(error: Error | null | undefined, request: FastifyRequest, reply: FastifyReply): void {
    if (error) reply.log.error({ err: error, statusCode: reply.statusCode }, 'request errored');
    else reply.log.debug({ statusCode: reply.statusCode, ms: reply.elapsedTime }, 'request completed');
  }
}

/**
 * The read-only HTTP API plus the admin reload. Built, not started: the caller listens
 * (`await app.listen({ host, port })`) and closes it on shutdown. Constructs no clients.
 */
export function createHttpServer(options: HttpServerOptions): FastifyInstance {
  // Typed as fastify's base logger: with pino's own Logger type every route helper would need
  // fastify's full generic signature.
  const loggerInstance: FastifyBaseLogger = options.logger;
  // Series keys travel as one path parameter: allow more than fastify's default 100 characters.
  const app = fastify({ loggerInstance, logController: new QuietLogController(), routerOptions: { maxParamLength: 500 } });

  app.setErrorHandler((error, request, reply) => {
    if (error instanceof HttpError) return reply.code(error.statusCode).send(error.toBody());
    const status = typeof error === 'object' && error !== null && 'statusCode' in error ? Number(error.statusCode) : 500;
    if (status >= 400 && status < 500) {
      // fastify's own client errors (bad JSON body, unsupported content type) keep their FST_ERR code.
      const { code, message } = error as { code?: string; message?: string };
      return reply.code(status).send(new HttpError(code ?? 'EWS_ERR_HTTP_INVALID_REQUEST', message ?? 'bad request', status).toBody());
    }
    request.log.error({ err: error }, 'request failed');
    return reply.code(500).send(new InternalError(error).toBody());
  });
  app.setNotFoundHandler((request, reply) => reply.code(404).send(new RouteNotFoundError(request.method, request.url).toBody()));

  registerHealthRoutes(app, options.readiness);
  registerMetricsRoute(app, options.registry);
  registerAlertsRoutes(app, options.alerts, options.engine);
  registerSeriesRoutes(app, options.seriesLog, options.engine);
  registerConfigRoutes(app, { config: options.config, reload: options.reload, reloadToken: options.reloadToken });
  return app;
}
