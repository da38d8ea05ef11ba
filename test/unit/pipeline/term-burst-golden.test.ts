import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { Engine } from '../../../src/pipeline/engine.js';
import type { ScoredWindow } from '../../../src/pipeline/scored-window.js';
import { simulate } from '../../../src/simulate/simulate.js';
import { bundledConfig } from '../simulate/bundled-config.js';

/**
 * Golden term_burst results on a seeded simulated run with the bundled config (term_burst on
 * hotline and dispute day series, street and community). The fixture was written by the first
 * implementation of the text path (commit 56217a2), before it was made cheaper: any change to
 * what the detector finds shows here. Regenerate only on purpose: WRITE_GOLDEN=1 npx vitest run <this file>.
 */
const FIXTURE = fileURLToPath(new URL('./fixtures/term-burst-golden.json', import.meta.url));

interface GoldenWindow {
  readonly key: string;
  readonly start: number;
  readonly pValue: number | undefined;
  readonly alarm: boolean;
  readonly topTerms: readonly { term: string; count: number; baseline: number }[];
}

function run() {
  const bundled = bundledConfig();
  // One vote opens an alert, so term_burst's own alarms show as alerts with named topTerms.
  const config = { ...bundled, alerting: { ...bundled.alerting, minVotes: 1, severity: bundled.alerting.severity.map((b) => ({ ...b, minVotes: 1 })) } };
  // 28 days at a third of Longgang, with the default episodes four times as strong (wage arrears, food safety...).
  const { records } = simulate({ seed: 11, start: '2026-04-06', days: 28, scale: 0.3, episodeStrength: 4 }, config);
  const windows: GoldenWindow[] = [];
  let scored = 0;
  const engine = new Engine({
    config,
    onWindowScored: (result: ScoredWindow) => {
      const verdict = result.verdicts.find((v) => v.detector === 'term_burst');
      if (verdict === undefined) return;
      scored += 1;
      const { pValue, alarm, topTerms } = verdict.score;
      // Quiet windows (p = 1, nothing reported) are only counted, to keep the fixture small.
      if ((pValue ?? 0) >= 1 && (topTerms ?? []).length === 0) return;
      windows.push({ key: result.window.key, start: result.window.start, pValue, alarm, topTerms: topTerms ?? [] });
    },
  });
  for (const record of records) engine.ingestText(JSON.stringify(record));
  engine.finish();
  const alerts = engine
    .takeAlertChanges()
    .filter((c) => c.kind === 'opened' && c.alert.votes.includes('term_burst'))
    .map((c) => ({ seriesKey: c.alert.seriesKey, start: c.alert.window.start, topTerms: c.alert.topTerms }));
  // Every non-quiet window enters the digest; the strongest are kept in full to show a difference.
  const digest = createHash('sha256').update(JSON.stringify(windows)).digest('hex');
  const strongest = windows.filter((w) => (w.pValue ?? 1) < 0.01);
  return { records: records.length, scored, nonQuiet: windows.length, digest, strongest, alerts };
}

describe('term_burst golden run', () => {
  it('finds the same bursts, p-values and top terms as the reference implementation', () => {
    const actual = run();
    if (process.env.WRITE_GOLDEN === '1' || !existsSync(FIXTURE)) writeFileSync(FIXTURE, JSON.stringify(actual, null, 1) + '\n');
    const golden = JSON.parse(readFileSync(FIXTURE, 'utf8')) as ReturnType<typeof run>;
    expect(actual.records).toBe(golden.records);
    expect(actual.scored).toBe(golden.scored);
    expect(actual.alerts).toEqual(golden.alerts);
    expect(actual.nonQuiet).toBe(golden.nonQuiet);
    expect(actual.strongest).toEqual(golden.strongest);
    // Bit for bit: the same arithmetic in the same order gives the same doubles in every window.
    expect(actual.digest).toBe(golden.digest);
    expect(golden.alerts.length).toBeGreaterThan(0);
    expect(golden.strongest.filter((w) => w.alarm).length).toBeGreaterThan(0);
  }, 60_000);
});
