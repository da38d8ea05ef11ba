import { createWriteStream } from 'node:fs';
import { loadConfig } from '../../config/load-config.js';
import { Engine } from '../../pipeline/engine.js';
import { replay } from '../../pipeline/replay.js';
import { JsonlAlertSink } from '../../sinks/jsonl-alert-sink.js';
import { JsonlDeadLetterSink } from '../../sources/dead-letter.js';
import { readLines } from '../../sources/line-source.js';
import { UsageError } from '../../errors.js';
import type { Command } from '../command.js';
import { formatSummary } from '../format-summary.js';
import { defaultConfigPath } from '../package-root.js';
import { parseFlags } from '../parse-flags.js';

export const replayCommand: Command = {
  name: 'replay',
  summary: 'run a JSONL file of input records through the engine and write alerts',
  usage: `Usage: weak-signal replay <file.jsonl | -> [options]

Runs every record (one JSON object per line, with a "stream" field: hotline, dispute or
cases) through the engine, as the service would on Kafka, and writes alert changes as JSONL.

Options:
  --out FILE       alerts JSONL (default: stdout)
  --rejects FILE   rejected lines as JSONL with line number, reason and details
                   (default: <input>.rejects.jsonl, or rejects.jsonl for stdin)
  --config FILE    configuration (default: $EWS_CONFIG or the bundled config/default.yaml)
  --quiet          no progress or summary on stderr
  -h, --help       this help

Exit code: 0 when the input was read to the end (bad records are reported, not fatal),
1 for a fatal error (unreadable input or config), 2 for a usage error.`,

  async run(argv) {
    const { values, positionals } = parseFlags(
      argv,
      { out: { type: 'string' }, rejects: { type: 'string' }, config: { type: 'string' }, quiet: { type: 'boolean', default: false } },
      true,
    );
    const input = positionals[0];
    if (input === undefined || positionals.length > 1) throw new UsageError('expected exactly one input: a JSONL file or "-" for stdin');
    const { config } = loadConfig(defaultConfigPath(values.config));
    const engine = new Engine({ config });
    const rejectsPath = values.rejects ?? (input === '-' ? 'rejects.jsonl' : `${input.replace(/\.jsonl$/, '')}.rejects.jsonl`);
    const out = values.out === undefined ? process.stdout : createWriteStream(values.out);
    const sink = new JsonlAlertSink(out, values.out !== undefined);
    const deadLetters = new JsonlDeadLetterSink(createWriteStream(rejectsPath));
    const started = performance.now();
    const log = (line: string) => {
      if (!values.quiet) process.stderr.write(`${line}\n`);
    };
    try {
      const summary = await replay({
        engine,
        lines: readLines(input),
        sourceName: input === '-' ? 'stdin' : input,
        sinks: [sink],
        deadLetters,
        onProgress: (lines) => log(`progress: ${lines} lines, ${Math.round(lines / ((performance.now() - started) / 1000))} lines/s`),
      });
      log(formatSummary(summary, (performance.now() - started) / 1000));
      log(`rejects     ${rejectsPath}${values.out === undefined ? '' : `\nalerts      ${values.out}`}`);
    } finally {
      await Promise.all([sink.close(), deadLetters.close()]);
    }
    return 0;
  },
};
