import { describe, expect, it } from 'vitest';
import { AppConfig } from '../../../src/config/app-config.js';
import { DEFAULT_THEMES } from '../../../src/fusion/fusion-config.js';
import { resolveThemes } from '../../../src/fusion/fusion-themes.js';
import { testConfig } from '../support/test-config.js';

describe('spatial and fusion config', () => {
  it('fills every key with its default when the sections are absent', () => {
    const config = testConfig();
    expect(config.spatial).toEqual({
      enabled: { hotline: true, dispute: true, cases: true },
      alerts: false,
      levels: ['community', 'street'],
      granularities: ['day'],
      maxClusterSize: 4,
      alpha: 0.001,
      minObserved: 5,
      minAlertRegions: 2,
      minExpected: 0.5,
      dispersion: true,
      minHistoryWindows: 14,
    });
    expect(config.fusion).toMatchObject({ enabled: true, method: 'fisher_brown', correlation: 0.1, sameSeriesCorrelation: 0.6, alpha: 0.005, minSignals: 2, minStreams: 2, childSignals: true });
    expect(config.fusion.calibration).toEqual({ enabled: true, minCount: 300, maxCount: 20000 });
    expect(config.fusion.themes).toBeUndefined(); // DEFAULT_THEMES, restricted to the config's categories
    expect(DEFAULT_THEMES).toHaveLength(8);
    // The test config has hotline food_safety + noise, dispute wage_arrears, cases influenza_like.
    expect(resolveThemes(config.fusion, config.categories)).toEqual([
      { name: 'wage', members: [{ stream: 'dispute', category: 'wage_arrears' }] },
      { name: 'food', members: [{ stream: 'hotline', category: 'food_safety' }] },
      { name: 'epidemic', members: [{ stream: 'cases', category: 'influenza_like' }] },
      { name: 'neighbourhood', members: [{ stream: 'hotline', category: 'noise' }] },
    ]);
  });

  it('names the path of a bad value and rejects unknown keys', () => {
    const base = testConfig();
    const bad = AppConfig.safeParse({ ...base, fusion: { correlation: 1.5 }, spatial: { maxClusterSize: 0, typo: 1 } });
    expect(bad.success).toBe(false);
    const paths = bad.error!.issues.map((i) => i.path.join('.')).sort();
    expect(paths).toEqual(['fusion.correlation', 'spatial', 'spatial.maxClusterSize']);
  });
});
