import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import type { AppConfig } from '../../../src/config/app-config.js';
import { ShardFencedError } from '../../../src/errors.js';
import { Engine } from '../../../src/pipeline/engine.js';
import { shardLocalConfig } from '../../../src/service/shard-local-config.js';
import { MemoryAlertSink } from '../../../src/sinks/memory-alert-sink.js';
import type { DeadLetterSink } from '../../../src/sources/dead-letter.js';
import { KafkaSource, loadKafkaPositions } from '../../../src/sources/kafka-source.js';
import { loadEngine, saveEngine } from '../../../src/state/engine-persistence.js';
import { MemoryStore } from '../../../src/state/memory-store.js';
import { ShardStore } from '../../../src/state/shard-store.js';
import { fakeConsumer } from '../support/fake-consumer.js';
import { LATE_CLOCK, at, complaint, testConfig } from '../support/test-config.js';

const TOPICS = { hotline: 'in.hotline', dispute: 'in.dispute', cases: 'in.cases' };
const BUJI = '440307006001'; // a community of street 440307006, keyed to partition 0
const JIHUA = '440307009002'; // a community of street 440307009, keyed to partition 1
const noLetters: DeadLetterSink = { name: 'none', send: async () => undefined, close: async () => undefined };

/** Shards as the service loads them: claimed in a shared store under p<p>:, engine and positions restored. */
function shardLoader(backend: MemoryStore, config: AppConfig) {
  const loads: number[] = [];
  const loadShard = async (shard: number) => {
    loads.push(shard);
    const store = await ShardStore.claim(backend, `p${shard}:`, `token-${loads.length}`);
    return { engine: await loadEngine({ config, now: LATE_CLOCK }, store), positions: await loadKafkaPositions(store), store };
  };
  return { loads, loadShard };
}

const complaintAt = (region: string, date: string, hhmm = '09:00') => JSON.stringify(complaint({ regionCode: region, receivedAt: at(date, hhmm) }));

/** A started source over the fake consumer, loading shards of `testConfig` as the service does. */
async function startedSource() {
  const backend = new MemoryStore();
  const { config } = shardLocalConfig(testConfig());
  const { loads, loadShard } = shardLoader(backend, config);
  const fake = fakeConsumer();
  const source = new KafkaSource({ consumer: fake.consumer, topics: TOPICS, loadShard, sinks: [new MemoryAlertSink()], deadLetters: noLetters, logger: pino({ level: 'silent' }) });
  await source.start();
  return { ...fake, backend, config, loads, source };
}

describe('KafkaSource with several partitions (shards)', () => {
  it('feeds each partition number its own engine with its own watermark, saves it under its prefix and commits its offsets', async () => {
    const { backend, loads, source, deliver, commits } = await startedSource();
    await deliver('in.hotline', 0, [complaintAt(BUJI, '2026-03-02'), complaintAt(BUJI, '2026-03-03')]);
    // Shard 0's watermark passed 03-02; shard 1's did not: the same day is not late there.
    await deliver('in.hotline', 1, [complaintAt(JIHUA, '2026-03-02', '10:00')]);
    expect(loads).toEqual([0, 1]);
    const engines = source.engines;
    expect(engines.get(0)!.stats.hotline).toMatchObject({ received: 2, accepted: 2 });
    expect(engines.get(1)!.stats.hotline).toMatchObject({ received: 1, accepted: 1 });
    expect(engines.get(1)!.stats.hotline.rejected.late ?? 0).toBe(0);
    // No district-level series in a shard: it sees only its streets.
    const regions = (shard: number) => new Set(engines.get(shard)!.snapshot().series.map((s) => String(s.key).split('|')[1]));
    expect(regions(0)).toContain('440307006');
    expect(regions(0)).not.toContain('440307');
    expect(regions(1)).not.toContain('440307');
    expect(source.engine).toBe(engines.get(0));
    expect(await backend.get('p0:kafka:positions')).toEqual({ 'in.hotline': { 0: '2' } });
    expect(await backend.get('p1:kafka:positions')).toEqual({ 'in.hotline': { 1: '1' } });
    expect(commits).toEqual([
      { topics: [{ topic: 'in.hotline', partitions: [{ partition: 0, offset: '2' }] }] },
      { topics: [{ topic: 'in.hotline', partitions: [{ partition: 1, offset: '1' }] }] },
    ]);
  });

  it('drops a shard a group join no longer assigns, and reloads it from the store when it comes back, skipping what the state holds', async () => {
    const { backend, loads, source, deliver, join } = await startedSource();
    await join(Object.values(TOPICS), [0, 1]);
    await deliver('in.hotline', 1, [complaintAt(JIHUA, '2026-03-02'), complaintAt(JIHUA, '2026-03-02', '11:00')]);
    await join(Object.values(TOPICS), [0]);
    expect([...source.engines.keys()]).toEqual([]);
    expect(source.engine).toBeUndefined();
    await join(Object.values(TOPICS), [0, 1]);
    // Redelivered from offset 0 (the new owner's rewind): two records are in the saved state.
    await deliver('in.hotline', 1, [complaintAt(JIHUA, '2026-03-02'), complaintAt(JIHUA, '2026-03-02', '11:00'), complaintAt(JIHUA, '2026-03-02', '12:00')]);
    expect(loads).toEqual([1, 1]);
    expect(source.engines.get(1)!.stats.hotline).toMatchObject({ received: 3, accepted: 3 });
    expect(await backend.get('p1:kafka:positions')).toEqual({ 'in.hotline': { 1: '3' } });
  });

  it('ignores a batch of a partition the last group join did not assign (no claim that would fence its owner)', async () => {
    const { backend, loads, deliver, join, commits } = await startedSource();
    await join(Object.values(TOPICS), [0]);
    await deliver('in.hotline', 1, [complaintAt(JIHUA, '2026-03-02')]);
    expect(loads).toEqual([]);
    expect(commits).toEqual([]);
    expect(await backend.keys('p1:')).toEqual([]);
  });

  it('when another instance claimed the shard, the save writes nothing and nothing is committed; the shard is dropped and reloaded on the next batch', async () => {
    const { backend, config, loads, source, deliver, commits } = await startedSource();
    await deliver('in.hotline', 1, [complaintAt(JIHUA, '2026-03-02')]);
    // A new owner took partition 1 over while this instance was slow, and saved one more record.
    const owner = await ShardStore.claim(backend, 'p1:', 'new-owner');
    const theirs = await loadEngine({ config, now: LATE_CLOCK }, owner);
    theirs.ingestText(complaintAt(JIHUA, '2026-03-02', '10:00'), 'hotline');
    await saveEngine(theirs, owner);
    await owner.setMany([['kafka:positions', { 'in.hotline': { 1: '2' } }]]);

    const failed = await deliver('in.hotline', 1, [complaintAt(JIHUA, '2026-03-02', '10:00'), complaintAt(JIHUA, '2026-03-02', '11:00')], 1).catch((e: unknown) => e);
    expect(failed).toBeInstanceOf(ShardFencedError);
    expect(commits).toHaveLength(1); // the first batch only
    expect(source.engines.has(1)).toBe(false);
    expect(await backend.get('p1:kafka:positions')).toEqual({ 'in.hotline': { 1: '2' } });
    expect(await backend.get('p1:shard:owner')).toBe('new-owner');

    // The retry claims the shard again and resumes from the new owner's state: offset 1 is in it.
    await deliver('in.hotline', 1, [complaintAt(JIHUA, '2026-03-02', '10:00'), complaintAt(JIHUA, '2026-03-02', '11:00')], 1);
    expect(loads).toEqual([1, 1]);
    expect(source.engines.get(1)!.stats.hotline).toMatchObject({ received: 3, accepted: 3 });
    expect(await backend.get('p1:kafka:positions')).toEqual({ 'in.hotline': { 1: '3' } });
  });
  it('rebuilds every shard on a config reload, and shards loaded later as well', async () => {
    const { source, deliver, config } = await startedSource();
    await deliver('in.hotline', 0, [complaintAt(BUJI, '2026-03-02')]);
    const reloaded = { ...config, alerting: { ...config.alerting, minObserved: 7 } };
    const rebuilt: number[] = [];
    await source.replaceEngine((current) => {
      rebuilt.push(current.stats.hotline.received);
      return Engine.restore({ config: reloaded, now: LATE_CLOCK }, current.snapshot());
    });
    await deliver('in.hotline', 1, [complaintAt(JIHUA, '2026-03-02'), complaintAt(JIHUA, '2026-03-02', '10:00')]);
    expect(rebuilt).toEqual([1, 0]); // shard 0 at the reload, shard 1 fresh when it loaded
    expect(source.engines.get(0)!.settings.config.alerting.minObserved).toBe(7);
    expect(source.engines.get(1)!.settings.config.alerting.minObserved).toBe(7);
    expect(source.engines.get(1)!.stats.hotline.received).toBe(2);
  });
});
