import { describe, expect, it } from 'vitest';
import { Engine } from '../../../src/pipeline/engine.js';
import { loadEngine, saveEngine, saveEngineChanges } from '../../../src/state/engine-persistence.js';
import { MemoryStore } from '../../../src/state/memory-store.js';
import { LATE_CLOCK, at, caseCount, complaint, dates, testConfig } from '../support/test-config.js';

/** A memory store that remembers what each `setMany` wrote and deleted. */
class RecordingStore extends MemoryStore {
  readonly writes: { keys: string[]; deletes: string[] }[] = [];

  override async setMany(entries: Iterable<readonly [string, unknown]>, deletes: readonly string[] = []): Promise<void> {
    const list = [...entries];
    this.writes.push({ keys: list.map(([key]) => key), deletes: [...deletes] });
    await super.setMany(list, deletes);
  }

  last(): { keys: string[]; deletes: string[] } {
    return this.writes[this.writes.length - 1]!;
  }
}

const engine = () => new Engine({ config: testConfig(), now: LATE_CLOCK });
/** Epoch ms of local `hh:mm` on `date` (+08:00). */
const ms = (date: string, hhmm: string) => Date.parse(at(date, hhmm));
const bucketKeys = (keys: readonly string[]) => keys.filter((k) => k.startsWith('engine:dedup:') || k.startsWith('engine:revisions:'));

describe('saving the engine per bucket', () => {
  it('writes only the record-id buckets a batch touched and deletes those the engine forgot', async () => {
    const e = engine();
    const store = new RecordingStore();
    e.ingest(complaint({ receivedAt: at('2026-03-02', '09:00') }));
    await saveEngineChanges(e, store);
    expect(bucketKeys(store.last().keys)).toEqual([`engine:dedup:hotline:${ms('2026-03-02', '09:00')}`]);

    e.ingest(complaint({ id: 'second', receivedAt: at('2026-03-02', '09:30') }));
    e.ingest(complaint({ id: 'third', receivedAt: at('2026-03-02', '10:10') }));
    await saveEngineChanges(e, store);
    expect(bucketKeys(store.last().keys)).toEqual([`engine:dedup:hotline:${ms('2026-03-02', '09:00')}`, `engine:dedup:hotline:${ms('2026-03-02', '10:00')}`]);
    expect(store.last().deletes).toEqual([]);
    expect((await store.get(`engine:dedup:hotline:${ms('2026-03-02', '09:00')}`)) as string[]).toHaveLength(2);

    // 12:30 moves the watermark (2 h lateness) to 10:30: the hour of 09:00 closes and its ids go.
    e.ingest(complaint({ receivedAt: at('2026-03-02', '12:30') }));
    await saveEngineChanges(e, store);
    expect(bucketKeys(store.last().keys)).toEqual([`engine:dedup:hotline:${ms('2026-03-02', '12:00')}`]);
    expect(store.last().deletes).toEqual([`engine:dedup:hotline:${ms('2026-03-02', '09:00')}`]);
    expect(await store.keys('engine:dedup:')).toEqual([`engine:dedup:hotline:${ms('2026-03-02', '10:00')}`, `engine:dedup:hotline:${ms('2026-03-02', '12:00')}`]);

    // Nothing new: only the meta is written.
    await saveEngineChanges(e, store);
    expect(store.last()).toEqual({ keys: ['engine:meta'], deletes: [] });
  });

  it('writes a revised case-count period to its own bucket key with the latest revision', async () => {
    const e = engine();
    const store = new RecordingStore();
    e.ingest(caseCount('2026-03-02', 5, { id: 'k-a' }));
    e.ingest(caseCount('2026-03-03', 7, { id: 'k-b' }));
    await saveEngineChanges(e, store);
    const day2 = Date.parse('2026-03-02T00:00:00+08:00');
    const day3 = Date.parse('2026-03-03T00:00:00+08:00');
    expect(bucketKeys(store.last().keys).sort()).toEqual(
      [`engine:dedup:cases:${day2}`, `engine:dedup:cases:${day3}`, `engine:revisions:${day2}`, `engine:revisions:${day3}`].sort(),
    );
    e.ingest(caseCount('2026-03-02', 9, { id: 'k-a2', revision: 1 }));
    await saveEngineChanges(e, store);
    expect(bucketKeys(store.last().keys).sort()).toEqual([`engine:dedup:cases:${day2}`, `engine:revisions:${day2}`]);
    expect(await store.get(`engine:revisions:${day2}`)).toEqual([
      [`440307006001|influenza_like|${day2}|${day3}`, { revision: 1, count: 9, bucket: day2 }],
    ]);
    expect(await store.get(`engine:dedup:cases:${day2}`)).toEqual(['k-a', 'k-a2']);
  });

  it('restores from many incremental saves exactly as the running engine, and both go on alike', async () => {
    const e = engine();
    const store = new MemoryStore();
    const days = dates('2026-03-02', 40);
    const counts = days.map((_, i) => (i === 30 ? 25 : 3 + (i % 4)));
    for (const [i, date] of days.entries()) {
      for (let n = 0; n < counts[i]!; n++) e.ingest(complaint({ receivedAt: at(date, `${String(8 + n).padStart(2, '0')}:15`) }));
      e.ingest(caseCount(date, 10 + (i % 3)));
      if (i > 0 && i % 5 === 0) e.ingest(caseCount(days[i - 1]!, 40, { revision: 1 })); // a revision of yesterday
      await saveEngineChanges(e, store);
    }
    const restored = await loadEngine({ config: testConfig(), now: LATE_CLOCK }, store);
    expect(restored.snapshot()).toEqual(e.snapshot());
    expect(e.takeAlertChanges().length).toBeGreaterThan(0); // the day with 25 complaints; only what follows is compared
    // After the full snapshot both go on from the same state: same outcomes and alerts.
    const more = dates('2026-04-11', 6).flatMap((date, i) => [complaint({ receivedAt: at(date) }), caseCount(date, i === 2 ? 60 : 11)]);
    expect(more.map((r) => restored.ingest(r))).toEqual(more.map((r) => e.ingest(r)));
    restored.finish();
    e.finish();
    expect(restored.takeAlertChanges()).toEqual(e.takeAlertChanges());
  });

  it('keeps only buckets the engine still holds (14 days of case counts, a few hours of complaints)', async () => {
    const e = engine();
    const store = new MemoryStore();
    for (const date of dates('2026-03-02', 30)) {
      e.ingest(complaint({ receivedAt: at(date, '09:00') }));
      e.ingest(caseCount(date, 4));
      await saveEngineChanges(e, store);
    }
    // Case counts: the revision horizon (14 closed days) plus the open day; complaints: the last hour.
    expect((await store.keys('engine:dedup:cases:')).length).toBe(15);
    expect((await store.keys('engine:revisions:')).length).toBe(15);
    expect(await store.keys('engine:dedup:hotline:')).toEqual([`engine:dedup:hotline:${ms('2026-03-31', '09:00')}`]);
  });

  it('loads state saved with dedup and revisions inside the meta, and moves it to bucket keys on the next save', async () => {
    const e = engine();
    e.ingest(complaint({ id: 'old-layout' }));
    e.ingest(caseCount('2026-03-02', 5));
    const { series, ...meta } = e.snapshot();
    const store = new RecordingStore();
    await store.setMany([['engine:meta', meta], ...series.map((s) => [`engine:series:${s.key}`, s] as const)]);
    const restored = await loadEngine({ config: testConfig(), now: LATE_CLOCK }, store);
    expect(restored.ingest(complaint({ id: 'old-layout' }))).toMatchObject({ reason: 'duplicate' });
    await saveEngineChanges(restored, store);
    expect(bucketKeys(store.last().keys).sort()).toEqual(
      [`engine:dedup:cases:${Date.parse('2026-03-02T00:00:00+08:00')}`, `engine:dedup:hotline:${ms('2026-03-02', '09:00')}`, `engine:revisions:${Date.parse('2026-03-02T00:00:00+08:00')}`].sort(),
    );
    expect(Object.keys((await store.get('engine:meta')) as object).sort()).toEqual(['clocks', 'crossSeries', 'maxEventTime', 'openAlerts', 'stats', 'version']);
    expect((await loadEngine({ config: testConfig(), now: LATE_CLOCK }, store)).snapshot()).toEqual(restored.snapshot());
  });

  it('a full save deletes bucket keys the engine does not hold', async () => {
    const store = new MemoryStore();
    await store.setMany([['engine:dedup:hotline:1000', ['stale']], ['engine:revisions:1000', []]]);
    const e = engine();
    e.ingest(complaint({ receivedAt: at('2026-03-02', '09:00') }));
    await saveEngine(e, store);
    expect(await store.keys('engine:dedup:')).toEqual([`engine:dedup:hotline:${ms('2026-03-02', '09:00')}`]);
    expect(await store.keys('engine:revisions:')).toEqual([]);
  });
});
