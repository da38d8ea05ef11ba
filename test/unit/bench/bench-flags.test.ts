import { describe, expect, it } from 'vitest';
import { parseBenchFlags, positiveNumber } from '../../../bench/bench-support.js';

describe('parseBenchFlags', () => {
  it('applies the bench defaults and scale 1, recording by default', () => {
    const flags = parseBenchFlags({ days: 92, rounds: 5 }, {}, []);
    expect([flags.days, flags.scale, flags.rounds, flags.record]).toEqual([92, 1, 5, true]);
  });

  it('reads the common flags and a bench-specific one', () => {
    const flags = parseBenchFlags({ days: 30, rounds: 3 }, { 'paced-seconds': { type: 'string', default: '40' } }, [
      '--days', '7', '--scale', '0.5', '--rounds', '2', '--no-record', '--paced-seconds', '12',
    ]);
    expect([flags.days, flags.scale, flags.rounds, flags.record]).toEqual([7, 0.5, 2, false]);
    expect(positiveNumber(flags.values, 'paced-seconds')).toBe(12);
  });

  it('rejects a value that is not a positive number, naming the flag', () => {
    expect(() => parseBenchFlags({ days: 30, rounds: 3 }, {}, ['--days', 'thirty'])).toThrow('--days must be a positive number, got thirty');
    expect(() => parseBenchFlags({ days: 30, rounds: 3 }, {}, ['--rounds', '0'])).toThrow('--rounds must be a positive number, got 0');
  });

  it('rejects an unknown flag', () => {
    expect(() => parseBenchFlags({ days: 30, rounds: 3 }, {}, ['--dayz', '3'])).toThrow();
  });
});
