import { loadConfig } from '../../config/load-config.js';
import { UsageError } from '../../errors.js';
import { simulate } from '../../simulate/simulate.js';
import { writeSimulation } from '../../simulate/write-simulation.js';
import type { Command } from '../command.js';
import { defaultConfigPath } from '../package-root.js';
import { integerFlag, parseFlags } from '../parse-flags.js';

export const simulateCommand: Command = {
  name: 'simulate',
  summary: 'write synthetic input for all three streams with injected weak-signal episodes',
  usage: `Usage: weak-signal simulate [options]

Writes realistic synthetic records for the regions and categories of the config (weekday,
hour-of-day and holiday seasonality, Chinese complaint texts, case-count revisions) with
weak-signal episodes injected, plus the ground truth of those episodes. Same seed, same files.

Options:
  --out-dir DIR    where to write events.jsonl and episodes.json (default: out/sim)
  --seed N         random seed (default: 42)
  --start DATE     first local day, YYYY-MM-DD (default: 2026-03-01)
  --days N         number of days (default: 92)
  --scale X        volume multiplier; 1 is Longgang-sized, ~3000 complaints a day (default: 1)
  --episodes N     number of episodes (default: one of each kind)
  --config FILE    configuration (default: $EWS_CONFIG or the bundled config/default.yaml)
  -h, --help       this help`,

  async run(argv) {
    const { values } = parseFlags(argv, {
      'out-dir': { type: 'string', default: 'out/sim' },
      seed: { type: 'string' },
      start: { type: 'string', default: '2026-03-01' },
      days: { type: 'string' },
      scale: { type: 'string' },
      episodes: { type: 'string' },
      config: { type: 'string' },
    });
    const scale = values.scale === undefined ? 1 : Number(values.scale);
    if (!Number.isFinite(scale) || scale <= 0) throw new UsageError(`--scale: expected a number > 0, got "${values.scale}"`);
    const { config } = loadConfig(defaultConfigPath(values.config));
    const started = performance.now();
    const result = simulate(
      {
        seed: integerFlag('seed', values.seed, 42),
        start: values.start,
        days: integerFlag('days', values.days, 92, 1),
        scale,
        episodes: values.episodes === undefined ? 'default' : integerFlag('episodes', values.episodes, 4, 0),
      },
      config,
    );
    const written = writeSimulation(values['out-dir'], result);
    process.stderr.write(
      `wrote ${written.records} records (hotline ${written.byStream.hotline}, dispute ${written.byStream.dispute}, cases ${written.byStream.cases}) ` +
        `to ${written.eventsPath} and ${written.episodes} episodes to ${written.episodesPath} in ${((performance.now() - started) / 1000).toFixed(1)} s\n`,
    );
    return 0;
  },
};
