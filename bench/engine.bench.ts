/**
 * In-process engine throughput and memory, with the default config and detectors, on the
 * demo's simulated Longgang data; compared in the same run with the bare cost of JSON.parse +
 * zod validation of the same records, and with the same config less the text path (no
 * term_burst, so no term counting). Run: npm run bench:engine [-- --days N --rounds N]
 */
import { join } from 'node:path';
import { CaseCount } from '../src/domain/case-count.js';
import { DisputeReport } from '../src/domain/dispute-report.js';
import { HotlineComplaint } from '../src/domain/hotline-complaint.js';
import type { AppConfig } from '../src/config/app-config.js';
import { loadConfig } from '../src/config/load-config.js';
import { Engine } from '../src/pipeline/engine.js';
import { simulate } from '../src/simulate/simulate.js';
import { packageRoot } from '../src/cli/package-root.js';
import { medianMs, parseBenchFlags, recordResult, watchLoad } from './bench-support.js';

const { days, scale, rounds, record } = parseBenchFlags({ days: 92, rounds: 5 });
const gc = (globalThis as { gc?: () => void }).gc;
if (gc === undefined) throw new Error('run with node --expose-gc (npm run bench:engine does)');

const loadLine = watchLoad();
const { config } = loadConfig(join(packageRoot(), 'config', 'default.yaml'));
/** The default config without the text path: no override adds term_burst, so no series counts terms. */
const noTextConfig: AppConfig = {
  ...config,
  detectors: { ...config.detectors, overrides: config.detectors.overrides.map(({ add: _add, ...rest }) => rest) },
};
const { records } = simulate({ seed: 42, start: '2026-03-01', days, scale }, config);
const lines = records.map((r) => JSON.stringify(r));
const bytes = lines.reduce((sum, l) => sum + Buffer.byteLength(l), 0);
console.log(`${lines.length} records (${(bytes / 2 ** 20).toFixed(1)} MiB of JSON), ${days} days, scale ${scale}, ${rounds} rounds`);

const SCHEMAS = { hotline: HotlineComplaint, dispute: DisputeReport, cases: CaseCount } as const;
/** The floor: what any consumer pays to read and validate the records. */
function bareDecode(): number {
  let valid = 0;
  for (const line of lines) {
    const value = JSON.parse(line) as { stream: keyof typeof SCHEMAS };
    if (SCHEMAS[value.stream].safeParse(value).success) valid += 1;
  }
  return valid;
}

function pipeline(settings: AppConfig = config): Engine {
  const engine = new Engine({ config: settings });
  for (const line of lines) engine.ingestText(line);
  engine.finish();
  engine.takeAlertChanges();
  return engine;
}

function time(run: () => unknown): number {
  gc!();
  const started = performance.now();
  run();
  return performance.now() - started;
}

time(bareDecode); // warm-up: JIT both paths once
time(pipeline);
time(() => pipeline(noTextConfig));
const bare: number[] = [];
const engineMs: number[] = [];
const noTextMs: number[] = [];
for (let i = 0; i < rounds; i++) {
  bare.push(time(bareDecode));
  engineMs.push(time(pipeline));
  noTextMs.push(time(() => pipeline(noTextConfig)));
}
const bareMedian = medianMs(bare);
const engineMedian = medianMs(engineMs);
const noTextMedian = medianMs(noTextMs);

// Memory: heap held by a finished engine, per series it tracks.
gc();
const before = process.memoryUsage().heapUsed;
const kept = pipeline();
gc();
const heldBytes = process.memoryUsage().heapUsed - before;
const perSeries = heldBytes / kept.seriesCount;
let windows = 0;
let termSeries = 0;
for (const series of kept.allSeries()) {
  windows += series.closedCount;
  if (series.openTerms !== null) termSeries += 1;
}

const results = [
  loadLine(),
  `records: ${lines.length} (${days} simulated days at scale ${scale}, seed 42; ${kept.seriesCount} series, ${windows} windows scored = ${(windows / lines.length).toFixed(2)} per record)`,
  `bare JSON.parse + zod: median ${bareMedian.toFixed(0)} ms = ${Math.round(lines.length / (bareMedian / 1000))} records/s (runs: ${bare.map((t) => t.toFixed(0)).join(', ')})`,
  `engine (decode + window + detect + alert): median ${engineMedian.toFixed(0)} ms = ${Math.round(lines.length / (engineMedian / 1000))} records/s (runs: ${engineMs.map((t) => t.toFixed(0)).join(', ')})`,
  `ratio engine/bare throughput: ${(bareMedian / engineMedian).toFixed(2)} (target >= 0.5)`,
  `engine without the text path (no term_burst, no term counting): median ${noTextMedian.toFixed(0)} ms = ${Math.round(lines.length / (noTextMedian / 1000))} records/s (runs: ${noTextMs.map((t) => t.toFixed(0)).join(', ')})`,
  `ratio with/without text path throughput: ${(noTextMedian / engineMedian).toFixed(2)} (${kept.seriesCount} series, ${termSeries} of them count terms)`,
  `memory: ${(heldBytes / 2 ** 20).toFixed(1)} MiB heap held by the engine after the run = ${(perSeries / 1024).toFixed(2)} KiB per series (target < 4 KiB)`,
];
for (const line of results) console.log(line);
if (record) recordResult('bench:engine', `npm run bench:engine -- --days ${days} --scale ${scale} --rounds ${rounds}`, results);
