import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { CLI_TIMEOUT_MS, REPO_ROOT, runCli } from '../unit/support/run-cli.js';

const FIXTURE = 'test/fixtures/replay/bad-records.jsonl';
const fixtureLines = readFileSync(join(REPO_ROOT, FIXTURE), 'utf8').split('\n');

const dir = mkdtempSync(join(tmpdir(), 'ews-replay-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface RejectLine {
  readonly source: string;
  readonly stream: string;
  readonly reason: string;
  readonly details: string[];
  readonly record: string;
}

function readRejects(path: string): RejectLine[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as RejectLine);
}

/** Line `n` (1-based) of the fixture, as the producer wrote it. */
function fixtureLine(n: number): string {
  const line = fixtureLines[n - 1];
  if (line === undefined) throw new Error(`${FIXTURE} has no line ${n}`);
  return line;
}

describe('weak-signal replay', () => {
  it('dead-letters each bad record once with its line, reason, field and text, and accounts for every record', { timeout: CLI_TIMEOUT_MS }, async () => {
    const out = join(dir, 'alerts.jsonl');
    const rejects = join(dir, 'rejects.jsonl');
    const result = await runCli(['replay', FIXTURE, '--out', out, '--rejects', rejects]);
    expect(result.stderr).not.toMatch(/Error|at .*\.ts:\d+/);
    expect(result.code).toBe(0);

    const letters = readRejects(rejects);
    expect(letters.map((l) => [l.source, l.stream, l.reason, l.details])).toEqual([
      [`${FIXTURE}:5`, 'unknown', 'invalid_json', ['(record): Unexpected end of JSON input']],
      [`${FIXTURE}:6`, 'dispute', 'schema_violation', ['parties: Invalid input: expected number, received string']],
      [`${FIXTURE}:7`, 'hotline', 'unknown_region', ['regionCode: "440307999" is not in the region tree']],
      [`${FIXTURE}:9`, 'hotline', 'unknown_category', ['category: "ufo_sighting" is not a hotline category in config']],
      [`${FIXTURE}:10`, 'hotline', 'future_timestamp', ['receivedAt: 2099-01-01T09:00:00+08:00 is ahead of the clock by more than 15 min']],
      [`${FIXTURE}:11`, 'cases', 'schema_violation', ['count: Too small: expected number to be >=0']],
      [`${FIXTURE}:12`, 'hotline', 'duplicate', ['id: "h-1" was already counted']],
      [`${FIXTURE}:15`, 'cases', 'stale_revision', ['revision: 1 does not supersede revision 1 of this period']],
      [`${FIXTURE}:16`, 'unknown', 'unknown_stream', ['stream: expected "hotline", "dispute" or "cases" (or a known topic)']],
      [
        `${FIXTURE}:18`,
        'hotline',
        'late',
        ['receivedAt: 2026-03-02T09:30:00+08:00 falls in a hour window closed at watermark 2026-03-03T10:00:00+08:00 (allowed lateness 120 min)'],
      ],
    ]);
    for (const letter of letters) expect(letter.record).toBe(fixtureLine(Number(letter.source.split(':').pop())));

    // 19 records on 20 lines: 8 accepted + 1 revision + 7 invalid + 1 late + 2 duplicates.
    expect(result.stderr).toMatch(/^records {5}19 in \d+\.\d s \(\d+\/s\), 1 blank lines skipped$/m);
    expect(result.stderr).toMatch(/^accepted {4}8 {2}\(\+ 1 case-count revisions that re-scored a window\)$/m);
    expect(result.stderr).toMatch(
      /^invalid {5}7 \(invalid_json 1, schema_violation 2, unknown_stream 1, unknown_region 1, unknown_category 1, future_timestamp 1\)$/m,
    );
    expect(result.stderr).toMatch(/^late {8}1$/m);
    expect(result.stderr).toMatch(/^duplicates {2}2 \(duplicate 1, stale_revision 1\)$/m);
    expect(result.stderr).toMatch(/^alerts {6}0 opened, 0 updates, 0 resolved;/m);
    expect(result.stderr).toContain(`rejects     ${rejects}`);
    // Two days of data are too little history for any detector: the alerts file is there and empty.
    expect(readFileSync(out, 'utf8')).toBe('');
    expect(result.stdout).toBe('');
  });

  it('reads stdin for "-", labels its rejects stdin:<line> and writes alerts to stdout', { timeout: CLI_TIMEOUT_MS }, async () => {
    const rejects = join(dir, 'stdin-rejects.jsonl');
    const input = `${fixtureLines.slice(0, 6).join('\n')}\n`;
    const result = await runCli(['replay', '-', '--rejects', rejects], input);
    expect(result.code).toBe(0);
    expect(readRejects(rejects).map((l) => [l.source, l.reason, l.record])).toEqual([
      ['stdin:5', 'invalid_json', fixtureLine(5)],
      ['stdin:6', 'schema_violation', fixtureLine(6)],
    ]);
    expect(result.stderr).toMatch(/^records {5}6 in /m);
    expect(result.stderr).toMatch(/^accepted {4}4 /m);
    expect(result.stdout).toBe('');
  });

  it('exits 1 naming the file for a missing input or an invalid --config', { timeout: CLI_TIMEOUT_MS }, async () => {
    const missing = join(dir, 'nope.jsonl');
    const document = parse(readFileSync(join(REPO_ROOT, 'config/default.yaml'), 'utf8')) as Record<string, Record<string, unknown>>;
    const badConfig = join(dir, 'bad-config.yaml');
    writeFileSync(
      badConfig,
      stringify({
        ...document,
        regions: join(REPO_ROOT, 'config/longgang-regions.yaml'),
        holidays: join(REPO_ROOT, 'config/holidays.yaml'),
        windowing: { ...document['windowing'], historyWindows: -3 },
      }),
    );
    const [noInput, invalidConfig] = await Promise.all([
      runCli(['replay', missing, '--rejects', join(dir, 'missing-rejects.jsonl')]),
      runCli(['replay', FIXTURE, '--config', badConfig, '--rejects', join(dir, 'bad-config-rejects.jsonl')]),
    ]);
    expect(noInput.code).toBe(1);
    expect(noInput.stderr).toBe(`weak-signal replay: cannot read ${missing}: ENOENT [EWS_ERR_INPUT_UNREADABLE]\n`);
    expect(invalidConfig.code).toBe(1);
    expect(invalidConfig.stderr).toMatch(/^weak-signal replay: invalid configuration:\n/);
    expect(invalidConfig.stderr).toContain(`\n  ${badConfig}: windowing.historyWindows: Too small: expected number to be >=1, got -3\n`);
    // The config is checked before anything is read or written.
    expect(existsSync(join(dir, 'bad-config-rejects.jsonl'))).toBe(false);
  });
});

describe('weak-signal commands', () => {
  it('prints the usage of every command with --help (exit 0) and rejects an unknown command (exit 2)', { timeout: CLI_TIMEOUT_MS }, async () => {
    const commands = ['demo', 'replay', 'simulate', 'backtest'];
    const [unknown, ...helps] = await Promise.all([runCli(['frobnicate']), ...commands.map((name) => runCli([name, '--help']))]);
    helps.forEach((help, i) => {
      expect(help.code, commands[i]).toBe(0);
      expect(help.stdout, commands[i]).toMatch(new RegExp(`^Usage: weak-signal ${commands[i]}\\b`));
      expect(help.stdout, commands[i]).toContain('-h, --help');
      expect(help.stderr, commands[i]).toBe('');
    });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/^weak-signal: unknown command "frobnicate"\n/);
    expect(unknown.stderr).toContain('Usage: weak-signal <command> [options]');
    for (const name of commands) expect(unknown.stderr).toMatch(new RegExp(`^ {2}${name} +\\S`, 'm'));
  });
});
