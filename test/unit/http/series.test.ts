import { afterEach, describe, expect, it } from 'vitest';
import { BASELINE, feedDays } from '../metrics/wired-engine.js';
import { type HttpFixture, httpFixture } from './http-fixture.js';

let fixture: HttpFixture | undefined;
afterEach(async () => {
  await fixture?.app.close();
  fixture = undefined;
});

interface Body {
  seriesKey: string;
  region: { code: string; name: string; level: string };
  tracked: boolean;
  windows: { start: string; end: string; count: number; expected: number | null; upper: number | null; score: number | null; votes: string[] }[];
}

async function windows(key: string, query = ''): Promise<{ status: number; body: Body & { code?: string; issues?: string[] } }> {
  fixture ??= httpFixture();
  const response = await fixture.app.inject({ method: 'GET', url: `/series/${encodeURIComponent(key)}/windows${query}` });
  return { status: response.statusCode, body: response.json() };
}

function fed(counts: readonly number[]): HttpFixture {
  fixture = httpFixture();
  feedDays(fixture.wired.engine, counts);
  fixture.wired.engine.finish();
  return fixture;
}

describe('/series/:key/windows', () => {
  it('shows a tracked series with counts, expected values, bounds and votes', async () => {
    fed([...BASELINE, 12]);
    const { status, body } = await windows('hotline|440307006|food_safety|day');
    expect(status).toBe(200);
    expect(body).toMatchObject({ seriesKey: 'hotline|440307006|food_safety|day', tracked: true, region: { code: '440307006', name: '布吉街道', level: 'street' } });
    expect(body.windows.map((w) => w.count)).toEqual([...BASELINE, 12]);
    expect(body.windows[0]).toEqual({ start: '2026-03-02T00:00:00+08:00', end: '2026-03-03T00:00:00+08:00', count: 4, expected: null, upper: null, score: 0, votes: [] });
    const last = body.windows[7]!;
    expect(last).toMatchObject({ start: '2026-03-09T00:00:00+08:00', count: 12, votes: ['ears_c1'] });
    expect(last.expected).toBeCloseTo(5, 12);
    expect(last.upper).toBeCloseTo(5 + 3.090232306167813 * Math.sqrt(4 / 6), 9);
  });

  it('shows an untracked series with counts from the engine history only', async () => {
    fed([3, 4, 5]);
    const { status, body } = await windows('hotline|440307006001|food_safety|day');
    expect(status).toBe(200);
    expect(body.tracked).toBe(false);
    expect(body.windows.map((w) => [w.start.slice(0, 10), w.count, w.expected, w.upper, w.score])).toEqual([
      ['2026-03-02', 3, null, null, null],
      ['2026-03-03', 4, null, null, null],
      ['2026-03-04', 5, null, null, null],
    ]);
  });

  it('returns the newest `limit` windows, oldest first', async () => {
    fed([1, 2, 3, 4]);
    const { body } = await windows('hotline|440307006|food_safety|day', '?limit=2');
    expect(body.windows.map((w) => w.count)).toEqual([3, 4]);
  });

  it('accepts the key with unencoded bars', async () => {
    fixture = fed([1]);
    const response = await fixture.app.inject({ method: 'GET', url: '/series/hotline|440307006|food_safety|day/windows' });
    expect(response.statusCode).toBe(200);
  });

  it('answers a coded 404 for a series the engine does not have', async () => {
    fed([1]);
    for (const key of ['hotline|999|food_safety|day', 'hotline|440307006|ufo|day', 'dispute|440307006|wage_arrears|day', 'hotline|440307006001|food_safety|hour']) {
      const { status, body } = await windows(key);
      expect(status).toBe(404);
      expect(body).toMatchObject({ statusCode: 404, code: 'EWS_ERR_HTTP_SERIES_NOT_FOUND', error: 'Not Found' });
      expect(body).toHaveProperty('message', expect.stringContaining(`no series "${key}"`));
    }
  });

  it('takes keys longer than fastify’s default parameter limit', async () => {
    fed([1]);
    const key = `hotline|${'1'.repeat(32)}|${'long_category_'.repeat(8)}|day`;
    expect(encodeURIComponent(key).length).toBeGreaterThan(100);
    const { status, body } = await windows(key);
    expect(status).toBe(404);
    expect(body.code).toBe('EWS_ERR_HTTP_SERIES_NOT_FOUND');
  });

  it('refuses a malformed key with a coded 400', async () => {
    fed([1]);
    const cases: [string, RegExp][] = [
      ['hotline|440307006', /^params\.key: a series key "stream\|region\|category\|granularity"$/],
      ['fax|440307006|food_safety|day', /^params\.key\.0: Invalid option: expected one of "hotline"\|"dispute"\|"cases"$/],
      ['hotline|440307006|food_safety|month', /^params\.key\.3: /],
      ['hotline||food_safety|day', /^params\.key\.1: region code: /],
    ];
    for (const [key, issue] of cases) {
      const { status, body } = await windows(key);
      expect(status, key).toBe(400);
      expect(body.code).toBe('EWS_ERR_HTTP_INVALID_REQUEST');
      expect(body.issues?.[0]).toMatch(issue);
    }
  });
});
