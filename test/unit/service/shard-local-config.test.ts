import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config/load-config.js';
import { shardLocalConfig } from '../../../src/service/shard-local-config.js';
import { testConfig } from '../support/test-config.js';

describe('shardLocalConfig', () => {
  it('leaves out district series, fusion at district level and the scan of the streets on the bundled config, and keeps the rest', () => {
    const config = loadConfig('config/default.yaml').config;
    const { config: local, skipped } = shardLocalConfig(config);
    expect(local.series.hotline).toEqual([
      { granularity: 'hour', levels: ['street'] },
      { granularity: 'day', levels: ['street', 'community'] },
    ]);
    expect(local.series.cases).toEqual([
      { granularity: 'day', levels: ['street', 'community'] },
      { granularity: 'week', levels: ['street'] },
    ]);
    expect(local.spatial.levels).toEqual(['community']);
    expect(local.fusion.levels).toEqual(config.fusion.levels); // street, community: no district there
    expect(skipped).toEqual([
      'hotline series at district level (440307)',
      'dispute series at district level (440307)',
      'cases series at district level (440307)',
      'spatial scan of the street level (streets of 440307 span shards)',
    ]);
    expect(local.detectors).toBe(config.detectors);
  });

  it('turns fusion and the spatial scan off when only the left-out level remains', () => {
    const base = testConfig();
    const config = { ...base, spatial: { ...base.spatial, levels: ['street' as const] }, fusion: { ...base.fusion, levels: ['district' as const] } };
    const { config: local, skipped } = shardLocalConfig(config);
    expect(local.spatial.enabled).toEqual({ hotline: false, dispute: false, cases: false });
    expect(local.fusion.enabled).toBe(false);
    expect(skipped).toContain('fusion at district level');
  });

  it('refuses a stream whose series are all district-level: a shard cannot compute any of them', () => {
    const base = testConfig();
    const config = { ...base, series: { ...base.series, dispute: [{ granularity: 'day' as const, levels: ['district' as const] }] } };
    expect(() => shardLocalConfig(config)).toThrow('series.dispute: only district-level series, which a shard cannot compute; add a level below district or use one partition per input topic');
  });
});
