import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { loadEarsGoldenCases, withinTolerance } from '../unit/detectors/golden.js';
import type { EarsGoldenCase } from '../unit/detectors/golden.js';
import { CLI_TIMEOUT_MS, runCli } from '../unit/support/run-cli.js';

const GOLDEN = 'test/fixtures/golden/ears';
const dir = mkdtempSync(join(tmpdir(), 'ews-backtest-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const cases = new Map(loadEarsGoldenCases().map((c) => [c.name, c]));

function fixture(name: string): EarsGoldenCase {
  const found = cases.get(name);
  if (found === undefined) throw new Error(`golden case ${name} missing`);
  return found;
}

interface OutputRow {
  readonly date: string;
  readonly upper: number;
  readonly alarm: string;
}

/** The backtest CSV as rows; an empty `upper` (warming up) reads as NaN. */
function parseOutput(csv: string): OutputRow[] {
  const [header, ...lines] = csv.trimEnd().split('\n');
  expect(header).toBe('series,date,count,expected,upper,score,alarm');
  return lines.map((line) => {
    const [, date = '', , , upper = '', , alarm = ''] = line.split(',');
    return { date, upper: upper === '' ? Number.NaN : Number(upper), alarm };
  });
}

/** Rows where the CLI's alarm or upper bound differs from R's, as readable strings. */
function mismatches(rows: readonly OutputRow[], golden: EarsGoldenCase, method: 'C1' | 'C2' | 'C3'): string[] {
  const expected = golden.expected.methods[method];
  expect(rows).toHaveLength(expected.alarm.length);
  const found: string[] = [];
  rows.forEach((row, i) => {
    const alarm = expected.alarm[i] === true ? '1' : '0';
    if (row.alarm !== alarm) found.push(`${row.date}: alarm ${row.alarm}, R ${alarm}`);
    if (!withinTolerance(row.upper, expected.upperbound[i] ?? null, golden.expected)) found.push(`${row.date}: upper ${row.upper}, R ${expected.upperbound[i]}`);
  });
  return found;
}

function alarmsOf(golden: EarsGoldenCase, method: 'C1' | 'C2' | 'C3'): number {
  return golden.expected.methods[method].alarm.filter((a) => a === true).length;
}

describe('weak-signal backtest', () => {
  it("reproduces R surveillance's EARS alarms and upper bounds on golden series", { timeout: CLI_TIMEOUT_MS }, async () => {
    const spike = fixture('outbreak_spike');
    const weekly = fixture('weekly');
    const custom = fixture('custom_control');
    // custom_control uses non-default EARS parameters: pass them as a bare parameter mapping.
    const { alpha, baseline, minSigma } = custom.expected.methods.C3.control;
    const params = join(dir, 'c3-params.yaml');
    writeFileSync(params, stringify({ alpha, baseline, minSigma }));
    const customOut = join(dir, 'custom.csv');

    const [c1, c2, c3] = await Promise.all([
      runCli(['backtest', '--input', `${GOLDEN}/outbreak_spike.input.csv`, '--detector', 'ears_c1']),
      runCli(['backtest', '--input', `${GOLDEN}/weekly.input.csv`, '--detector', 'ears_c2']),
      runCli(['backtest', '--input', `${GOLDEN}/custom_control.input.csv`, '--detector', 'ears_c3', '--config', params, '--out', customOut]),
    ]);

    expect([c1.code, c2.code, c3.code]).toEqual([0, 0, 0]);
    expect(mismatches(parseOutput(c1.stdout), spike, 'C1')).toEqual([]);
    expect(mismatches(parseOutput(c2.stdout), weekly, 'C2')).toEqual([]);
    expect(c3.stdout).toBe('');
    expect(mismatches(parseOutput(readFileSync(customOut, 'utf8')), custom, 'C3')).toEqual([]);

    expect(c1.stderr).toBe(`outbreak_spike: 100 day rows 2024-01-01..2024-04-09 (inferred), 7 warming up, ${alarmsOf(spike, 'C1')} alarms\n`);
    expect(c2.stderr).toMatch(new RegExp(`^weekly: \\d+ week rows .* \\(inferred\\), 9 warming up, ${alarmsOf(weekly, 'C2')} alarms\\n$`));
    expect(c3.stderr).toMatch(new RegExp(`^custom_control: 100 day rows .*, ${alarmsOf(custom, 'C3')} alarms\\n$`));
  });

  it('explains what is wrong with the input or the flags', { timeout: CLI_TIMEOUT_MS }, async () => {
    const badCsv = join(dir, 'bad.csv');
    writeFileSync(badCsv, 'series,date,count\nward,2026-03-02,3\nward,2026-03-03,-2\nward,2026-02-30,1\n');
    const [week, unknown, csv] = await Promise.all([
      runCli(['backtest', '--input', `${GOLDEN}/outbreak_spike.input.csv`, '--detector', 'ears_c1', '--granularity', 'week']),
      runCli(['backtest', '--input', `${GOLDEN}/outbreak_spike.input.csv`, '--detector', 'ears_c4']),
      runCli(['backtest', '--input', badCsv, '--detector', 'ears_c1']),
    ]);

    expect(week.code).toBe(1);
    expect(week.stdout).toBe('');
    expect(week.stderr).toBe(
      `weak-signal backtest: ${GOLDEN}/outbreak_spike.input.csv: series "outbreak_spike": date 2024-01-02 is not a whole number of weeks after 2024-01-01 [EWS_ERR_INPUT_UNREADABLE]\n`,
    );

    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/^weak-signal backtest: --detector: unknown detector "ears_c4"; known: ears_c1, ears_c2, ears_c3, ewma, cusum, robust_z, farrington, farrington_flexible, seasonal, slow_rise, term_burst\n/);
    expect(unknown.stderr).toContain('Usage: weak-signal backtest');

    expect(csv.code).toBe(1);
    expect(csv.stdout).toBe('');
    expect(csv.stderr).toBe(
      `weak-signal backtest: ${badCsv}: invalid CSV:\n` +
        '  line 3: count: expected a non-negative integer, got "-2"\n' +
        '  line 4: date: not a calendar date, got "2026-02-30" [EWS_ERR_INPUT_UNREADABLE]\n',
    );
  });
});
