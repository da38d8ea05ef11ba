import { parseArgs } from 'node:util';

/** What a quality benchmark run generates and scores; every scenario group reads it. */
export interface QualityOptions {
  /** Seed of all simulated data: the same seed gives the same series and the same table. */
  readonly seed: number;
  /** Weekly (Noufaily) series per scenario: 20 scenarios. */
  readonly weeklySeries: number;
  /** Daily series per (level, dispersion) pair: 6 pairs. */
  readonly dailySeries: number;
  /** Seeds of the multi-stream episode group (seed, seed + 1, ...): 70 days at scale 1 each; 0 skips it. */
  readonly episodeSeeds: number;
  /** Skip R even when it is installed. */
  readonly skipR: boolean;
  /** Append the table to bench/RESULTS.md. */
  readonly record: boolean;
  /** Write the rows as JSON to this file ('' for none). */
  readonly json: string;
}

const USAGE =
  'npm run bench:quality -- [--seed N (1)] [--weekly-series N (20)] [--daily-series N (20)] [--episode-seeds N (4; 0 skips)] [--no-r] [--no-record] [--json FILE (bench/out/quality.json; "" for none)]';

function positiveInteger(flag: string, text: string, minimum: number): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < minimum) throw new RangeError(`--${flag} must be an integer >= ${minimum}, got "${text}"\nusage: ${USAGE}`);
  return value;
}

export function parseQualityOptions(args: readonly string[]): QualityOptions {
  const { values } = parseArgs({
    args: [...args],
    options: {
      seed: { type: 'string', default: '1' },
      'weekly-series': { type: 'string', default: '20' },
      'daily-series': { type: 'string', default: '20' },
      'episode-seeds': { type: 'string', default: '4' },
      'no-r': { type: 'boolean', default: false },
      'no-record': { type: 'boolean', default: false },
      json: { type: 'string', default: 'bench/out/quality.json' },
    },
  });
  return {
    seed: positiveInteger('seed', values.seed, 0),
    weeklySeries: positiveInteger('weekly-series', values['weekly-series'], 1),
    dailySeries: positiveInteger('daily-series', values['daily-series'], 1),
    episodeSeeds: positiveInteger('episode-seeds', values['episode-seeds'], 0),
    skipR: values['no-r'],
    record: !values['no-record'],
    json: values.json,
  };
}
