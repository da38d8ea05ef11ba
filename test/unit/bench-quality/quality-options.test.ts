import { describe, expect, it } from 'vitest';
import { parseQualityOptions } from '../../../bench/quality/quality-options.js';

describe('parseQualityOptions', () => {
  it('defaults to seed 1, 20 weekly and 20 daily series, 4 episode seeds, R on, recording to bench/out/quality.json', () => {
    expect(parseQualityOptions([])).toEqual({ seed: 1, weeklySeries: 20, dailySeries: 20, episodeSeeds: 4, skipR: false, record: true, json: 'bench/out/quality.json' });
  });

  it('takes 0 episode seeds (skip the group) and seed 0', () => {
    const options = parseQualityOptions(['--seed', '0', '--episode-seeds', '0', '--no-r', '--no-record', '--json', '']);
    expect([options.seed, options.episodeSeeds, options.skipR, options.record, options.json]).toEqual([0, 0, true, false, '']);
  });

  it('rejects a non-integer or a count below 1, naming the flag and printing the usage', () => {
    expect(() => parseQualityOptions(['--weekly-series', '0'])).toThrow(/--weekly-series must be an integer >= 1, got "0"\nusage: npm run bench:quality/);
    expect(() => parseQualityOptions(['--seed', '1.5'])).toThrow('--seed must be an integer >= 0, got "1.5"');
  });
});
