import { closeSync, mkdirSync, openSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { SimulationResult } from './simulate.js';
import type { SimulatedRecord } from './simulated-record.js';

export interface WrittenSimulation {
  readonly eventsPath: string;
  readonly episodesPath: string;
  readonly records: number;
  readonly byStream: Readonly<Record<SimulatedRecord['stream'], number>>;
  readonly episodes: number;
}

/** Lines per write: big enough to be fast, small enough not to build one 100 MB string. */
const CHUNK_LINES = 5000;

/**
 * Writes `events.jsonl` (one record per line, in arrival order, for replay) and
 * `episodes.json` (the ground truth) into `dir`, creating it if needed.
 */
export function writeSimulation(dir: string, result: SimulationResult): WrittenSimulation {
  mkdirSync(dir, { recursive: true });
  const eventsPath = join(dir, 'events.jsonl');
  const episodesPath = join(dir, 'episodes.json');
  const byStream = { hotline: 0, dispute: 0, cases: 0 };
  const fd = openSync(eventsPath, 'w');
  try {
    let chunk: string[] = [];
    for (const record of result.records) {
      byStream[record.stream]++;
      chunk.push(JSON.stringify(record));
      if (chunk.length === CHUNK_LINES) {
        writeSync(fd, chunk.join('\n') + '\n');
        chunk = [];
      }
    }
    if (chunk.length > 0) writeSync(fd, chunk.join('\n') + '\n');
  } finally {
    closeSync(fd);
  }
  writeFileSync(episodesPath, JSON.stringify(result.episodes, null, 2) + '\n');
  return { eventsPath, episodesPath, records: result.records.length, byStream, episodes: result.episodes.length };
}
