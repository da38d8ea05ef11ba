import { createServer } from 'node:net';
import type { Admin, Kafka, Producer } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppConfig } from '../../src/config/app-config.js';
import { createKafka, createProducer } from './support/kafka-helpers.js';
import {
  cleanUpServiceTest,
  committedAtEnd,
  createServiceTopics,
  defaultAppConfig,
  produceInOrder,
  serviceEnv,
  simulatedInput,
  uniqueServiceNames,
  type SimulatedInput,
} from './support/service-fixtures.js';
import { exitWithin, spawnService, type ServiceProcess } from './support/service-process.js';
import { kafkaBrokers, redisUrl } from './support/services.js';
import { waitFor } from './support/wait-for.js';

const brokers = await kafkaBrokers();
const redis = await redisUrl();

/** A free loopback port for the service's HTTP server. */
async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address !== null ? address.port : 0));
    });
  });
}

describe.skipIf(brokers === undefined || redis === undefined)('weak-signal serve over HTTP', { timeout: 120_000 }, () => {
  const names = uniqueServiceNames('http');
  let config: AppConfig;
  let input: SimulatedInput;
  let kafka: Kafka;
  let admin: Admin;
  let producer: Producer;
  let service: ServiceProcess | undefined;
  let base = '';

  beforeAll(async () => {
    if (brokers === undefined || redis === undefined) throw new Error('unreachable');
    config = defaultAppConfig();
    input = simulatedInput(config, { seed: 5, start: '2026-03-01', days: 10, scale: 0.02 });
    kafka = createKafka(brokers);
    admin = kafka.admin();
    await admin.connect();
    await createServiceTopics(admin, names);
    producer = createProducer(kafka);
    await producer.connect();
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    service = spawnService(serviceEnv(brokers, redis, names, { EWS_HTTP_PORT: String(port), EWS_HTTP_RELOAD_TOKEN: 'test-token' }));
  });

  afterAll(async () => {
    await cleanUpServiceTest({ processes: service === undefined ? [] : [service], producer, admin, names, redisUrl: redis });
  });

  it('is healthy at once and ready once Kafka and Redis are', async () => {
    await waitFor(async () => (await fetch(`${base}/healthz`).catch(() => undefined))?.status === 200, { timeoutMs: 60_000, message: `healthz\n${service?.output()}` });
    await waitFor(async () => (await fetch(`${base}/readyz`)).status === 200, { timeoutMs: 60_000, message: `readyz\n${service?.output()}` });
    expect(await (await fetch(`${base}/readyz`)).json()).toEqual({ status: 'ready', checks: { kafka: true, redis: true, pipeline: true } });
  });

  it('counts what it consumed in /metrics and shows the alerts and series it made', async () => {
    for (const stream of ['hotline', 'dispute', 'cases'] as const) {
      await produceInOrder(producer, names.topics[stream], input.byStream[stream].map((value) => ({ value })));
    }
    const inputTopics = [names.topics.hotline, names.topics.dispute, names.topics.cases];
    await waitFor(() => committedAtEnd(admin, names.groupId, inputTopics), { timeoutMs: 90_000, message: `offsets\n${service?.output()}` });
    const metrics = await (await fetch(`${base}/metrics`)).text();
    const accepted = /^ews_events_total\{stream="hotline",outcome="accepted"\} (\d+)$/m.exec(metrics);
    expect(Number(accepted?.[1])).toBe(input.byStream.hotline.length);
    expect(metrics).toMatch(/^ews_series_active \d+$/m);
    expect(metrics).toMatch(/^ews_consumer_lag\{topic="[^"]+",partition="0"\} 0$/m);

    const series = await fetch(`${base}/series/${encodeURIComponent('hotline|440307001|noise|day')}/windows`);
    expect(series.status).toBe(200);
    expect(((await series.json()) as { windows: unknown[] }).windows.length).toBeGreaterThan(0);
    expect((await fetch(`${base}/series/${encodeURIComponent('hotline|999|noise|day')}/windows`)).status).toBe(404);
    expect((await fetch(`${base}/alerts/recent`)).status).toBe(200);
  });

  it('reloads its config only with the token, shows it redacted, and stops cleanly on SIGTERM', async () => {
    expect((await fetch(`${base}/admin/reload`, { method: 'POST' })).status).toBe(401);
    const reloaded = await fetch(`${base}/admin/reload`, { method: 'POST', headers: { authorization: 'Bearer test-token' } });
    expect(reloaded.status).toBe(200);
    const shown = JSON.stringify(await (await fetch(`${base}/config`)).json());
    expect(shown).toContain('440307');
    expect(shown).not.toContain('test-token');
    service!.child.kill('SIGTERM');
    expect(await exitWithin(service!, 30_000)).toEqual({ code: 0, signal: null });
  });
});
