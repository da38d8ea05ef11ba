import { describe, expect, it } from 'vitest';
import { useHttpFixture } from './http-fixture.js';

const open = useHttpFixture();

describe('health', () => {
  it('answers /healthz while the process is up', async () => {
    const { app } = open({ readiness: () => ({ kafka: false, redis: false }) });
    const response = await app.inject({ method: 'GET', url: '/healthz' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ status: 'ok' });
  });

  it('is ready when every dependency is', async () => {
    const { app } = open({ readiness: async () => ({ kafka: true, redis: true }) });
    const response = await app.inject({ method: 'GET', url: '/readyz' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ status: 'ready', checks: { kafka: true, redis: true } });
  });

  it('answers 503 naming the dependency that is down', async () => {
    const { app } = open({ readiness: () => ({ kafka: true, redis: false }) });
    const response = await app.inject({ method: 'GET', url: '/readyz' });
    expect(response.statusCode).toBe(503);
    expect(response.json()).toEqual({
      statusCode: 503,
      code: 'EWS_ERR_HTTP_NOT_READY',
      error: 'Service Unavailable',
      message: 'not ready: redis down',
      checks: { kafka: true, redis: false },
      down: ['redis'],
    });
  });

  it('passes on why a dependency is down when the check says', async () => {
    const { app } = open({ readiness: () => ({ kafka: { ok: true, detail: 'group joined' }, redis: { ok: false, detail: 'connect ECONNREFUSED 127.0.0.1:6379' } }) });
    const response = await app.inject({ method: 'GET', url: '/readyz' });
    expect(response.statusCode).toBe(503);
    expect(response.json()).toMatchObject({
      message: 'not ready: redis down',
      down: ['redis'],
      checks: { kafka: { ok: true, detail: 'group joined' }, redis: { ok: false, detail: 'connect ECONNREFUSED 127.0.0.1:6379' } },
    });
  });

  it('is not ready when the readiness check itself fails', async () => {
    const { app } = open({
      readiness: () => {
        throw new Error('boom');
      },
    });
    const response = await app.inject({ method: 'GET', url: '/readyz' });
    expect(response.statusCode).toBe(503);
    expect(response.json()).toMatchObject({ code: 'EWS_ERR_HTTP_NOT_READY', down: ['readiness'] });
  });
});
