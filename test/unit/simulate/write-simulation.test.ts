import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { simulate } from '../../../src/simulate/simulate.js';
import { writeSimulation } from '../../../src/simulate/write-simulation.js';
import { bundledConfig } from './bundled-config.js';

describe('writeSimulation', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it('writes one JSON record per line and the episodes as ground truth, and counts them', () => {
    const result = simulate({ seed: 3, start: '2026-01-05', days: 12, scale: 0.05 }, bundledConfig());
    const dir = mkdtempSync(join(tmpdir(), 'ews-sim-'));
    dirs.push(dir);
    const written = writeSimulation(join(dir, 'nested'), result);

    const lines = readFileSync(written.eventsPath, 'utf8').trimEnd().split('\n');
    expect(lines.map((l) => JSON.parse(l) as unknown)).toEqual(result.records);
    expect(JSON.parse(readFileSync(written.episodesPath, 'utf8'))).toEqual(result.episodes);
    expect(written.records).toBe(result.records.length);
    expect(written.episodes).toBe(result.episodes.length);
    expect(written.byStream.hotline + written.byStream.dispute + written.byStream.cases).toBe(result.records.length);
    expect(written.byStream.cases).toBe(result.records.filter((r) => r.stream === 'cases').length);
  });
});
