import type { AlertChange } from '../domain/alert.js';
import type { Severity } from '../domain/severity.js';
import type { AlertSink } from '../sinks/alert-sink.js';
import type { DeadLetter, DeadLetterSink } from '../sources/dead-letter.js';
import type { Engine } from './engine.js';
import type { EngineStats } from './engine-stats.js';

export interface ReplayInput {
  readonly engine: Engine;
  readonly lines: AsyncIterable<{ line: string; lineNumber: number }>;
  /** Label for dead-letter sources: "<sourceName>:<line>". */
  readonly sourceName: string;
  readonly sinks: readonly AlertSink[];
  readonly deadLetters: DeadLetterSink;
  /** Called about every `progressEvery` lines. */
  readonly onProgress?: (lines: number) => void;
  readonly progressEvery?: number;
  /** Lines processed between two flushes to the sinks. */
  readonly batchSize?: number;
}

export interface ReplaySummary {
  readonly lines: number;
  readonly blankLines: number;
  readonly stats: EngineStats;
  readonly series: number;
  /** Windows closed and scored, over all series. */
  readonly windows: number;
  readonly alerts: Record<AlertChange['kind'], number>;
  readonly openedBySeverity: Record<Severity, number>;
}

/**
 * Feeds JSONL lines through the engine in batches; after each batch the alert changes go to
 * every sink and the rejected lines to the dead-letter sink before the next batch is read.
 */
export async function replay(input: ReplayInput): Promise<ReplaySummary> {
  const { engine, sinks, deadLetters } = input;
  const batchSize = input.batchSize ?? 2000;
  const progressEvery = input.progressEvery ?? 100_000;
  const alerts = { opened: 0, updated: 0, resolved: 0 };
  const openedBySeverity: Record<Severity, number> = { blue: 0, yellow: 0, orange: 0, red: 0 };
  let letters: DeadLetter[] = [];
  let lines = 0;
  let blankLines = 0;

  const flush = async (): Promise<void> => {
    const changes = engine.takeAlertChanges();
    for (const change of changes) {
      alerts[change.kind] += 1;
      if (change.kind === 'opened') openedBySeverity[change.alert.severity] += 1;
    }
    await Promise.all([...sinks.map((sink) => sink.send(changes)), deadLetters.send(letters)]);
    letters = [];
  };

  for await (const { line, lineNumber } of input.lines) {
    lines += 1;
    if (line.trim() === '') {
      blankLines += 1;
    } else {
      const outcome = engine.ingestText(line);
      if (outcome.status === 'rejected') {
        letters.push({ stream: outcome.stream, reason: outcome.reason, details: outcome.details, source: `${input.sourceName}:${lineNumber}`, record: line });
      }
    }
    if (lines % batchSize === 0) await flush();
    if (input.onProgress !== undefined && lines % progressEvery === 0) input.onProgress(lines);
  }
  engine.finish();
  await flush();
  let windows = 0;
  for (const series of engine.allSeries()) windows += series.closedCount;
  return { lines, blankLines, stats: engine.stats, series: engine.seriesCount, windows, alerts, openedBySeverity };
}
