import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { loadConfig, type LoadedConfig } from '../../../src/config/load-config.js';
import { ConfigError } from '../../../src/errors.js';
import { redactConfig } from '../../../src/http/redact-config.js';
import type { ReloadResult } from '../../../src/http/routes/config.js';
import { testConfig } from '../support/test-config.js';
import { type HttpFixture, httpFixture } from './http-fixture.js';

const TOKEN = 'reload-token-0123456789';

/** A running config as the service would hold it: the app config plus connection settings. */
function serviceConfig(): Record<string, unknown> {
  return {
    ...testConfig(),
    kafka: { brokers: ['127.0.0.1:9092'], clientId: 'weak-signal', sasl: { mechanism: 'scram-sha-256', username: 'ews', password: 'kafka-pass-1' }, ssl: true },
    redis: { url: 'redis://ews:redis-pass-2@127.0.0.1:6379/0', password: 'redis-pass-3', keyPrefix: 'ews:' },
    http: { port: 9464, reloadToken: TOKEN },
    tls: { privateKey: 'PEM-4', apiKey: 'key-5', clientSecret: 'secret-6' },
  };
}

let fixture: HttpFixture | undefined;
let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'ews-reload-'));
});
afterEach(async () => {
  await fixture?.app.close();
  fixture = undefined;
  rmSync(dir, { recursive: true, force: true });
});

describe('GET /config', () => {
  it('shows the running config with every secret redacted', async () => {
    fixture = httpFixture({ config: serviceConfig });
    const response = await fixture.app.inject({ method: 'GET', url: '/config' });
    expect(response.statusCode).toBe(200);
    for (const secret of ['kafka-pass-1', 'redis-pass-2', 'redis-pass-3', TOKEN, 'PEM-4', 'key-5', 'secret-6']) expect(response.body).not.toContain(secret);
    const body = response.json<Record<string, Record<string, unknown>>>();
    expect(body['kafka']).toEqual({ brokers: ['127.0.0.1:9092'], clientId: 'weak-signal', sasl: '[redacted]', ssl: true });
    expect(body['redis']).toEqual({ url: 'redis://ews:[redacted]@127.0.0.1:6379/0', password: '[redacted]', keyPrefix: 'ews:' });
    expect(body['http']).toEqual({ port: 9464, reloadToken: '[redacted]' });
    expect(body['tls']).toEqual({ privateKey: '[redacted]', apiKey: '[redacted]', clientSecret: '[redacted]' });
    expect(body['utcOffset']).toBe('+08:00');
    expect(body['alerting']).toEqual(JSON.parse(JSON.stringify(testConfig().alerting)));
  });

  it('keeps everything that is not a secret as it is', () => {
    const config = testConfig();
    expect(redactConfig(config)).toEqual(JSON.parse(JSON.stringify(config)));
    expect(redactConfig(['redis://:pw@host:6379', 'http://example.org/a:b@c', 3, null])).toEqual(['redis://:[redacted]@host:6379', 'http://example.org/a:b@c', 3, null]);
  });
});

describe('POST /admin/reload', () => {
  /** The service's reload: load and validate the file; on failure keep the running config. */
  function reloadable(path: string): { running: () => LoadedConfig; reload: () => Promise<ReloadResult> } {
    let running: LoadedConfig = { config: testConfig(), files: ['initial.yaml'] };
    return {
      running: () => running,
      reload: async () => {
        try {
          running = loadConfig(path);
          return { ok: true, files: running.files };
        } catch (error) {
          if (error instanceof ConfigError) return { ok: false, issues: error.issues };
          throw error;
        }
      },
    };
  }

  function withReload(path: string): { app: HttpFixture['app']; running: () => LoadedConfig } {
    const { running, reload } = reloadable(path);
    fixture = httpFixture({ config: () => running().config, reload, reloadToken: TOKEN });
    return { app: fixture.app, running };
  }

  it('does not exist without a reload token', async () => {
    fixture = httpFixture({ reload: async () => ({ ok: true, files: [] }) });
    const response = await fixture.app.inject({ method: 'POST', url: '/admin/reload', headers: { authorization: `Bearer ${TOKEN}` } });
    expect(response.statusCode).toBe(404);
    expect(response.json()).toMatchObject({ code: 'EWS_ERR_HTTP_ROUTE_NOT_FOUND' });
  });

  it('answers 401 without the right bearer token, and reloads nothing', async () => {
    let calls = 0;
    fixture = httpFixture({ reload: async () => ((calls += 1), { ok: true, files: [] }), reloadToken: TOKEN });
    for (const authorization of [undefined, 'Bearer wrong', TOKEN, `Basic ${TOKEN}`, 'Bearer ']) {
      const response = await fixture.app.inject({ method: 'POST', url: '/admin/reload', headers: authorization === undefined ? {} : { authorization } });
      expect(response.statusCode, String(authorization)).toBe(401);
      expect(response.json()).toEqual({ statusCode: 401, code: 'EWS_ERR_HTTP_UNAUTHORIZED', error: 'Unauthorized', message: 'missing or wrong bearer token' });
    }
    expect(calls).toBe(0);
  });

  it('refuses a bad config with 400 and its issue lines, keeping the running config', async () => {
    const path = join(dir, 'bad.yaml');
    writeFileSync(path, stringify({ ...testConfig(), alerting: { ...testConfig().alerting, minVotes: 0 } }));
    const { app, running } = withReload(path);
    const response = await app.inject({ method: 'POST', url: '/admin/reload', headers: { authorization: `Bearer ${TOKEN}` } });
    expect(response.statusCode).toBe(400);
    const body = response.json<{ code: string; message: string; issues: string[] }>();
    expect(body.code).toBe('EWS_ERR_HTTP_RELOAD_REJECTED');
    expect(body.message).toBe('configuration rejected; the running configuration is kept');
    expect(body.issues).toEqual([expect.stringMatching(/bad\.yaml: alerting\.minVotes: Too small: expected number to be >=1, got 0$/)]);
    expect(running().files).toEqual(['initial.yaml']);
    const shown = (await app.inject({ method: 'GET', url: '/config' })).json<{ alerting: { minVotes: number } }>();
    expect(shown.alerting.minVotes).toBe(1);
  });

  it('leaves the log line of the outcome to the reload (the service logs it once, for SIGHUP too)', async () => {
    for (const outcome of [{ ok: true, files: ['main.yaml'] }, { ok: false, issues: ['main.yaml: alerting: bad'] }] as const) {
      fixture = httpFixture({ reload: async () => outcome, reloadToken: TOKEN });
      const response = await fixture.app.inject({ method: 'POST', url: '/admin/reload', headers: { authorization: `Bearer ${TOKEN}` } });
      expect(response.statusCode).toBe(outcome.ok ? 200 : 400);
      expect(fixture.logs.filter((line) => /reload/.test(String(line.msg)))).toEqual([]);
      await fixture.app.close();
    }
  });

  it('treats a reload that throws a config error like one that reports it', async () => {
    fixture = httpFixture({
      reload: async () => {
        throw new ConfigError(['main.yaml: (top level): expected a mapping of settings']);
      },
      reloadToken: TOKEN,
    });
    const response = await fixture.app.inject({ method: 'POST', url: '/admin/reload', headers: { authorization: `Bearer ${TOKEN}` } });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ code: 'EWS_ERR_HTTP_RELOAD_REJECTED', issues: ['main.yaml: (top level): expected a mapping of settings'] });
  });

  it('reloads a good config and reports its files', async () => {
    const path = join(dir, 'good.yaml');
    writeFileSync(path, stringify({ ...testConfig(), alerting: { ...testConfig().alerting, minVotes: 2 } }));
    const { app, running } = withReload(path);
    const response = await app.inject({ method: 'POST', url: '/admin/reload', headers: { authorization: `Bearer ${TOKEN}` } });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ status: 'reloaded', files: running().files });
    expect(running().files[0]).toMatch(/good\.yaml$/);
    const shown = (await app.inject({ method: 'GET', url: '/config' })).json<{ alerting: { minVotes: number } }>();
    expect(shown.alerting.minVotes).toBe(2);
  });
});
