import { describe, expect, it } from 'vitest';
import { Engine } from '../../../src/pipeline/engine.js';
import { MemoryStore } from '../../../src/state/memory-store.js';
import { loadEngine, saveEngine, saveEngineChanges } from '../../../src/state/engine-persistence.js';
import type { AlertChange } from '../../../src/domain/alert.js';
import { Alert } from '../../../src/domain/alert.js';
import { LATE_CLOCK, at, caseCount, complaint, dates, testConfig } from '../support/test-config.js';

const COMMUNITY = '440307006001';
const STREET = '440307006';
const DISTRICT = '440307';

function engine(config = testConfig()): Engine {
  return new Engine({ config, now: LATE_CLOCK });
}

function historyOf(e: Engine, key: string): number[] {
  const series = [...e.allSeries()].find((s) => s.key === key);
  if (series === undefined) throw new Error(`no series ${key}`);
  return series.history;
}

/** Feeds `counts[i]` complaints on day i (09:00 local), starting 2026-03-02. */
function feedDays(e: Engine, counts: readonly number[], start = '2026-03-02'): void {
  dates(start, counts.length).forEach((date, day) => {
    for (let i = 0; i < counts[day]!; i++) e.ingest(complaint({ receivedAt: at(date, '09:00') }));
  });
}

describe('windowing', () => {
  it('counts an event at its community and at every ancestor', () => {
    const e = engine();
    e.ingest(complaint({ receivedAt: at('2026-03-02') }));
    e.ingest(complaint({ receivedAt: at('2026-03-02', '10:00') }));
    e.finish();
    for (const region of [COMMUNITY, STREET, DISTRICT]) expect(historyOf(e, `hotline|${region}|food_safety|day`)).toEqual([2]);
    expect(historyOf(e, 'hotline|440307009|food_safety|day')).toEqual([0]);
    expect(historyOf(e, 'hotline|440307006|noise|day')).toEqual([0]);
  });

  it('counts an event given at street level at the street and the district only', () => {
    const e = engine();
    e.ingest(complaint({ regionCode: STREET }));
    e.finish();
    expect(historyOf(e, `hotline|${STREET}|food_safety|day`)).toEqual([1]);
    expect(historyOf(e, `hotline|${DISTRICT}|food_safety|day`)).toEqual([1]);
    expect(historyOf(e, `hotline|${COMMUNITY}|food_safety|day`)).toEqual([0]);
  });

  it('fills days without events with zero windows', () => {
    const e = engine();
    e.ingest(complaint({ receivedAt: at('2026-03-02') }));
    e.ingest(complaint({ receivedAt: at('2026-03-05') }));
    e.finish();
    expect(historyOf(e, `hotline|${COMMUNITY}|food_safety|day`)).toEqual([1, 0, 0, 1]);
  });

  it('windows hours in local time and keeps hourly series at street level only', () => {
    const e = engine();
    e.ingest(complaint({ receivedAt: at('2026-03-02', '09:05') }));
    e.ingest(complaint({ receivedAt: '2026-03-02T01:59:00Z' })); // 09:59 local
    e.ingest(complaint({ receivedAt: at('2026-03-02', '11:30') }));
    e.finish();
    // The clock starts one allowed lateness (2 h) before the first event: 07:00, 08:00 are empty.
    expect(historyOf(e, `hotline|${STREET}|food_safety|hour`)).toEqual([0, 0, 2, 0, 1]);
    expect([...e.allSeries()].some((s) => s.key === `hotline|${COMMUNITY}|food_safety|hour`)).toBe(false);
  });

  it('accepts an event within the allowed lateness and rejects one beyond it as late', () => {
    const e = engine();
    e.ingest(complaint({ receivedAt: at('2026-03-02', '23:00') }));
    e.ingest(complaint({ receivedAt: at('2026-03-03', '01:30') })); // watermark 23:30: day 2 open
    // Hotline's finest window is the hour: 23:00-24:00 is still open at watermark 23:30.
    expect(e.ingest(complaint({ receivedAt: at('2026-03-02', '23:10') })).status).toBe('accepted');
    e.ingest(complaint({ receivedAt: at('2026-03-03', '02:30') })); // watermark 00:30: 23:00-24:00 closed
    const late = e.ingest(complaint({ receivedAt: at('2026-03-02', '23:59') }));
    expect(late).toMatchObject({ status: 'rejected', reason: 'late' });
    if (late.status === 'rejected') expect(late.details[0]).toMatch(/^receivedAt: 2026-03-02T23:59:00\+08:00 falls in a hour window closed/);
    e.finish();
    expect(historyOf(e, `hotline|${COMMUNITY}|food_safety|day`)).toEqual([2, 2]);
    expect(historyOf(e, `hotline|${STREET}|food_safety|hour`).slice(0, 3)).toEqual([0, 0, 2]); // 21:00, 22:00, 23:00
    expect(e.stats.hotline.rejected.late).toBe(1);
  });

  it('counts a duplicate record id once', () => {
    const e = engine();
    const record = complaint();
    expect(e.ingest(record).status).toBe('accepted');
    expect(e.ingest({ ...record })).toMatchObject({ status: 'rejected', reason: 'duplicate', details: [`id: "${String(record['id'])}" was already counted`] });
    e.finish();
    expect(historyOf(e, `hotline|${COMMUNITY}|food_safety|day`)).toEqual([1]);
    expect(e.stats.hotline).toMatchObject({ received: 2, accepted: 1 });
  });

  it('rejects timestamps far ahead of the wall clock', () => {
    const e = new Engine({ config: testConfig(), now: () => Date.parse('2026-03-02T12:00:00+08:00') });
    expect(e.ingest(complaint({ receivedAt: at('2026-03-02', '12:10') })).status).toBe('accepted');
    expect(e.ingest(complaint({ receivedAt: at('2099-01-01') }))).toMatchObject({ status: 'rejected', reason: 'future_timestamp' });
  });

  it('names the reason for bad records and keeps going', () => {
    const e = engine();
    expect(e.ingestText('{"stream":"hotline",')).toMatchObject({ status: 'rejected', reason: 'invalid_json', stream: 'unknown' });
    expect(e.ingest(complaint({ regionCode: '999' }))).toMatchObject({ reason: 'unknown_region', details: ['regionCode: "999" is not in the region tree'] });
    expect(e.ingest(complaint({ category: 'ufo' }))).toMatchObject({ reason: 'unknown_category' });
    expect(e.ingest(complaint({ channel: 'fax' }))).toMatchObject({ reason: 'schema_violation' });
    expect(e.ingest({ id: 'x' })).toMatchObject({ reason: 'unknown_stream', stream: 'unknown' });
    expect(e.ingest(caseCount('2026-03-02', -1))).toMatchObject({ reason: 'schema_violation', details: ['count: Too small: expected number to be >=0'] });
    expect(e.ingest(complaint()).status).toBe('accepted');
    expect(e.stats.hotline.received + e.stats.cases.received + e.stats.unknown.received).toBe(7);
  });
});

describe('records the engine cannot handle', () => {
  it('rejects a record the engine throws on as internal_error, counts it and goes on', () => {
    let failing = true;
    const e = new Engine({
      config: testConfig(),
      now: LATE_CLOCK,
      onWindowScored: () => {
        if (failing) throw new Error('detector blew up');
      },
    });
    expect(e.ingest(complaint({ receivedAt: at('2026-03-02') }))).toEqual({ status: 'accepted', stream: 'hotline' });
    // The next day closes 2026-03-02: scoring it throws.
    const outcome = e.ingest(complaint({ receivedAt: at('2026-03-03') }));
    expect(outcome).toMatchObject({ status: 'rejected', stream: 'hotline', reason: 'internal_error', details: ['(engine): detector blew up'] });
    expect((outcome as { cause?: Error }).cause?.message).toBe('detector blew up');
    failing = false;
    expect(e.ingest(complaint({ receivedAt: at('2026-03-04') }))).toEqual({ status: 'accepted', stream: 'hotline' });
    expect(e.stats.hotline).toMatchObject({ received: 3, accepted: 2 });
    expect(e.stats.hotline.rejected.internal_error).toBe(1);
  });

  it('rejects a message without a value as empty_value without decoding it', () => {
    const e = engine();
    expect(e.ingestEmpty('dispute')).toEqual({
      status: 'rejected',
      stream: 'dispute',
      reason: 'empty_value',
      details: ['(record): the message has no value (null)'],
    });
    expect(e.stats.dispute.received).toBe(1);
    expect(e.stats.dispute.rejected).toMatchObject({ empty_value: 1, invalid_json: 0 });
  });

  it('restores a snapshot taken before a reject reason existed with that reason at zero', () => {
    const e = engine();
    e.ingest(complaint());
    const snapshot = e.snapshot();
    const { internal_error: _dropped, ...older } = snapshot.stats.hotline.rejected;
    const restored = Engine.restore({ config: testConfig(), now: LATE_CLOCK }, { ...snapshot, stats: { ...snapshot.stats, hotline: { ...snapshot.stats.hotline, rejected: older as typeof snapshot.stats.hotline.rejected } } });
    expect(restored.stats.hotline).toMatchObject({ received: 1, accepted: 1 });
    expect(restored.stats.hotline.rejected.internal_error).toBe(0);
  });
});

describe('case-count revisions', () => {
  it('replaces an earlier count with a higher revision and re-scores the closed window', () => {
    const e = engine();
    e.ingest(caseCount('2026-03-02', 5, { id: 'a' }));
    e.ingest(caseCount('2026-03-03', 4, { id: 'b' })); // closes 03-02 (case lateness 0)
    expect(historyOf(e, `cases|${COMMUNITY}|influenza_like|day`)).toEqual([5]);
    expect(e.ingest(caseCount('2026-03-02', 9, { id: 'a2', revision: 1 })).status).toBe('revised');
    expect(historyOf(e, `cases|${COMMUNITY}|influenza_like|day`)).toEqual([9]);
    expect(historyOf(e, `cases|${DISTRICT}|influenza_like|day`)).toEqual([9]);
    expect(e.ingest(caseCount('2026-03-02', 1, { id: 'a3', revision: 1 }))).toMatchObject({ reason: 'stale_revision' });
    e.finish();
    expect(historyOf(e, `cases|${COMMUNITY}|influenza_like|day`)).toEqual([9, 4]);
    expect(e.stats.cases).toMatchObject({ received: 4, accepted: 2, revised: 1 });
  });

  it('re-scores a revised day and leaves detector state as if the revised count had come first', () => {
    // EARS C1 baseline 4,5,6,5,4,5,6 (upper 7.52): day 8 first reported as 5 (quiet), revised to 9.
    const days = dates('2026-03-02', 10);
    const counts = [4, 5, 6, 5, 4, 5, 6, 5, 5, 5];
    const revisedRun = engine();
    days.forEach((date, i) => revisedRun.ingest(caseCount(date, counts[i]!, { id: `r-${date}` })));
    expect(revisedRun.takeAlertChanges()).toEqual([]);
    expect(revisedRun.ingest(caseCount(days[7]!, 9, { id: 'r-fix', revision: 1 })).status).toBe('revised');
    const changes = revisedRun.takeAlertChanges().filter((c) => c.alert.region.code === COMMUNITY);
    expect(changes.map((c) => [c.kind, c.alert.window.start.slice(0, 10), c.alert.observed, c.alert.revised])).toEqual([['opened', days[7], 9, true]]);

    const straightRun = engine();
    days.forEach((date, i) => straightRun.ingest(caseCount(date, i === 7 ? 9 : counts[i]!, { id: `s-${date}` })));
    const series = (e: Engine) => [...e.allSeries()].find((s) => s.key === `cases|${COMMUNITY}|influenza_like|day`)!;
    expect(series(revisedRun).history).toEqual(series(straightRun).history);
    expect(series(revisedRun).detectorStates).toEqual(series(straightRun).detectorStates);
  });

  it('revises an open window in place', () => {
    const e = engine();
    e.ingest(caseCount('2026-03-02', 5, { id: 'a' }));
    expect(e.ingest(caseCount('2026-03-02', 2, { id: 'a1', revision: 1 })).status).toBe('revised');
    e.finish();
    expect(historyOf(e, `cases|${COMMUNITY}|influenza_like|day`)).toEqual([2]);
  });

  it('rejects a case count older than the revision horizon as late', () => {
    const e = engine(testConfig({ windowing: { revisionHorizonWindows: 3 } }));
    for (const date of dates('2026-03-02', 6)) e.ingest(caseCount(date, 1));
    expect(e.ingest(caseCount('2026-03-02', 7, { revision: 1 }))).toMatchObject({ reason: 'late' });
    expect(e.ingest(caseCount('2026-03-04', 7, { revision: 1 })).status).toBe('revised');
  });
});

describe('alerts', () => {
  // EARS C1 on the community: baseline 4,5,6,5,4,5,6 has mean 5 and sample sd sqrt(4/6) = 0.8165,
  // so the upper bound is 5 + qnorm(0.999) * 0.8165 = 5 + 3.0902 * 0.8165 = 7.5232.
  const BASELINE = [4, 5, 6, 5, 4, 5, 6];

  it('opens an alert when the count exceeds the EARS upper bound, with the numbers that explain it', () => {
    const e = engine();
    feedDays(e, [...BASELINE, 8]);
    e.finish();
    const opened = e.takeAlertChanges().filter((c) => c.alert.region.code === COMMUNITY);
    expect(opened).toHaveLength(1);
    const alert = Alert.parse(opened[0]!.alert);
    expect(alert).toMatchObject({ status: 'open', sequence: 1, observed: 8, votes: ['ears_c1'], historyWindows: 7, severity: 'blue', revised: false });
    expect(alert.expected).toBeCloseTo(5, 12);
    expect(alert.upper).toBeCloseTo(5 + 3.090232306167813 * Math.sqrt(4 / 6), 9);
    expect(alert.window).toEqual({ start: '2026-03-09T00:00:00+08:00', end: '2026-03-10T00:00:00+08:00' });
    expect(alert.explanation).toBe(
      '布吉社区 (440307006001) 食品安全 complaints: 8 in day 2026-03-09, expected 5 (upper bound 7.5); 1 of 1 detectors fired (ears_c1) on 7 windows of history.',
    );
  });

  it('does not alert at the bound itself', () => {
    const e = engine();
    feedDays(e, [...BASELINE, 7]);
    e.finish();
    expect(e.takeAlertChanges()).toEqual([]);
  });

  it('updates a continuing signal under the same id and resolves it after 2 quiet windows', () => {
    const e = engine();
    feedDays(e, [...BASELINE, 12, 30, 5, 5, 5]);
    e.finish();
    const changes = e.takeAlertChanges().filter((c) => c.alert.region.code === COMMUNITY);
    expect(changes.map((c) => [c.kind, c.alert.sequence, c.alert.window.start.slice(0, 10)])).toEqual([
      ['opened', 1, '2026-03-09'],
      ['updated', 2, '2026-03-10'],
      ['resolved', 3, '2026-03-12'],
    ]);
    expect(new Set(changes.map((c) => c.alert.id)).size).toBe(1);
    expect(changes[2]!.alert.explanation).toMatch(/resolved after 2 quiet windows, open since 2026-03-09/);
  });

  it('gives the same alert ids when the same input is processed again', () => {
    const run = (): AlertChange[] => {
      const e = engine();
      feedDays(e, [...BASELINE, 12, 30, 5, 5, 5]);
      e.finish();
      return e.takeAlertChanges();
    };
    expect(run().map((c) => c.alert)).toEqual(run().map((c) => c.alert));
  });

  it('does not alert below minObserved even when the detector fires', () => {
    const e = engine();
    feedDays(e, [0, 0, 1, 0, 0, 1, 0, 2]);
    e.finish();
    expect(e.takeAlertChanges()).toEqual([]);
  });
});

describe('snapshot and restore', () => {
  it('continues after a restore exactly as an uninterrupted run', async () => {
    const counts = [...[4, 5, 6, 5, 4, 5, 6], 12, 30, 5, 5, 5];
    const whole = engine();
    feedDays(whole, counts);
    whole.finish();
    const expected = whole.takeAlertChanges();

    const first = engine();
    feedDays(first, counts.slice(0, 8));
    const before = first.takeAlertChanges();
    const store = new MemoryStore();
    await saveEngine(first, store);
    const copy = MemoryStore.restore(JSON.parse(JSON.stringify(store.snapshot())) as Record<string, string>);
    const second = await loadEngine({ config: testConfig(), now: LATE_CLOCK }, copy);
    feedDays(second, counts.slice(8), '2026-03-10');
    second.finish();
    expect([...before, ...second.takeAlertChanges()]).toEqual(expected);
    expect(second.stats.hotline.accepted).toBe(counts.reduce((a, b) => a + b, 0));
  });

  it('saves only the series a batch changed, and a restore from incremental saves equals the full state', async () => {
    const e = engine();
    const store = new MemoryStore();
    feedDays(e, [4, 5]);
    await saveEngineChanges(e, store);
    e.ingest(complaint({ receivedAt: at('2026-03-03', '09:30'), regionCode: '440307009002', category: 'noise' })); // closes no window
    const changed = e.snapshotChanges().series.map((s) => s.key).sort();
    // One event at a community: its day series up to the district, and the street's hour series.
    expect(changed).toEqual(
      ['hotline|440307|noise|day', 'hotline|440307009|noise|day', 'hotline|440307009|noise|hour', 'hotline|440307009002|noise|day'].sort(),
    );
    feedDays(e, [6, 7], '2026-03-04');
    await saveEngineChanges(e, store);
    const restored = await loadEngine({ config: testConfig(), now: LATE_CLOCK }, store);
    expect(restored.snapshot().series).toEqual(e.snapshot().series);
  });

  it('restores an engine saved before its first event and then runs as a fresh one', async () => {
    const counts = [...[4, 5, 6, 5, 4, 5, 6], 12, 30, 5];
    const fresh = engine();
    feedDays(fresh, counts);
    fresh.finish();
    const store = new MemoryStore();
    await saveEngine(engine(), store);
    const restored = await loadEngine({ config: testConfig(), now: LATE_CLOCK }, store);
    expect(restored.seriesCount).toBe(0);
    expect(restored.newestEventTime('hotline')).toBeNull();
    expect(restored.openAlerts()).toEqual([]);
    feedDays(restored, counts);
    restored.finish();
    expect(restored.takeAlertChanges()).toEqual(fresh.takeAlertChanges());
    // The record ids differ (the helper numbers them), so not the dedup buckets.
    const { dedup: _freshIds, ...freshState } = fresh.snapshot();
    const { dedup: _restoredIds, ...restoredState } = restored.snapshot();
    expect(restoredState).toEqual(freshState);
  });

  it('revises a closed case count after a restore as it would without one', async () => {
    const days = dates('2026-03-02', 10);
    const counts = [4, 5, 6, 5, 4, 5, 6, 5, 5, 5];
    const straight = engine();
    days.forEach((date, i) => straight.ingest(caseCount(date, counts[i]!, { id: `r-${date}` })));
    const store = new MemoryStore();
    await saveEngine(straight, store);
    const restored = await loadEngine({ config: testConfig(), now: LATE_CLOCK }, store);
    for (const e of [straight, restored]) {
      expect(e.ingest(caseCount(days[7]!, 9, { id: 'r-fix', revision: 1 })).status).toBe('revised');
      expect(e.ingest(caseCount(days[7]!, 3, { id: 'r-old', revision: 1 }))).toMatchObject({ reason: 'stale_revision' });
    }
    const revisedWindows = (e: Engine) =>
      e.takeAlertChanges().filter((c) => c.alert.revised).map((c) => [c.kind, c.alert.region.code, c.alert.window.start.slice(0, 10), c.alert.observed]);
    expect(revisedWindows(restored)).toEqual(revisedWindows(straight));
    expect(historyOf(restored, `cases|${COMMUNITY}|influenza_like|day`)).toEqual([4, 5, 6, 5, 4, 5, 6, 9, 5]);
    expect(restored.snapshot().series).toEqual(straight.snapshot().series);
  });

  it('still counts a redelivered record once after a restore', async () => {
    const e = engine();
    const record = complaint();
    e.ingest(record);
    const store = new MemoryStore();
    await saveEngine(e, store);
    const restored = await loadEngine({ config: testConfig(), now: LATE_CLOCK }, store);
    expect(restored.ingest(record)).toMatchObject({ reason: 'duplicate' });
  });
});
