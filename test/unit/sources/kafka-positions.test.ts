import { describe, expect, it } from 'vitest';
import { KAFKA_POSITIONS_KEY, KafkaPositions, KafkaSourceError, loadKafkaPositions } from '../../../src/sources/kafka-source.js';
import { MemoryStore } from '../../../src/state/memory-store.js';

describe('KafkaPositions', () => {
  it('survives a save and a restore through the store, offsets beyond 2^53 included', async () => {
    const positions = new KafkaPositions();
    positions.set('hotline.complaints', 0, 1200n);
    positions.set('hotline.complaints', 3, 9_007_199_254_740_993n); // 2^53 + 1: not a safe JS number
    positions.set('cases.counts', 0, 0n);
    positions.set('hotline.complaints', 0, 1201n); // a later position replaces the earlier
    const store = new MemoryStore();
    await store.setMany([[KAFKA_POSITIONS_KEY, positions.toJSON()]]);
    expect(await store.get(KAFKA_POSITIONS_KEY)).toEqual({ 'hotline.complaints': { '0': '1201', '3': '9007199254740993' }, 'cases.counts': { '0': '0' } });
    const restored = await loadKafkaPositions(store);
    expect([...restored.entries()]).toEqual([
      { topic: 'hotline.complaints', partition: 0, offset: 1201n },
      { topic: 'hotline.complaints', partition: 3, offset: 9_007_199_254_740_993n },
      { topic: 'cases.counts', partition: 0, offset: 0n },
    ]);
    expect(restored.get('disputes.reports', 0)).toBeUndefined();
  });

  it('is empty when nothing was saved (a first start)', async () => {
    const restored = await loadKafkaPositions(new MemoryStore());
    expect([...restored.entries()]).toEqual([]);
  });

  it.each([
    ['a negative offset', { 'hotline.complaints': { '0': '-1' } }],
    ['a numeric offset instead of a string', { 'hotline.complaints': { '0': 12 } }],
    ['a partition that is not a number', { 'hotline.complaints': { first: '12' } }],
    ['a list instead of a map', ['hotline.complaints']],
  ])('refuses saved positions with %s: a clear, non-retriable error', (_, saved) => {
    let error: unknown;
    try {
      KafkaPositions.fromJSON(saved);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(KafkaSourceError);
    expect(error).toMatchObject({ code: 'EWS_ERR_KAFKA_SOURCE', retriable: false });
    expect((error as Error).message).toMatch(/^saved Kafka positions \(kafka:positions\) are malformed: /);
  });
});
