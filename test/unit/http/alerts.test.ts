import { describe, expect, it } from 'vitest';
import { BASELINE, feedDays } from '../metrics/wired-engine.js';
import { type HttpFixture, useHttpFixture } from './http-fixture.js';

const open = useHttpFixture();

describe('alerts', () => {
  async function withAlerts(f: HttpFixture, counts: readonly number[]): Promise<void> {
    feedDays(f.wired.engine, counts);
    f.wired.engine.finish();
    await f.alerts.send(f.wired.engine.takeAlertChanges());
  }

  it('lists the latest record of every open alert', async () => {
    const f = open();
    await withAlerts(f, [...BASELINE, 12, 30]);
    const response = await f.app.inject({ method: 'GET', url: '/alerts/active' });
    expect(response.statusCode).toBe(200);
    const body = response.json<{ count: number; alerts: { id: string; status: string; sequence: number; region: { code: string } }[]; withoutRecord: unknown[] }>();
    expect(body.count).toBe(3);
    expect(body.withoutRecord).toEqual([]);
    expect(body.alerts.map((a) => [a.region.code, a.status, a.sequence]).sort()).toEqual([
      ['440307', 'update', 2],
      ['440307006', 'update', 2],
      ['440307006001', 'update', 2],
    ]);
    expect(new Set(body.alerts.map((a) => a.id))).toEqual(new Set(f.wired.engine.openAlerts().map((a) => a.id)));
  });

  it('lists open alerts it has no record of (restored after a restart) with what the engine knows', async () => {
    const f = open();
    feedDays(f.wired.engine, [...BASELINE, 12]);
    f.wired.engine.finish();
    const response = await f.app.inject({ method: 'GET', url: '/alerts/active' });
    const body = response.json<{ count: number; alerts: unknown[]; withoutRecord: { seriesKey: string; openedAt: string; sequence: number }[] }>();
    expect(body.count).toBe(3);
    expect(body.alerts).toEqual([]);
    expect(body.withoutRecord.map((a) => [a.seriesKey, a.openedAt, a.sequence]).sort()).toEqual([
      ['hotline|440307006001|food_safety|day', '2026-03-09T00:00:00+08:00', 1],
      ['hotline|440307006|food_safety|day', '2026-03-09T00:00:00+08:00', 1],
      ['hotline|440307|food_safety|day', '2026-03-09T00:00:00+08:00', 1],
    ]);
  });

  it('lists recent records newest first, as many as asked', async () => {
    const f = open();
    await withAlerts(f, [...BASELINE, 12, 30, 5, 5, 5]);
    const all = (await f.app.inject({ method: 'GET', url: '/alerts/recent' })).json<{ count: number; alerts: { status: string }[] }>();
    expect(all.count).toBe(9);
    expect(all.alerts.slice(0, 3).map((a) => a.status)).toEqual(['resolved', 'resolved', 'resolved']);
    const two = (await f.app.inject({ method: 'GET', url: '/alerts/recent?limit=2' })).json<{ count: number }>();
    expect(two.count).toBe(2);
  });

  it('refuses a bad limit with a coded 400 naming the parameter', async () => {
    const { app } = open();
    for (const limit of ['0', 'abc', '101']) {
      const response = await app.inject({ method: 'GET', url: `/alerts/recent?limit=${limit}` });
      expect(response.statusCode).toBe(400);
      const body = response.json<{ code: string; issues: string[] }>();
      expect(body.code).toBe('EWS_ERR_HTTP_INVALID_REQUEST');
      expect(body.issues).toHaveLength(1);
      expect(body.issues[0]).toMatch(/^query\.limit: /);
    }
  });
});
