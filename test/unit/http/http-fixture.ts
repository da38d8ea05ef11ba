import type { FastifyInstance } from 'fastify';
import { afterEach } from 'vitest';
import { createLogger } from '../../../src/log/logger.js';
import { createHttpServer, type HttpServerOptions } from '../../../src/http/server.js';
import { RecentAlertsSink } from '../../../src/sinks/recent-alerts-sink.js';
import { type WiredEngine, wiredEngine } from '../metrics/wired-engine.js';
import { testConfig } from '../support/test-config.js';

export interface HttpFixture {
  readonly app: FastifyInstance;
  readonly wired: WiredEngine;
  readonly alerts: RecentAlertsSink;
  /** Log lines the server wrote, parsed. */
  readonly logs: Record<string, unknown>[];
}

/** A server over a real engine with the metric hooks wired; nothing listens (use `app.inject`). */
export function httpFixture(overrides: Partial<HttpServerOptions> = {}): HttpFixture {
  const wired = wiredEngine();
  const alerts = new RecentAlertsSink({ capacity: 100 });
  const logs: Record<string, unknown>[] = [];
  const logger = createLogger({ level: 'info', env: {}, destination: { write: (line) => void logs.push(JSON.parse(line) as Record<string, unknown>) } });
  const app = createHttpServer({
    logger,
    registry: wired.registry,
    readiness: () => ({ kafka: true, redis: true }),
    alerts,
    seriesLog: wired.seriesLog,
    engine: () => wired.engine,
    config: () => testConfig(),
    ...overrides,
  });
  return { app, wired, alerts, logs };
}

/**
 * For a test file's top level: returns `open`, which makes a fixture that is closed after the
 * test that opened it.
 */
export function useHttpFixture(): (overrides?: Partial<HttpServerOptions>) => HttpFixture {
  let fixture: HttpFixture | undefined;
  afterEach(async () => {
    await fixture?.app.close();
    fixture = undefined;
  });
  return (overrides = {}) => {
    fixture = httpFixture(overrides);
    return fixture;
  };
}
