import { spawn, spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { packageRoot } from '../../src/cli/package-root.js';
import type { SeriesAlarms } from './count-detector-run.js';
import type { LabelledSeries } from './labelled-series.js';

export interface RComparison {
  readonly results: SeriesAlarms[];
  /** Test windows where R reported alarm NA (counted as no alarm), by method. */
  readonly naWindows: ReadonlyMap<string, number>;
  /** Wall time of the R process. */
  readonly seconds: number;
}

/** True when `Rscript` runs and loads the surveillance package. */
export function rSurveillanceAvailable(): boolean {
  const probe = spawnSync('Rscript', ['-e', 'suppressPackageStartupMessages(library(surveillance))'], { stdio: 'ignore' });
  return probe.status === 0;
}

/** The series file r-detectors.R reads: id, granularity, test start, counts. */
function seriesTsv(series: readonly LabelledSeries[]): string {
  return series.map((s) => `${s.id}\t${s.granularity}\t${s.testStart}\t${s.counts.join(' ')}\n`).join('');
}

/** Parses r-detectors.R's output into alarms indexed like each series' windows. */
export function parseRAlarms(text: string, series: readonly LabelledSeries[]): Omit<RComparison, 'seconds'> {
  const byId = new Map(series.map((s) => [s.id, s]));
  const results: SeriesAlarms[] = [];
  const naWindows = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (line === '') continue;
    const [id = '', method = '', codes = ''] = line.split('\t');
    const one = byId.get(id);
    if (one === undefined) throw new Error(`R returned alarms for unknown series "${id}"`);
    if (codes.length !== one.counts.length - one.testStart) {
      throw new Error(`R returned ${codes.length} ${method} alarms for ${id}, expected ${one.counts.length - one.testStart}`);
    }
    const alarms = new Array<boolean>(one.counts.length).fill(false);
    for (let i = 0; i < codes.length; i++) alarms[one.testStart + i] = codes[i] === '1';
    const na = [...codes].filter((c) => c === 'N').length;
    naWindows.set(`R:${method}`, (naWindows.get(`R:${method}`) ?? 0) + na);
    results.push({ series: one, detector: `R:${method}`, alarms, scored: true });
  }
  return { results, naWindows };
}

/** Runs r-detectors.R on `series` in one child process; R's messages go to a log file, not a pipe. */
function runRScript(series: readonly LabelledSeries[], farringtonAlpha: number): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-quality-r-'));
  const input = join(dir, 'series.tsv');
  const output = join(dir, 'alarms.tsv');
  const logPath = join(dir, 'r.log');
  writeFileSync(input, seriesTsv(series));
  const log = openSync(logPath, 'w');
  const script = join(packageRoot(), 'bench', 'quality', 'r-detectors.R');
  const child = spawn('Rscript', [script, input, output, String(farringtonAlpha)], { stdio: ['ignore', log, log] });
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => {
      closeSync(log);
      try {
        if (code !== 0) throw new Error(`Rscript exited with ${code}: ${readFileSync(logPath, 'utf8').slice(-2000)}`);
        resolve(readFileSync(output, 'utf8'));
      } catch (error) {
        reject(error instanceof Error ? error : new Error(String(error)));
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  });
}

/**
 * Starts r-detectors.R on `series` in `processes` child processes (R is single-threaded and
 * farringtonFlexible is the slow part of a run) and resolves with their alarms; the caller runs
 * the TypeScript detectors meanwhile.
 */
export async function startRComparison(series: readonly LabelledSeries[], farringtonAlpha: number, processes = 2): Promise<RComparison> {
  const started = performance.now();
  const chunks = Array.from({ length: processes }, (_, p) => series.filter((_s, i) => i % processes === p)).filter((c) => c.length > 0);
  const outputs = await Promise.all(chunks.map((chunk) => runRScript(chunk, farringtonAlpha)));
  return { ...parseRAlarms(outputs.join(''), series), seconds: (performance.now() - started) / 1000 };
}
