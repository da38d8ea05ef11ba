import { execSync } from 'node:child_process';
import { appendFileSync, existsSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { median } from 'simple-statistics';
import { packageRoot } from '../src/cli/package-root.js';

/** The flags every bench takes, parsed and checked: a typo stops the run instead of timing NaN days. */
export interface BenchFlags {
  days: number;
  scale: number;
  rounds: number;
  record: boolean;
  /** The raw values, for a bench's own extra options. */
  values: Readonly<Record<string, unknown>>;
}

/** Parses --days, --scale (default 1), --rounds and --no-record, plus a bench's own `extra` options. */
export function parseBenchFlags(defaults: { days: number; rounds: number }, extra: NonNullable<ParseArgsConfig['options']> = {}, args = process.argv.slice(2)): BenchFlags {
  const { values } = parseArgs({
    args,
    options: {
      days: { type: 'string', default: String(defaults.days) },
      scale: { type: 'string', default: '1' },
      rounds: { type: 'string', default: String(defaults.rounds) },
      'no-record': { type: 'boolean', default: false },
      ...extra,
    },
  });
  return {
    days: positiveNumber(values, 'days'),
    scale: positiveNumber(values, 'scale'),
    rounds: positiveNumber(values, 'rounds'),
    record: values['no-record'] !== true,
    values,
  };
}

/** The value of a numeric flag, or an error naming it. */
export function positiveNumber(values: BenchFlags['values'], name: string): number {
  const text = values[name];
  const value = Number(text);
  if (typeof text !== 'string' || !Number.isFinite(value) || value <= 0) throw new Error(`--${name} must be a positive number, got ${String(text)}`);
  return value;
}

/** Median of repeated timings, in ms. */
export function medianMs(samples: readonly number[]): number {
  return median([...samples]);
}

/**
 * Notes the 1-minute load average now; the returned function gives the result line with it and
 * the load at the end. The machine may be shared, and timings are only comparable at equal load.
 */
export function watchLoad(): () => string {
  const atStart = loadavg()[0] ?? 0;
  return () => `load average (1 min) of the machine: ${atStart.toFixed(1)} at the start, ${(loadavg()[0] ?? 0).toFixed(1)} at the end`;
}

export function machine(): string {
  const cpu = cpus()[0]?.model.trim() ?? 'unknown cpu';
  return `${cpus().length} x ${cpu}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
}

export function commit(): string {
  try {
    const sha = execSync('git rev-parse --short HEAD', { encoding: 'utf8' }).trim();
    const dirty = execSync('git status --porcelain -- src detectors bench config', { encoding: 'utf8' }).trim() !== '';
    return dirty ? `${sha}+dirty` : sha;
  } catch {
    return 'unknown';
  }
}

/** Appends one result block to bench/RESULTS.md, one `- ` item per line. */
export function recordResult(title: string, command: string, lines: readonly string[]): void {
  recordBlock(title, command, lines.map((l) => `- ${l}`));
}

/**
 * Appends a block to bench/RESULTS.md (created with a header when missing): a heading with the
 * date and commit, the command and machine, then `body` as given (markdown lines).
 */
export function recordBlock(title: string, command: string, body: readonly string[]): void {
  const path = join(packageRoot(), 'bench', 'RESULTS.md');
  if (!existsSync(path)) writeFileSync(path, '# Benchmark results\n\nNewest last. Every number here was printed by the command shown with it.\n');
  const date = new Date().toISOString().slice(0, 16).replace('T', ' ');
  appendFileSync(path, `\n## ${title}: ${date} UTC, commit ${commit()}\n\n- command: \`${command}\`\n- machine: ${machine()}\n${body.join('\n')}\n`);
}
