import { createWriteStream } from 'node:fs';
import { join } from 'node:path';
import type { Alert } from '../../domain/alert.js';
import { SEVERITY_RANK } from '../../domain/severity.js';
import { loadConfig } from '../../config/load-config.js';
import { Engine } from '../../pipeline/engine.js';
import { replay } from '../../pipeline/replay.js';
import { simulate } from '../../simulate/simulate.js';
import { writeSimulation } from '../../simulate/write-simulation.js';
import { JsonlAlertSink } from '../../sinks/jsonl-alert-sink.js';
import { MemoryAlertSink } from '../../sinks/memory-alert-sink.js';
import { JsonlDeadLetterSink } from '../../sources/dead-letter.js';
import { readLines } from '../../sources/line-source.js';
import type { Command } from '../command.js';
import { formatAlertTable } from '../alert-table.js';
import { alertMatchesEpisode, MATCH_GRACE_DAYS } from '../episode-match.js';
import { formatSummary } from '../format-summary.js';
import { defaultConfigPath } from '../package-root.js';
import { integerFlag, parseFlags } from '../parse-flags.js';

export const demoCommand: Command = {
  name: 'demo',
  summary: 'simulate three months of Longgang data, replay it through the engine, show the alerts',
  usage: `Usage: weak-signal demo [options]

No Kafka or Redis needed: simulates three months (2026-03-01 to 2026-05-31) of hotline
complaints, dispute reports and case counts for Longgang with injected weak-signal episodes,
replays them through the real engine with the bundled config, prints the alerts as a table
next to the episodes they point at, and writes everything to the output folder.

Options:
  --out-dir DIR   output folder (default: out/demo): events.jsonl, episodes.json,
                  alerts.jsonl, rejects.jsonl
  --seed N        random seed of the simulation (default: 42)
  --days N        days to simulate (default: 92)
  --scale X       volume multiplier (default: 1, ~3000 complaints a day)
  --config FILE   configuration (default: $EWS_CONFIG or the bundled config/default.yaml)
  -h, --help      this help`,

  async run(argv) {
    const { values } = parseFlags(argv, {
      'out-dir': { type: 'string', default: join('out', 'demo') },
      seed: { type: 'string' },
      days: { type: 'string' },
      scale: { type: 'string' },
      config: { type: 'string' },
    });
    const outDir = values['out-dir'];
    const { config } = loadConfig(defaultConfigPath(values.config));
    const print = (text = '') => process.stdout.write(`${text}\n`);

    const simulated = simulate(
      {
        seed: integerFlag('seed', values.seed, 42),
        start: '2026-03-01',
        days: integerFlag('days', values.days, 92, 1),
        scale: values.scale === undefined ? 1 : Number(values.scale),
      },
      config,
    );
    const written = writeSimulation(outDir, simulated);
    print(`Simulated ${written.records} records (hotline ${written.byStream.hotline}, dispute ${written.byStream.dispute}, cases ${written.byStream.cases}) -> ${written.eventsPath}`);

    const engine = new Engine({ config });
    const alertsPath = join(outDir, 'alerts.jsonl');
    const rejectsPath = join(outDir, 'rejects.jsonl');
    const file = new JsonlAlertSink(createWriteStream(alertsPath), true);
    const memory = new MemoryAlertSink();
    const deadLetters = new JsonlDeadLetterSink(createWriteStream(rejectsPath));
    const started = performance.now();
    let summary;
    try {
      summary = await replay({ engine, lines: readLines(written.eventsPath), sourceName: written.eventsPath, sinks: [file, memory], deadLetters });
    } finally {
      await Promise.all([file.close(), deadLetters.close()]);
    }
    print(`Replayed through the engine:\n${indent(formatSummary(summary, (performance.now() - started) / 1000))}`);

    const opened = memory.changes.filter((c) => c.kind === 'opened').map((c) => c.alert);
    const { regions } = engine.settings;
    print();
    print(`Injected episodes (ground truth in ${written.episodesPath}) and the first alerts pointing at them:`);
    const matched = new Set<string>();
    for (const episode of simulated.episodes) {
      const hits = opened.filter((a) => alertMatchesEpisode(a, episode, regions));
      for (const hit of hits) matched.add(hit.id);
      const first = hits[0];
      // Delay to the close of the alert's window: the earliest moment the alert could exist.
      const delay = first === undefined ? null : (Date.parse(first.window.end) - Date.parse(episode.start)) / 86_400_000;
      print();
      print(`  ${episode.id} ${episode.kind}: ${episode.description.en}`);
      print(`    ${episode.start.slice(0, 10)} .. ${episode.end.slice(0, 10)}, +${Math.round(episode.extraRatio * 100)}% ${episode.shape}, ${episode.streams.join('+')} ${episode.categories.join('+')} in ${episode.regionCodes.join(', ')}`);
      if (first === undefined) {
        print('    not detected');
        continue;
      }
      print(`    detected: ${hits.length} alerts, the first ${delay?.toFixed(1)} days after the episode began (when its window closed):`);
      print(indent(formatAlertTable(hits.slice(0, 6)), 6));
    }
    const others = opened.filter((a) => !matched.has(a.id));
    const days = integerFlag('days', values.days, 92, 1);
    print();
    print(
      `Alerts not tied to an episode (within ${MATCH_GRACE_DAYS} days of it): ${others.length} of ${opened.length} opened, ` +
        `${(others.length / days).toFixed(1)} a day, ${((100 * others.length) / Math.max(summary.windows, 1)).toFixed(3)}% of ${summary.windows} windows scored. The strongest:`,
    );
    print(indent(formatAlertTable(strongest(others, 10)), 2));
    print();
    print(`Alerts: ${alertsPath} (one JSON record per change; schema: schemas/alert.schema.json)`);
    print(`Rejects: ${rejectsPath}`);
    return 0;
  },
};

function strongest(alerts: readonly Alert[], n: number): Alert[] {
  return [...alerts].sort((a, b) => SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity] || b.score - a.score).slice(0, n);
}

function indent(text: string, spaces = 2): string {
  const pad = ' '.repeat(spaces);
  return text
    .split('\n')
    .map((line) => pad + line)
    .join('\n');
}
