import { describe, expect, it } from 'vitest';
import { Alert, type AlertChange } from '../../../src/domain/alert.js';
import { Engine } from '../../../src/pipeline/engine.js';
import { loadEngine, saveEngine } from '../../../src/state/engine-persistence.js';
import { MemoryStore } from '../../../src/state/memory-store.js';
import { LATE_CLOCK, at, complaint, dates, testConfig } from '../support/test-config.js';

// One street (布吉) with four communities in a row A - B - C - D, and a second street.
const [A, B, C, D] = ['440307006001', '440307006002', '440307006003', '440307006004'];
const STREET = '440307006';

function config() {
  return testConfig({
    regions: {
      root: {
        code: '440307',
        name: '龙岗区',
        level: 'district',
        children: [
          {
            code: STREET,
            name: '布吉街道',
            level: 'street',
            neighbours: ['440307009'],
            children: [
              { code: A, name: '甲社区', level: 'community', neighbours: [B] },
              { code: B, name: '乙社区', level: 'community', neighbours: [A, C] },
              { code: C, name: '丙社区', level: 'community', neighbours: [B, D] },
              { code: D, name: '丁社区', level: 'community', neighbours: [C] },
            ],
          },
          { code: '440307009', name: '吉华街道', level: 'street', neighbours: [STREET], children: [{ code: '440307009002', name: '水径社区', level: 'community' }] },
        ],
      },
    },
    categories: {
      hotline: [{ code: 'wage_arrears', name: '欠薪求助' }],
      dispute: [{ code: 'wage_arrears', name: '欠薪纠纷' }],
      cases: [{ code: 'influenza_like', name: '流感样病例' }],
    },
    spatial: { alerts: true, minHistoryWindows: 7, alpha: 0.01, dispersion: false },
    fusion: { alpha: 0.01, minStreams: 1, themes: [{ name: 'wage', members: [{ stream: 'hotline', category: 'wage_arrears' }, { stream: 'dispute', category: 'wage_arrears' }] }] },
  });
}

let disputeId = 0;
function dispute(date: string, regionCode: string): Record<string, unknown> {
  disputeId += 1;
  return { stream: 'dispute', id: `d-${disputeId}`, reportedAt: at(date, '10:00'), regionCode, type: 'wage_arrears', parties: 2, status: 'new' };
}

const DAYS = dates('2026-03-02', 11);
/** Days 0..9 alternate 2 and 6 in every community; on day 10 A, B and C have 10 (D keeps its 2). */
function countOn(day: number, community: string): number {
  if (day === 10 && community !== D) return 10;
  return day % 2 === 0 ? 2 : 6;
}

function feed(e: Engine, withDisputes: boolean): void {
  DAYS.forEach((date, day) => {
    for (const community of [A, B, C, D]) {
      for (let i = 0; i < countOn(day, community); i++) e.ingest(complaint({ receivedAt: at(date, '09:00'), regionCode: community, category: 'wage_arrears' }));
    }
    // Disputes only in A, with the same pattern: a second stream rising at the same place.
    if (withDisputes) for (let i = 0; i < countOn(day, A); i++) e.ingest(dispute(date, A));
  });
}

function run(withDisputes = true): AlertChange[] {
  const e = new Engine({ config: config(), now: LATE_CLOCK });
  feed(e, withDisputes);
  e.finish();
  return e.takeAlertChanges();
}

describe('spatial clusters and fusion in the engine', () => {
  it('opens a cluster alert for three small neighbouring rises while no series alert opens', () => {
    const changes = run(false);
    expect(changes.filter((c) => c.alert.kind === 'series')).toEqual([]);
    const clusters = changes.filter((c) => c.alert.kind === 'cluster');
    expect(clusters).toHaveLength(1);
    const alert = Alert.parse(clusters[0]!.alert);
    // EARS C1 expects the mean of days 3..9 (6,2,6,2,6,2,6) = 30/7 in each community; its bound
    // 30/7 + qnorm(0.999) * 2.138090 = 10.89 stays above 10, so no community alert opens.
    expect(alert).toMatchObject({ status: 'open', region: { code: STREET, level: 'street' }, seriesKey: `hotline|${STREET}|wage_arrears|day`, observed: 30 });
    expect(alert.expected).toBeCloseTo((3 * 30) / 7, 12);
    expect(alert.signals.map((s) => s.regionCode)).toEqual([A, B, C]);
    expect(alert.window.start).toBe('2026-03-12T00:00:00+08:00');
    expect(alert.votes).toEqual(['spatial_scan']);
    expect(alert.pValue).toBeLessThanOrEqual(0.01);
    expect(alert.explanation).toMatch(/^Cluster of 3 neighbouring community regions in 布吉街道 \(440307006\) rising together: 30 欠薪求助 \(hotline\)/);
  });

  it('opens one fused alert for community A listing every contributing signal', () => {
    const changes = run(true);
    expect(changes.filter((c) => c.alert.kind === 'series')).toEqual([]);
    const fused = changes.filter((c) => c.alert.kind === 'fused' && c.alert.region.code === A);
    expect(fused).toHaveLength(1);
    const alert = Alert.parse(fused[0]!.alert);
    expect(alert).toMatchObject({ kind: 'fused', category: 'wage', seriesKey: `fused|${A}|wage|day`, granularity: 'day', observed: 20 });
    const signals = alert.signals.map((s) => `${s.source} ${s.stream} ${s.regions.join('+')} ${s.observed}`).sort();
    expect(signals).toEqual([`cluster hotline ${A}+${B}+${C} 30`, `series dispute ${A} 10`, `series hotline ${A} 10`]);
    // EARS C1 alone says P[Z > (10 - 30/7) / 2.138090] = 0.003763; the Poisson guard
    // P[X >= 10 | 30/7] = 0.012639 (R: ppois(9, 30/7, lower.tail = FALSE)) is the larger.
    const series = alert.signals.filter((s) => s.source === 'series');
    for (const signal of series) expect(signal.pValue).toBeCloseTo(0.012639389567164146, 12);
    expect(alert.pValue).toBeLessThanOrEqual(0.01);
    expect(alert.explanation).toMatch(/甲社区 \(440307006001\) wage: 3 of 3 signals raised on 2026-03-12, fused p = .* Signals: /);
    expect(alert.explanation).toContain('dispute/wage_arrears 甲社区 10 vs 4.3 (ears_c1, p 0.013)');
  });

  it('lists open cluster and fused alerts with the open series alerts (HTTP /alerts/active, gauges)', () => {
    const e = new Engine({ config: config(), now: LATE_CLOCK });
    feed(e, true);
    e.finish();
    const opened = e.takeAlertChanges().filter((c) => c.kind === 'opened' && c.alert.kind !== 'series');
    expect(opened.length).toBeGreaterThanOrEqual(2);
    expect(new Set(e.openAlerts().map((a) => a.id))).toEqual(new Set(opened.map((c) => c.alert.id)));
  });

  it('gives the same cluster and fused alert ids on a replay', () => {
    const ids = (changes: AlertChange[]) => changes.map((c) => `${c.alert.kind} ${c.alert.id}`);
    expect(ids(run())).toEqual(ids(run()));
    expect(ids(run()).filter((id) => !id.startsWith('series')).length).toBeGreaterThanOrEqual(2);
  });

  it('gives no cluster and no fused signal without history', () => {
    const e = new Engine({ config: config(), now: LATE_CLOCK });
    for (const community of [A, B, C]) for (let i = 0; i < 30; i++) e.ingest(complaint({ receivedAt: at('2026-03-02'), regionCode: community, category: 'wage_arrears' }));
    e.finish();
    expect(e.takeAlertChanges()).toEqual([]);
  });

  it('keeps pending fusion days and open group alerts across a snapshot and restore', async () => {
    const whole = new Engine({ config: config(), now: LATE_CLOCK });
    feed(whole, true);
    // A complaint on day 11 closes hotline's day 10 but not dispute's: day 10 waits in fusion.
    whole.ingest(complaint({ receivedAt: at('2026-03-13', '12:00'), regionCode: D, category: 'wage_arrears' }));
    const before = whole.takeAlertChanges();
    expect(before.some((c) => c.alert.kind === 'fused')).toBe(false);
    const snapshot = whole.snapshot();
    expect(snapshot.crossSeries?.fusion.pending.map((p) => p.day)).toEqual([Date.parse('2026-03-12T00:00:00+08:00')]);

    const store = new MemoryStore();
    await saveEngine(whole, store);
    const copy = MemoryStore.restore(JSON.parse(JSON.stringify(store.snapshot())) as Record<string, string>);
    const restored = await loadEngine({ config: config(), now: LATE_CLOCK }, copy);
    expect(restored.snapshot().crossSeries).toEqual(snapshot.crossSeries);
    restored.finish();
    whole.finish();
    const after = restored.takeAlertChanges();
    expect(after).toEqual(whole.takeAlertChanges());
    expect(after.some((c) => c.alert.kind === 'fused')).toBe(true);
  });
});
