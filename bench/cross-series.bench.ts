/**
 * Cost of the cross-series stages (spatial scan + fusion): the engine with the default config
 * against the same engine with both stages disabled, alternating rounds in one run.
 * Run: npm run bench:cross-series [-- --days N --scale X --rounds N --no-record]
 */
import { join } from 'node:path';
import type { AppConfig } from '../src/config/app-config.js';
import { loadConfig } from '../src/config/load-config.js';
import { Engine } from '../src/pipeline/engine.js';
import { simulate } from '../src/simulate/simulate.js';
import { packageRoot } from '../src/cli/package-root.js';
import { medianMs, parseBenchFlags, recordResult, watchLoad } from './bench-support.js';

const { days, scale, rounds, record } = parseBenchFlags({ days: 30, rounds: 7 });

const loadLine = watchLoad();
const { config } = loadConfig(join(packageRoot(), 'config', 'default.yaml'));
const off: AppConfig = {
  ...config,
  spatial: { ...config.spatial, enabled: { hotline: false, dispute: false, cases: false } },
  fusion: { ...config.fusion, enabled: false },
};
const lines = simulate({ seed: 42, start: '2026-03-01', days, scale }, config).records.map((r) => JSON.stringify(r));

function time(settings: AppConfig): number {
  const engine = new Engine({ config: settings });
  const started = performance.now();
  for (const line of lines) engine.ingestText(line);
  engine.finish();
  engine.takeAlertChanges();
  return performance.now() - started;
}

time(off); // warm-up: JIT both configs once, so the first timed round is not the slowest
time(config);
const withStages: number[] = [];
const without: number[] = [];
for (let i = 0; i < rounds; i++) {
  without.push(time(off));
  withStages.push(time(config));
}
const fmt = (samples: number[]) => samples.map((s) => Math.round(s)).join(', ');
const ratio = medianMs(withStages) / medianMs(without);
const result = [
  loadLine(),
  `records: ${lines.length} (${days} simulated days at scale ${scale}, seed 42)`,
  `engine without spatial scan and fusion: median ${Math.round(medianMs(without))} ms (runs: ${fmt(without)})`,
  `engine with them (default config): median ${Math.round(medianMs(withStages))} ms (runs: ${fmt(withStages)})`,
  `ratio with/without: ${ratio.toFixed(2)}`,
];
for (const line of result) console.log(line);
if (record) recordResult('bench:cross-series', `npm run bench:cross-series -- --days ${days} --scale ${scale} --rounds ${rounds}`, result);
