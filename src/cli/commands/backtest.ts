import { readFileSync, writeFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { detectorNames, detectorRegistry } from '../../../detectors/index.js';
import { runBacktest, type BacktestGranularity } from '../../backtest/backtest.js';
import { formatBacktestCsv, parseSeriesCsv } from '../../backtest/series-csv.js';
import { formatIssues } from '../../config/format-issues.js';
import { ConfigError, InputError, UsageError } from '../../errors.js';
import type { Command } from '../command.js';
import { parseFlags } from '../parse-flags.js';

export const backtestCommand: Command = {
  name: 'backtest',
  summary: 'score count series from a CSV with one detector, row by row',
  usage: `Usage: weak-signal backtest --input series.csv --detector NAME [options]

Reads count series as CSV with the header series,date,count (dates YYYY-MM-DD, local) and
writes, for every date of every series, series,date,count,expected,upper,score,alarm
(alarm 0 or 1; expected and upper empty while the detector warms up). Missing dates are
scored as 0 and written out, with a note on stderr.

Options:
  --input FILE          the series CSV (required)
  --detector NAME       one of: ${detectorNames.join(', ')}
  --config FILE         YAML with the detector's parameters: either the service config
                        (detectors.params.NAME is used) or a mapping of parameters
  --granularity G       day or week (default: inferred from the dates of each series)
  --out FILE            output CSV (default: stdout)
  -h, --help            this help`,

  async run(argv) {
    const { values } = parseFlags(argv, {
      input: { type: 'string' },
      detector: { type: 'string' },
      config: { type: 'string' },
      granularity: { type: 'string' },
      out: { type: 'string' },
    });
    if (values.input === undefined) throw new UsageError('--input is required');
    if (values.detector === undefined) throw new UsageError('--detector is required');
    const detector = detectorRegistry.get(values.detector);
    if (detector === undefined) throw new UsageError(`--detector: unknown detector "${values.detector}"; known: ${detectorNames.join(', ')}`);
    const granularity = values.granularity;
    if (granularity !== undefined && granularity !== 'day' && granularity !== 'week') {
      throw new UsageError(`--granularity: expected day or week, got "${granularity}"`);
    }
    const params = values.config === undefined ? {} : readDetectorParams(values.config, values.detector);
    const parsedParams = detector.configSchema.safeParse(params);
    if (!parsedParams.success) throw new ConfigError(formatIssues(values.config ?? '(defaults)', parsedParams.error.issues, params));

    let text: string;
    try {
      text = readFileSync(values.input, 'utf8');
    } catch (cause) {
      throw new InputError(`cannot read ${values.input}: ${(cause as NodeJS.ErrnoException).code ?? String(cause)}`, { cause });
    }
    const parsed = parseSeriesCsv(text);
    if (!parsed.success) {
      throw new InputError(`${values.input}: invalid CSV:\n  ${parsed.issues.map((i) => `line ${i.line}: ${i.message}`).join('\n  ')}`);
    }
    let result;
    try {
      result = runBacktest(parsed.rows, detector, parsedParams.data, granularity === undefined ? {} : { granularity: granularity as BacktestGranularity });
    } catch (cause) {
      if (cause instanceof RangeError) throw new InputError(`${values.input}: ${cause.message}`, { cause });
      throw cause;
    }
    const csv = formatBacktestCsv(result.rows);
    if (values.out === undefined) process.stdout.write(csv);
    else writeFileSync(values.out, csv);
    for (const note of result.series) {
      const filled = note.filled > 0 ? `, ${note.filled} missing dates scored as 0` : '';
      process.stderr.write(
        `${note.series}: ${note.rows} ${note.granularity} rows ${note.firstDate}..${note.lastDate}${note.inferred ? ' (inferred)' : ''}, ` +
          `${note.warmingUp} warming up, ${note.alarms} alarms${filled}\n`,
      );
    }
    return 0;
  },
};

/** Parameters for `name` from a service config (`detectors.params.<name>`) or a bare mapping. */
function readDetectorParams(path: string, name: string): Record<string, unknown> {
  let document: unknown;
  try {
    document = parseYaml(readFileSync(path, 'utf8'));
  } catch (cause) {
    throw new ConfigError([`${path}: ${(cause as Error).message.split('\n')[0]}`], { cause });
  }
  if (document === null || document === undefined) return {};
  if (typeof document !== 'object' || Array.isArray(document)) throw new ConfigError([`${path}: (top level): expected a mapping of parameters`]);
  const detectors = (document as { detectors?: { params?: Record<string, unknown> } }).detectors;
  const params = detectors === undefined ? document : (detectors.params?.[name] ?? {});
  if (typeof params !== 'object' || params === null) throw new ConfigError([`${path}: detectors.params.${name}: expected a mapping`]);
  return params as Record<string, unknown>;
}
