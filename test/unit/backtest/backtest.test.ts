import { describe, it, expect } from 'vitest';
import { earsC1, earsC2, earsC3 } from '../../../detectors/ears.js';
import { runBacktest } from '../../../src/backtest/backtest.js';
import type { BacktestRow, CountRow } from '../../../src/backtest/backtest.js';
import { formatBacktestCsv, parseSeriesCsv } from '../../../src/backtest/series-csv.js';
import { loadEarsGoldenCases, withinTolerance } from '../detectors/golden.js';
import type { EarsGoldenCase } from '../detectors/golden.js';

const DETECTORS = { C1: earsC1, C2: earsC2, C3: earsC3 } as const;

function expectMatchesR(fixture: EarsGoldenCase, method: keyof typeof DETECTORS, rows: readonly BacktestRow[]): void {
  const expected = fixture.expected.methods[method];
  expect(rows).toHaveLength(expected.alarm.length);
  const mismatches: string[] = [];
  rows.forEach((row, i) => {
    const alarm = expected.alarm[i] ?? null;
    if (row.alarm !== (alarm === true ? 1 : 0)) mismatches.push(`${row.date}: alarm ${row.alarm}, R ${alarm}`);
    if (!withinTolerance(row.upper, expected.upperbound[i] ?? null, fixture.expected)) {
      mismatches.push(`${row.date}: upper ${row.upper}, R ${expected.upperbound[i]}`);
    }
  });
  expect(mismatches).toEqual([]);
}

function parsedRows(csv: string): CountRow[] {
  const parsed = parseSeriesCsv(csv);
  if (!parsed.success) throw new Error(JSON.stringify(parsed.issues));
  return parsed.rows;
}

describe('runBacktest on the R golden series', () => {
  const cases = loadEarsGoldenCases();

  for (const fixture of cases) {
    for (const method of ['C1', 'C2', 'C3'] as const) {
      it(`reproduces R's ${method} alarms on ${fixture.name}`, () => {
        const detector = DETECTORS[method];
        const { alpha, baseline, minSigma } = fixture.expected.methods[method].control;
        const config = detector.configSchema.parse({ alpha, baseline, minSigma });
        const result = runBacktest(parsedRows(fixture.csv), detector, config);
        expect(result.series).toHaveLength(1);
        expect(result.series[0]).toMatchObject({ series: fixture.name, granularity: fixture.expected.granularity, inferred: true, filled: 0 });
        expectMatchesR(fixture, method, result.rows);
      });
    }
  }

  it('fills the dates dropped from a sparse series with zeros and still matches R', () => {
    const fixture = cases.find((c) => c.name === 'sparse_gaps');
    if (fixture === undefined) throw new Error('sparse_gaps fixture missing');
    const all = parsedRows(fixture.csv);
    // Drop interior zero rows; the first and last rows stay so the date range is unchanged.
    const kept = all.filter((row, i) => row.count !== 0 || i === 0 || i === all.length - 1);
    const dropped = all.length - kept.length;
    expect(dropped).toBeGreaterThan(50);

    const config = earsC2.configSchema.parse({});
    const result = runBacktest(kept, earsC2, config);
    expect(result.series[0]).toMatchObject({ rows: all.length, filled: dropped, granularity: 'day' });
    expect(result.rows.filter((row) => row.filled)).toHaveLength(dropped);
    expect(result.rows.map((row) => row.date)).toEqual(all.map((row) => row.date));
    expectMatchesR(fixture, 'C2', result.rows);
  });
});

describe('runBacktest', () => {
  const config = earsC1.configSchema.parse({});

  it('groups by series in order of first appearance and sorts each by date', () => {
    const rows: CountRow[] = [
      { series: 'b', date: '2024-01-02', count: 2 },
      { series: 'a', date: '2024-01-03', count: 3 },
      { series: 'b', date: '2024-01-01', count: 1 },
      { series: 'a', date: '2024-01-01', count: 1 },
    ];
    const result = runBacktest(rows, earsC1, config);
    expect(result.rows.map((row) => `${row.series} ${row.date} ${row.count} ${row.filled}`)).toEqual([
      'b 2024-01-01 1 false',
      'b 2024-01-02 2 false',
      'a 2024-01-01 1 false',
      'a 2024-01-02 0 true',
      'a 2024-01-03 3 false',
    ]);
    expect(result.series.map((note) => [note.series, note.filled, note.warmingUp])).toEqual([
      ['b', 0, 2],
      ['a', 1, 3],
    ]);
  });

  it('infers weeks from 7-day spacing and fills a missing week', () => {
    const rows: CountRow[] = ['2024-01-01', '2024-01-08', '2024-01-22'].map((date) => ({ series: 'w', date, count: 5 }));
    const result = runBacktest(rows, earsC1, config);
    expect(result.series[0]).toMatchObject({ granularity: 'week', inferred: true, rows: 4, filled: 1 });
    expect(result.rows.map((row) => row.date)).toEqual(['2024-01-01', '2024-01-08', '2024-01-15', '2024-01-22']);
  });

  it('infers days when any gap is not a whole number of weeks', () => {
    const rows: CountRow[] = ['2024-01-01', '2024-01-08', '2024-01-10'].map((date) => ({ series: 'd', date, count: 1 }));
    expect(runBacktest(rows, earsC1, config).series[0]).toMatchObject({ granularity: 'day', rows: 10, filled: 7 });
  });

  it('builds local-midnight windows in UTC+08:00 with weekday and day type', () => {
    const seen: Array<{ start: number; end: number; weekday: number; dayType: string; key: string }> = [];
    const spy = {
      ...earsC1,
      update: (...args: Parameters<typeof earsC1.update>) => {
        const window = args[1];
        seen.push({ start: window.start, end: window.end, weekday: window.weekday, dayType: window.dayType, key: window.key });
        return earsC1.update(...args);
      },
    };
    runBacktest([{ series: 's', date: '2024-01-06', count: 1 }, { series: 's', date: '2024-01-08', count: 1 }], spy, config);
    expect(seen[0]).toEqual({
      start: Date.parse('2024-01-05T16:00:00Z'),
      end: Date.parse('2024-01-06T16:00:00Z'),
      weekday: 6,
      dayType: 'weekend',
      key: 'cases|s|backtest|day',
    });
    expect(seen.map((window) => window.dayType)).toEqual(['weekend', 'weekend', 'workday']);

    seen.length = 0;
    runBacktest([{ series: 's', date: '2024-01-10', count: 1 }], spy, config, { granularity: 'week' });
    // A Wednesday date falls in the week window starting Monday 2024-01-08, local midnight.
    expect(seen[0]).toMatchObject({ start: Date.parse('2024-01-07T16:00:00Z'), weekday: 1, key: 'cases|s|backtest|week' });
    expect((seen[0]?.end ?? 0) - (seen[0]?.start ?? 0)).toBe(7 * 86_400_000);
  });

  it('rejects a duplicate date and a date off the weekly grid, naming them', () => {
    const duplicate: CountRow[] = [
      { series: 's', date: '2024-01-01', count: 1 },
      { series: 's', date: '2024-01-01', count: 2 },
    ];
    expect(() => runBacktest(duplicate, earsC1, config)).toThrow('series "s": date 2024-01-01 appears more than once');
    const offGrid: CountRow[] = [
      { series: 's', date: '2024-01-01', count: 1 },
      { series: 's', date: '2024-01-03', count: 2 },
    ];
    expect(() => runBacktest(offGrid, earsC1, config, { granularity: 'week' })).toThrow('date 2024-01-03 is not a whole number of weeks');
    expect(() => runBacktest([{ series: 's', date: '2024-02-30', count: 1 }], earsC1, config)).toThrow('2024-02-30 is not a date');
  });

  it('is deterministic', () => {
    const rows = parsedRows(loadEarsGoldenCases()[0]?.csv ?? '');
    expect(runBacktest(rows, earsC3, earsC3.configSchema.parse({}))).toEqual(runBacktest(rows, earsC3, earsC3.configSchema.parse({})));
  });
});

describe('parseSeriesCsv', () => {
  it('parses rows, skipping blank lines, with CRLF, a BOM and quoted fields', () => {
    const parsed = parseSeriesCsv('\uFEFFseries,date,count\r\n"a, b",2024-01-01,3\r\n\r\nc,2024-01-02, 0 \r\n');
    expect(parsed).toEqual({
      success: true,
      rows: [
        { series: 'a, b', date: '2024-01-01', count: 3 },
        { series: 'c', date: '2024-01-02', count: 0 },
      ],
    });
  });

  it('names the line and the problem for each bad line', () => {
    const csv = [
      'series,date,count',
      'a,2024-01-01,1',
      'a,2024-13-01,1',
      'a,2024-01-03,-2',
      'a,2024-01-04',
      ',2024-01-05,1',
      'a,2024-01-06,1.5',
      '"a,2024-01-07,1',
      'a,2024/01/08,1',
      'a,2023-02-29,1',
    ].join('\n');
    const parsed = parseSeriesCsv(csv);
    expect(parsed.success).toBe(false);
    if (parsed.success) return;
    expect(parsed.issues).toEqual([
      { line: 3, message: 'date: not a calendar date, got "2024-13-01"' },
      { line: 4, message: 'count: expected a non-negative integer, got "-2"' },
      { line: 5, message: 'expected 3 fields, got 2' },
      { line: 6, message: 'series: series is empty, got ""' },
      { line: 7, message: 'count: expected a non-negative integer, got "1.5"' },
      { line: 8, message: 'unterminated quoted field' },
      { line: 9, message: 'date: expected a date as YYYY-MM-DD, got "2024/01/08"' },
      { line: 10, message: 'date: not a calendar date, got "2023-02-29"' },
    ]);
  });

  it('rejects a missing or wrong header on line 1', () => {
    expect(parseSeriesCsv('date,series,count\n')).toEqual({
      success: false,
      issues: [{ line: 1, message: 'expected the header "series,date,count", got "date,series,count"' }],
    });
    expect(parseSeriesCsv('')).toMatchObject({ success: false, issues: [{ line: 1 }] });
  });
});

describe('formatBacktestCsv', () => {
  it('prints full precision, NaN as empty and alarms as 0/1', () => {
    const csv = formatBacktestCsv([
      { series: 'a', date: '2024-01-01', count: 1, expected: Number.NaN, upper: Number.NaN, score: 0, alarm: 0, filled: false },
      { series: 'x,"y"', date: '2024-01-02', count: 8, expected: 3, upper: 7.3702484382660085, score: 0.9997965239912775, alarm: 1, filled: true },
    ]);
    expect(csv).toBe(
      'series,date,count,expected,upper,score,alarm\n' +
        'a,2024-01-01,1,,,0,0\n' +
        '"x,""y""",2024-01-02,8,3,7.3702484382660085,0.9997965239912775,1\n',
    );
  });

  it('round-trips through parseSeriesCsv for the first three columns', () => {
    const fixture = loadEarsGoldenCases().find((c) => c.name === 'weekly');
    if (fixture === undefined) throw new Error('weekly fixture missing');
    const result = runBacktest(parsedRows(fixture.csv), earsC1, earsC1.configSchema.parse({}));
    const text = formatBacktestCsv(result.rows)
      .split('\n')
      .map((line) => line.split(',').slice(0, 3).join(','))
      .join('\n');
    expect(parseSeriesCsv(text)).toEqual({ success: true, rows: fixture.rows });
  });
});
