import { execSync } from 'node:child_process';
import { appendFileSync, existsSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { median } from 'simple-statistics';
import { packageRoot } from '../src/cli/package-root.js';

/** Median of repeated timings, in ms. */
export function medianMs(samples: readonly number[]): number {
  return median([...samples]);
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

/** Appends one result block to bench/RESULTS.md (created with a header when missing). */
export function recordResult(title: string, command: string, lines: readonly string[]): void {
  const path = join(packageRoot(), 'bench', 'RESULTS.md');
  if (!existsSync(path)) writeFileSync(path, '# Benchmark results\n\nNewest last. Every number here was printed by the command shown with it.\n');
  const date = new Date().toISOString().slice(0, 16).replace('T', ' ');
  appendFileSync(path, `\n## ${title}: ${date} UTC, commit ${commit()}\n\n- command: \`${command}\`\n- machine: ${machine()}\n${lines.map((l) => `- ${l}`).join('\n')}\n`);
}
