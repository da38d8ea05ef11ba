import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { DEFAULT_CONFIG_PATH, REPO_ROOT } from './service-fixtures.js';

/** The real CLI: the same `weak-signal serve` operators run. */
const ENTRY = join(REPO_ROOT, 'src', 'cli', 'main.ts');

export interface ServiceProcess {
  readonly child: ChildProcess;
  /** Resolves when the process is gone, with its exit code or the signal that ended it. */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** stdout and stderr so far (pino JSON lines and anything else), for failure messages. */
  output(): string;
}

/**
 * Starts the service as its own Node process (tsx loader, no tsx wrapper process, so a
 * signal reaches the service itself). `env` is added to a minimal environment.
 */
export function spawnService(env: Record<string, string>): ServiceProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', ENTRY, 'serve', '--config', DEFAULT_CONFIG_PATH], {
    cwd: REPO_ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  return { child, exited, output: () => output };
}

/** Resolves with the exit, or rejects after `timeoutMs` (the process is then killed). */
export async function exitWithin(service: ServiceProcess, timeoutMs: number): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      service.child.kill('SIGKILL');
      reject(new Error(`service did not exit within ${timeoutMs} ms; output:\n${service.output().slice(-4000)}`));
    }, timeoutMs);
  });
  try {
    return await Promise.race([service.exited, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
