import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CLI_TIMEOUT_MS, runCli } from '../unit/support/run-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'ews-simulate-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('weak-signal simulate', () => {
  it('writes events.jsonl and episodes.json and reports how many records of each stream it wrote', { timeout: CLI_TIMEOUT_MS }, async () => {
    const result = await runCli(['simulate', '--days', '3', '--scale', '0.05', '--out-dir', dir]);
    expect(result.code).toBe(0);

    const summary = /^wrote (\d+) records \(hotline (\d+), dispute (\d+), cases (\d+)\) to (\S+) and (\d+) episodes to (\S+) in [\d.]+ s\n$/.exec(result.stderr);
    expect(summary, result.stderr).not.toBeNull();
    const [, total, hotline, dispute, cases, eventsPath, episodeCount, episodesPath] = summary!;
    expect(eventsPath).toBe(join(dir, 'events.jsonl'));
    expect(episodesPath).toBe(join(dir, 'episodes.json'));

    const records = readFileSync(join(dir, 'events.jsonl'), 'utf8')
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line) as { stream: string; id: string });
    expect(records).toHaveLength(Number(total));
    const byStream = (stream: string) => records.filter((r) => r.stream === stream).length;
    expect([byStream('hotline'), byStream('dispute'), byStream('cases')]).toEqual([Number(hotline), Number(dispute), Number(cases)]);
    expect(Number(hotline)).toBeGreaterThan(0);
    expect(Number(cases)).toBeGreaterThan(0);

    const episodes = JSON.parse(readFileSync(join(dir, 'episodes.json'), 'utf8')) as { id: string; start: string }[];
    expect(episodes).toHaveLength(Number(episodeCount));
    for (const episode of episodes) expect(episode.start).toMatch(/^2026-03-0[1-3]T/);
  });
});
