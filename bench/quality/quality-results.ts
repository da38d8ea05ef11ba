import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../../src/cli/package-root.js';
import { commit, machine } from '../bench-support.js';

/** Appends one run (a heading, its command, date, machine and commit, then `body`) to bench/RESULTS.md. */
export function recordQualityRun(command: string, body: readonly string[]): void {
  const date = new Date().toISOString().slice(0, 16).replace('T', ' ');
  const header = [`## bench:quality: ${date} UTC, commit ${commit()}`, '', `- command: \`${command}\``, `- machine: ${machine()}`];
  appendFileSync(join(packageRoot(), 'bench', 'RESULTS.md'), `\n${[...header, ...body].join('\n')}\n`);
}
