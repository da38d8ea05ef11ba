import { describe, expect, it } from 'vitest';
import { Engine } from '../../../src/pipeline/engine.js';
import { shardLocalConfig } from '../../../src/service/shard-local-config.js';
import { shardsView } from '../../../src/service/shards-view.js';
import { LATE_CLOCK, at, complaint, dates, testConfig } from '../support/test-config.js';

const BUJI = '440307006001'; // street 440307006: shard 0 here
const JIHUA = '440307009002'; // street 440307009: shard 1 here

describe('shardsView', () => {
  const config = shardLocalConfig(testConfig()).config;
  const shard = (region: string, perDay: readonly number[]) => {
    const engine = new Engine({ config, now: LATE_CLOCK });
    dates('2026-03-02', perDay.length).forEach((date, day) => {
      for (let i = 0; i < perDay[day]!; i++) engine.ingest(complaint({ regionCode: region, receivedAt: at(date, '09:00') }));
    });
    return engine;
  };

  it('adds up the tallies, joins the open alerts and reads each series from the shard that gets its records', () => {
    const zero = shard(BUJI, [2, 2, 2, 2, 2, 2, 2, 2, 40, 2]);
    const one = shard(JIHUA, [1, 1, 1]);
    const view = shardsView(() => [zero, one], new Engine({ config }));
    expect(view.stats.hotline).toMatchObject({ received: 61, accepted: 61 }) // 8 × 2 + 40 + 2, and 3;
    expect(view.stats.hotline.received).toBe(zero.stats.hotline.received + one.stats.hotline.received);
    expect(view.seriesCount).toBe(zero.seriesCount); // both track every series of the config
    expect(view.openAlerts()).toEqual([...zero.openAlerts(), ...one.openAlerts()]);
    expect(zero.openAlerts().length).toBeGreaterThan(0);
    expect(view.newestEventTime('hotline')).toBe(Date.parse(at('2026-03-11')));
    expect(view.newestEventTime('cases')).toBeNull();
    const series = new Map([...view.allSeries()].map((s) => [s.key, s]));
    expect(series.size).toBe(zero.seriesCount);
    const jihuaDay = [...one.allSeries()].find((s) => s.key.includes(`|${JIHUA}|food_safety|day`))!;
    expect(series.get(jihuaDay.key)).toBe(jihuaDay); // shard 0's copy of it only counted zeros
    expect(jihuaDay.history.concat(jihuaDay.open).reduce((a, b) => a + b, 0)).toBe(3);
    const bujiDay = [...zero.allSeries()].find((s) => s.key.includes(`|${BUJI}|food_safety|day`))!;
    expect(series.get(bujiDay.key)).toBe(bujiDay);
  });

  it('is the engine itself with one shard, and the idle engine with none', () => {
    const only = shard(BUJI, [3, 3]);
    const idle = new Engine({ config });
    const held: Engine[] = [only];
    const view = shardsView(() => held, idle);
    expect(view.stats).toBe(only.stats);
    expect([...view.allSeries()]).toEqual([...only.allSeries()]);
    held.pop();
    expect(view.stats).toBe(idle.stats);
    expect(view.seriesCount).toBe(0);
    expect(view.settings).toBe(idle.settings);
  });
});
