import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Alert } from '../../src/domain/alert.js';
import { CLI_TIMEOUT_MS, runCli } from '../unit/support/run-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'ews-demo-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('weak-signal demo', () => {
  it('simulates, replays and prints every injected episode with the alerts that point at it', { timeout: 60_000 }, async () => {
    const result = await runCli(['demo', '--days', '30', '--scale', '0.2', '--out-dir', dir]);
    expect(result.code, result.stderr).toBe(0);
    for (const file of ['events.jsonl', 'episodes.json', 'alerts.jsonl', 'rejects.jsonl']) expect(existsSync(join(dir, file))).toBe(true);

    const episodes = JSON.parse(readFileSync(join(dir, 'episodes.json'), 'utf8')) as { id: string }[];
    expect(episodes.length).toBeGreaterThan(0);
    for (const episode of episodes) expect(result.stdout).toContain(`  ${episode.id} `);
    expect(result.stdout).toMatch(/^Simulated \d+ records/);
    expect(result.stdout).toMatch(/invalid +0\n/);
    expect(result.stdout).toMatch(/Alerts not tied to an episode .*: \d+ of \d+ opened, [\d.]+ a day, [\d.]+% of \d+ windows scored/);

    // Every line of the alerts file is a valid alert record; the rejects file is empty.
    const lines = readFileSync(join(dir, 'alerts.jsonl'), 'utf8').split('\n').filter((l) => l !== '');
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) expect(Alert.safeParse(JSON.parse(line)).success).toBe(true);
    expect(readFileSync(join(dir, 'rejects.jsonl'), 'utf8')).toBe('');
  });

  it('is deterministic: the same seed gives the same alert file', { timeout: CLI_TIMEOUT_MS * 2 }, async () => {
    const other = join(dir, 'again');
    const result = await runCli(['demo', '--days', '30', '--scale', '0.2', '--out-dir', other]);
    expect(result.code).toBe(0);
    expect(readFileSync(join(other, 'alerts.jsonl'), 'utf8')).toBe(readFileSync(join(dir, 'alerts.jsonl'), 'utf8'));
  });
});
