import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root: the CLI runs from here, as `npm run weak-signal` would. */
export const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));

const TSX = join(REPO_ROOT, 'node_modules', '.bin', 'tsx');

/** A child process costs about a second with tsx: give CLI tests this timeout. */
export const CLI_TIMEOUT_MS = 30_000;

export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs `weak-signal <args>` (src/cli/main.ts through tsx) in the repository root and resolves
 * with its exit code and output; `input` is written to its stdin, which is then closed.
 * EWS_CONFIG is removed so the bundled config applies unless a test passes --config.
 */
export function runCli(args: readonly string[], input = ''): Promise<CliResult> {
  const env = { ...process.env };
  delete env['EWS_CONFIG'];
  return new Promise((resolve, reject) => {
    const child = execFile(
      TSX,
      ['src/cli/main.ts', ...args],
      { cwd: REPO_ROOT, env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, timeout: CLI_TIMEOUT_MS },
      (error, stdout, stderr) => {
        if (error === null) return resolve({ code: 0, stdout, stderr });
        if (typeof error.code === 'number') return resolve({ code: error.code, stdout, stderr });
        reject(new Error(`weak-signal ${args.join(' ')} did not exit normally: ${error.message}\n${stderr}`, { cause: error }));
      },
    );
    child.stdin?.end(input);
  });
}
