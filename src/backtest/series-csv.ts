import { z } from 'zod';
import type { BacktestRow } from './backtest.js';

/** One input row of a backtest: a count of `series` on the local date `date` (YYYY-MM-DD). */
export const SeriesRow = z
  .object({
    series: z.string().min(1, { error: 'series is empty' }),
    date: z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}$/, { error: 'expected a date as YYYY-MM-DD', abort: true })
      .refine(isCalendarDate, { error: 'not a calendar date' }),
    count: z
      .string()
      .regex(/^\d+$/, { error: 'expected a non-negative integer', abort: true })
      .transform(Number)
      .pipe(z.number().max(Number.MAX_SAFE_INTEGER, { error: 'too large' })),
  })
  .strict();
export type SeriesRow = z.infer<typeof SeriesRow>;

/** A problem on one line of the input; lines count from 1, the header included. */
export interface CsvIssue {
  readonly line: number;
  readonly message: string;
}

export type ParseSeriesCsvResult =
  | { readonly success: true; readonly rows: SeriesRow[] }
  | { readonly success: false; readonly issues: CsvIssue[] };

export const SERIES_CSV_HEADER = ['series', 'date', 'count'] as const;
export const BACKTEST_CSV_HEADER = ['series', 'date', 'count', 'expected', 'upper', 'score', 'alarm'] as const;

/** Stop collecting after this many issues: a wrong file would otherwise echo every line. */
const MAX_ISSUES = 50;

function isCalendarDate(date: string): boolean {
  const [y, m, d] = date.split('-').map(Number);
  if (y === undefined || m === undefined || d === undefined) return false;
  const parsed = new Date(Date.UTC(y, m - 1, d));
  return parsed.getUTCFullYear() === y && parsed.getUTCMonth() === m - 1 && parsed.getUTCDate() === d;
}

/** Splits one CSV line (RFC 4180 quoting, no line breaks inside fields); a string is an error. */
function splitCsvLine(line: string): string[] | string {
  const fields: string[] = [];
  let i = 0;
  for (;;) {
    let field = '';
    if (line[i] === '"') {
      i++;
      for (;;) {
        if (i >= line.length) return 'unterminated quoted field';
        const ch = line[i];
        if (ch === '"') {
          if (line[i + 1] === '"') {
            field += '"';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        field += ch;
        i++;
      }
      if (i < line.length && line[i] !== ',') return 'unexpected text after a quoted field';
    } else {
      const comma = line.indexOf(',', i);
      const stop = comma === -1 ? line.length : comma;
      field = line.slice(i, stop).trim();
      if (field.includes('"')) return 'quote inside an unquoted field';
      i = stop;
    }
    fields.push(field);
    if (i >= line.length) return fields;
    i++; // skip the comma
  }
}

/** "count: expected a non-negative integer, got "-2"", one part per issue. */
function describeIssues(error: z.ZodError, raw: Readonly<Record<string, string>>): string {
  return error.issues
    .map((issue) => {
      const field = String(issue.path[0] ?? '');
      return `${field}: ${issue.message}, got "${raw[field] ?? ''}"`;
    })
    .join('; ');
}

/**
 * Parses `series,date,count` CSV text. Blank lines are skipped; every other problem is
 * reported with its line number (up to MAX_ISSUES), and no rows are returned then.
 */
export function parseSeriesCsv(text: string): ParseSeriesCsvResult {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const header = splitCsvLine(lines[0] ?? '');
  if (typeof header === 'string' || header.join(',').toLowerCase() !== SERIES_CSV_HEADER.join(',')) {
    return {
      success: false,
      issues: [{ line: 1, message: `expected the header "${SERIES_CSV_HEADER.join(',')}", got "${lines[0] ?? ''}"` }],
    };
  }
  const rows: SeriesRow[] = [];
  const issues: CsvIssue[] = [];
  for (let index = 1; index < lines.length && issues.length < MAX_ISSUES; index++) {
    const text = lines[index] ?? '';
    if (text.trim() === '') continue;
    const line = index + 1;
    const fields = splitCsvLine(text);
    if (typeof fields === 'string') {
      issues.push({ line, message: fields });
      continue;
    }
    if (fields.length !== SERIES_CSV_HEADER.length) {
      issues.push({ line, message: `expected ${SERIES_CSV_HEADER.length} fields, got ${fields.length}` });
      continue;
    }
    const [series = '', date = '', count = ''] = fields;
    const raw = { series, date, count };
    const parsed = SeriesRow.safeParse(raw);
    if (parsed.success) rows.push(parsed.data);
    else issues.push({ line, message: describeIssues(parsed.error, raw) });
  }
  return issues.length > 0 ? { success: false, issues } : { success: true, rows };
}

function csvField(value: string): string {
  return /[",\r\n]/.test(value) || value !== value.trim() ? `"${value.replaceAll('"', '""')}"` : value;
}

/** Full precision (shortest round-trip form); NaN, e.g. while warming up, is an empty field. */
function csvNumber(value: number): string {
  return Number.isNaN(value) ? '' : String(value);
}

/** Formats backtest output as `series,date,count,expected,upper,score,alarm` with a trailing newline. */
export function formatBacktestCsv(rows: readonly BacktestRow[]): string {
  const lines = [BACKTEST_CSV_HEADER.join(',')];
  for (const row of rows) {
    lines.push(
      [
        csvField(row.series),
        row.date,
        csvNumber(row.count),
        csvNumber(row.expected),
        csvNumber(row.upper),
        csvNumber(row.score),
        String(row.alarm),
      ].join(','),
    );
  }
  return `${lines.join('\n')}\n`;
}
