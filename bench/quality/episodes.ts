/**
 * Quality benchmark, multi-stream episodes: simulated Longgang data with wage-arrears surges
 * (hotline + disputes in one community) and influenza clusters (cases + hotline in neighbouring
 * communities), replayed through the engine; per place level, fusion against every single-stream
 * detector, the engine's series alerts per stream, and the spatial scan.
 *
 *   npm run bench:quality:episodes -- [--seeds 6] [--days 70] [--scale 0.5] [--strength 0.5,1]
 *
 * Units are place-days of the themes the episodes touch (wage, epidemic):
 * - fpr: place-days outside every episode (and its 3-day grace) with an alarm / such place-days;
 * - pod: episodes with an alarm at one of their places during the episode / episodes;
 * - sensitivity: episode place-days with an alarm / episode place-days;
 * - meanDelay: days from an episode's first day to its first alarm (0 = the first day), detected ones.
 * Days of the warm-up (the first 14) are not scored.
 */
import { fileURLToPath } from 'node:url';
import { loadConfig } from '../../src/config/load-config.js';
import type { AppConfig } from '../../src/config/app-config.js';
import type { RegionIndex } from '../../src/config/region-index.js';
import { DAY_MS } from '../../src/domain/granularity.js';
import { Engine } from '../../src/pipeline/engine.js';
import type { ScoredWindow } from '../../src/pipeline/scored-window.js';
import type { Episode, EpisodeKind } from '../../src/simulate/episodes.js';
import { simulate } from '../../src/simulate/simulate.js';
import { defaultConfigPath } from '../../src/cli/package-root.js';
import type { QualityRow } from './quality-row.js';

export interface EpisodeBenchOptions {
  readonly seeds: readonly number[];
  readonly days: number;
  readonly scale: number;
  /** Episode strengths (multipliers of the simulator's extra ratios); one scenario group each. */
  readonly strengths: readonly number[];
  readonly config?: AppConfig;
}

const KINDS: readonly EpisodeKind[] = ['wage_arrears_surge', 'influenza_cluster'];
const EPISODES_PER_RUN = 4;
const WARMUP_DAYS = 14;
const GRACE_DAYS = 3;
const LEVELS = ['community', 'street'] as const;
type Level = (typeof LEVELS)[number];
const START = '2026-03-02';

/** (place, day) alarms of one alarm source, as "place|dayIndex". */
type AlarmSet = Map<string, Set<string>>;

/** Thresholds at which fusion and the scan are scored: the engine runs at 0.05 and records p. */
const ALPHAS = [1e-4, 1e-3, 1e-2] as const;

export function episodeQuality(options: EpisodeBenchOptions): QualityRow[] {
  const base = options.config ?? loadConfig(defaultConfigPath(undefined)).config;
  // Fusion and the scan report every window with p <= 0.05; each alpha is scored from the records.
  // Fusion runs with minStreams 1; "fusion-2streams" keeps the records whose raised signals span two streams.
  const config: AppConfig = {
    ...base,
    fusion: { ...base.fusion, enabled: true, alpha: 0.05, minStreams: 1 },
    spatial: { ...base.spatial, alpha: 0.05, alerts: true },
  };
  const themed = themeMembers(config);
  const rows: QualityRow[] = [];
  for (const strength of options.strengths) {
    const tallies = new Map<string, Tally>();
    let places: Record<Level, number> = { community: 0, street: 0 };
    for (const seed of options.seeds) {
      const run = runOnce(config, seed, options, strength, themed);
      places = run.places;
      for (const level of LEVELS) {
        for (const source of alarmSources(config)) {
          const tally = tallies.get(`${level}|${source}`) ?? newTally();
          score(tally, run.alarms[level].get(source) ?? new Set(), run.episodes, level, run.regions, options.days);
          tallies.set(`${level}|${source}`, tally);
        }
      }
    }
    for (const [key, tally] of [...tallies].sort(([a], [b]) => a.localeCompare(b))) {
      const [level, source] = key.split('|') as [Level, string];
      rows.push({
        group: `episodes multi-stream x${strength} ${level}`,
        detector: source,
        series: places[level],
        outbreaks: tally.episodes,
        fpr: tally.quietDays === 0 ? 0 : tally.falseAlarms / tally.quietDays,
        pod: tally.episodes === 0 ? 0 : tally.detected / tally.episodes,
        sensitivity: tally.episodeDays === 0 ? 0 : tally.hits / tally.episodeDays,
        meanDelay: tally.detected === 0 ? null : tally.delaySum / tally.detected,
      });
    }
  }
  return rows;
}

interface Tally {
  episodes: number;
  detected: number;
  delaySum: number;
  episodeDays: number;
  hits: number;
  quietDays: number;
  falseAlarms: number;
}

function newTally(): Tally {
  return { episodes: 0, detected: 0, delaySum: 0, episodeDays: 0, hits: 0, quietDays: 0, falseAlarms: 0 };
}

interface EpisodeSpan {
  readonly episode: Episode;
  readonly first: number;
  readonly end: number;
  /** Affected places per level. */
  readonly places: Record<Level, Set<string>>;
}

interface Run {
  readonly episodes: EpisodeSpan[];
  readonly alarms: Record<Level, AlarmSet>;
  readonly places: Record<Level, number>;
  readonly regions: RegionIndex;
}

function runOnce(config: AppConfig, seed: number, options: EpisodeBenchOptions, strength: number, themed: ReadonlySet<string>): Run {
  const simulated = simulate(
    { seed, start: START, days: options.days, scale: options.scale, episodes: EPISODES_PER_RUN, episodeKinds: KINDS, episodeStrength: strength },
    config,
  );
  const startMs = Date.parse(`${START}T00:00:00+08:00`);
  const dayOf = (ms: number) => Math.floor((ms - startMs) / DAY_MS);
  const alarms: Record<Level, AlarmSet> = { community: new Map(), street: new Map() };
  const mark = (level: Level, source: string, place: string, day: number) => {
    let set = alarms[level].get(source);
    if (set === undefined) alarms[level].set(source, (set = new Set()));
    set.add(`${place}|${day}`);
  };
  const engine = new Engine({
    config,
    now: () => Date.parse('2030-01-01T00:00:00Z'),
    onWindowScored: (scored: ScoredWindow) => {
      const { parts } = scored;
      if (parts.granularity !== 'day' || !themed.has(`${parts.stream}|${parts.category}`)) return;
      const level = engine.settings.regions.get(parts.region)?.level;
      if (level !== 'community' && level !== 'street') return;
      for (const verdict of scored.verdicts) {
        if (verdict.score.alarm) mark(level, `${parts.stream}:${verdict.detector}`, parts.region, dayOf(scored.window.start));
      }
    },
  });
  for (const record of simulated.records) engine.ingest(record);
  engine.finish();
  const regions = engine.settings.regions;
  for (const { alert } of engine.takeAlertChanges()) {
    if (alert.status === 'resolved' || alert.granularity !== 'day') continue;
    const day = dayOf(Date.parse(alert.window.start));
    const level = alert.region.level;
    if (alert.kind === 'series') {
      if (!themed.has(`${alert.stream}|${alert.category}`) || (level !== 'community' && level !== 'street')) continue;
      mark(level, `${alert.stream}:series-alert`, alert.region.code, day);
    } else if (alert.kind === 'cluster') {
      if (!themed.has(`${alert.stream}|${alert.category}`)) continue;
      // A cluster flags its members and the street it lies in.
      for (const alpha of ALPHAS) {
        if (alert.pValue === null || alert.pValue > alpha) continue;
        for (const signal of alert.signals) {
          const info = regions.get(signal.regionCode);
          if (info?.level === 'community') {
            mark('community', `spatial_scan@${alpha}`, info.code, day);
            if (info.parent !== null) mark('street', `spatial_scan@${alpha}`, info.parent, day);
          } else if (info?.level === 'street') mark('street', `spatial_scan@${alpha}`, info.code, day);
        }
      }
    } else if (level === 'community' || level === 'street') {
      if (!alert.signals.some((s) => themed.has(`${s.stream}|${s.category}`))) continue;
      const raisedStreams = new Set(alert.signals.filter((s) => s.pValue <= config.fusion.signalAlpha).map((s) => s.stream)).size;
      for (const alpha of ALPHAS) {
        if (alert.pValue === null || alert.pValue > alpha) continue;
        mark(level, `fusion@${alpha}`, alert.region.code, day);
        if (raisedStreams >= 2) mark(level, `fusion-2streams@${alpha}`, alert.region.code, day);
      }
    }
  }
  const episodes = simulated.episodes.map((episode) => {
    const communities = new Set<string>();
    for (const code of episode.regionCodes) {
      const info = regions.get(code);
      if (info?.level === 'community') communities.add(code);
      else for (const r of regions.all()) if (r.parent === code && r.level === 'community') communities.add(r.code);
    }
    const streets = new Set([...communities].map((c) => regions.get(c)?.parent ?? c));
    return { episode, first: dayOf(Date.parse(episode.start)), end: dayOf(Date.parse(episode.end)), places: { community: communities, street: streets } };
  });
  const count = (level: Level) => [...regions.all()].filter((r) => r.level === level).length;
  return { episodes, alarms, places: { community: count('community'), street: count('street') }, regions };
}

/** Every alarm source scored: each day detector on each stream, series alerts per stream, the scan, fusion. */
function alarmSources(config: AppConfig): string[] {
  const detectors = config.detectors.enabled.day ?? [];
  const streams = ['cases', 'dispute', 'hotline'];
  const swept = (name: string) => ALPHAS.map((a) => `${name}@${a}`);
  return [
    ...streams.flatMap((s) => [...detectors.map((d) => `${s}:${d}`), `${s}:series-alert`]),
    ...swept('spatial_scan'),
    ...swept('fusion'),
    ...swept('fusion-2streams'),
  ];
}

function score(tally: Tally, alarms: ReadonlySet<string>, episodes: readonly EpisodeSpan[], level: Level, regions: RegionIndex, days: number): void {
  // Place-days that belong to an episode or its grace period are not "outside episodes".
  const busy = new Set<string>();
  for (const span of episodes) {
    tally.episodes += 1;
    let firstHit: number | null = null;
    for (let day = span.first; day < span.end + GRACE_DAYS; day++) {
      for (const place of span.places[level]) {
        busy.add(`${place}|${day}`);
        if (day >= span.end) continue;
        if (alarms.has(`${place}|${day}`)) {
          tally.hits += 1;
          firstHit ??= day;
        }
        tally.episodeDays += 1;
      }
      if (firstHit !== null && day < span.end) firstHit = Math.min(firstHit, day);
    }
    if (firstHit !== null) {
      tally.detected += 1;
      tally.delaySum += firstHit - span.first;
    }
  }
  const places = [...regions.all()].filter((r) => r.level === level).map((r) => r.code);
  for (let day = WARMUP_DAYS; day < days; day++) {
    for (const place of places) {
      if (busy.has(`${place}|${day}`)) continue;
      tally.quietDays += 1;
      if (alarms.has(`${place}|${day}`)) tally.falseAlarms += 1;
    }
  }
}

/** "stream|category" of the wage and epidemic themes: the series the episodes can raise. */
function themeMembers(config: AppConfig): Set<string> {
  const names = new Set(['wage', 'epidemic']);
  return new Set(config.fusion.themes.filter((t) => names.has(t.name)).flatMap((t) => t.members.map((m) => `${m.stream}|${m.category}`)));
}

/** Markdown table of the rows. */
export function formatQualityTable(rows: readonly QualityRow[]): string {
  const lines = ['| group | detector | places | episodes | FPR | POD | sensitivity | mean delay (days) |', '|---|---|---|---|---|---|---|---|'];
  for (const r of rows) {
    lines.push(
      `| ${r.group} | ${r.detector} | ${r.series} | ${r.outbreaks} | ${r.fpr.toFixed(4)} | ${r.pod.toFixed(2)} | ${r.sensitivity.toFixed(2)} | ${r.meanDelay === null ? '-' : r.meanDelay.toFixed(2)} |`,
    );
  }
  return lines.join('\n');
}

function flag(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? (process.argv[i + 1] ?? fallback) : fallback;
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  const seedCount = Number(flag('seeds', '6'));
  const options: EpisodeBenchOptions = {
    seeds: Array.from({ length: seedCount }, (_, i) => i + 1),
    days: Number(flag('days', '70')),
    scale: Number(flag('scale', '0.5')),
    strengths: flag('strength', '0.5,1').split(',').map(Number),
  };
  const started = performance.now();
  const rows = episodeQuality(options);
  process.stdout.write(`${formatQualityTable(rows)}\n`);
  process.stdout.write(
    `\n${options.seeds.length} seeds x ${options.days} days at scale ${options.scale}, ${EPISODES_PER_RUN} episodes a run (${KINDS.join(', ')}), ` +
      `strengths ${options.strengths.join(', ')}; ${((performance.now() - started) / 1000).toFixed(0)} s\n`,
  );
}
