import { describe, expect, it } from 'vitest';
import { feedDays } from '../metrics/wired-engine.js';
import { useHttpFixture } from './http-fixture.js';

const open = useHttpFixture();

describe('/metrics', () => {
  it('serves the registry in the Prometheus text format', async () => {
    const { app, wired } = open();
    feedDays(wired.engine, [12]);
    const response = await app.inject({ method: 'GET', url: '/metrics' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/plain; version=0.0.4; charset=utf-8');
    expect(response.body.split('\n')).toContain('ews_events_total{stream="hotline",outcome="accepted"} 12');
  });
});

describe('errors', () => {
  it('answers an unknown route with a coded 404', async () => {
    const { app } = open();
    const response = await app.inject({ method: 'GET', url: '/nope' });
    expect(response.statusCode).toBe(404);
    expect(response.json()).toEqual({ statusCode: 404, code: 'EWS_ERR_HTTP_ROUTE_NOT_FOUND', error: 'Not Found', message: 'no route GET /nope' });
  });

  it('answers an unexpected failure with a coded 500 that says no more, and logs the cause', async () => {
    const { app, logs } = open({
      engine: () => {
        throw new Error('engine exploded');
      },
    });
    const response = await app.inject({ method: 'GET', url: '/alerts/active' });
    expect(response.statusCode).toBe(500);
    expect(response.json()).toEqual({ statusCode: 500, code: 'EWS_ERR_HTTP_INTERNAL', error: 'Internal Server Error', message: 'internal error' });
    expect(logs.some((l) => l['msg'] === 'request failed' && (l['err'] as { message?: string } | undefined)?.message === 'engine exploded')).toBe(true);
  });

  it('logs requests at debug only, keeping info for lifecycle events', async () => {
    const { app, logs } = open();
    await app.inject({ method: 'GET', url: '/healthz' });
    expect(logs).toEqual([]);
  });
});

describe('listening', () => {
  it('serves over loopback on an ephemeral port', async () => {
    const { app } = open();
    const address = await app.listen({ host: '127.0.0.1', port: 0 });
    const response = await fetch(`${address}/healthz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok' });
  });
});
