/**
 * Quality benchmark, multi-stream episodes: simulated Longgang data with wage-arrears surges
 * (hotline + disputes in one community) and influenza clusters (cases + hotline in neighbouring
 * communities), replayed through the engine; per place level, fusion against every single-stream
 * detector, the engine's series alerts per stream, and the spatial scan.
 *
 *   npm run bench:quality:episodes -- [--seeds 6] [--days 70] [--scale 0.5] [--strength 0.5,1] [--config FILE] [--no-record]
 *
 * Units are place-days of the themes the episodes touch (wage, epidemic):
 * - fpr: place-days outside every episode (and its 3-day grace) with an alarm / such place-days;
 * - pod: episodes with an alarm at one of their places during the episode / episodes;
 * - sensitivity: episode place-days with an alarm / episode place-days;
 * - meanDelay: days from an episode's first day to its first alarm (0 = the first day), detected ones.
 * Days of the warm-up (the first 14) are not scored.
 *
 * Fusion runs once at alpha 0.2 and records every fused p-value, so one replay scores every
 * alpha of FUSION_SWEEP, for two variants: "fusion" (minStreams 1) and "fusion-2streams"
 * (corroboration from two streams). Each single-stream source is then compared with the best
 * fusion point whose FPR is equal or lower (matched-fpr.ts): issue 4's target, well defined.
 * `npm run bench:quality` runs this group too (4 seeds, strength 1; --episode-seeds).
 */
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { positiveNumber, recordBlock } from '../bench-support.js';
import { loadConfig } from '../../src/config/load-config.js';
import type { AppConfig } from '../../src/config/app-config.js';
import type { RegionIndex } from '../../src/config/region-index.js';
import { DAY_MS } from '../../src/domain/granularity.js';
import { Engine } from '../../src/pipeline/engine.js';
import type { ScoredWindow } from '../../src/pipeline/scored-window.js';
import type { Episode, EpisodeKind } from '../../src/simulate/episodes.js';
import { simulate } from '../../src/simulate/simulate.js';
import { defaultConfigPath } from '../../src/cli/package-root.js';
import { resolveThemes } from '../../src/fusion/fusion-themes.js';
import { matchAtEqualFpr, matchedTable, type MatchedComparison } from './matched-fpr.js';
import type { QualityOptions } from './quality-options.js';
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
/** Smallest fused p-value per "place|dayIndex", per fusion variant. */
type FusedP = Map<string, Map<string, number>>;

/** Thresholds at which the scan is scored, and fusion's rows in the table: the engine records p. */
const ALPHAS = [1e-4, 1e-3, 1e-2] as const;
/** Fusion's threshold sweep for the comparison at equal FPR (the engine runs fusion at the largest). */
export const FUSION_SWEEP = [1e-6, 3e-6, 1e-5, 3e-5, 1e-4, 2e-4, 5e-4, 1e-3, 2e-3, 5e-3, 1e-2, 2e-2, 5e-2, 0.1, 0.2] as const;
/** The two fusion variants: corroboration from any streams (minStreams 1), or from two streams. */
const FUSION_VARIANTS = ['fusion', 'fusion-2streams'] as const;

export interface EpisodeQuality {
  /** Single-stream sources, the scan at ALPHAS, and fusion at every swept alpha. */
  readonly rows: QualityRow[];
  /** Per group and single-stream source, fusion (both variants, swept alpha) at an equal or lower FPR. */
  readonly comparisons: MatchedComparison[];
  /** The row label of the configured fusion ("fusion-2streams@0.005" for minStreams 2, alpha 0.005). */
  readonly defaultLabel: string;
}

export function episodeQuality(options: EpisodeBenchOptions): EpisodeQuality {
  const base = options.config ?? loadConfig(defaultConfigPath(undefined)).config;
  // Fusion and the scan report every window with p <= the largest swept alpha; each alpha is scored from the records.
  // Fusion runs with minStreams 1; "fusion-2streams" keeps the records whose raised signals span two streams.
  const config: AppConfig = {
    ...base,
    fusion: { ...base.fusion, enabled: true, alpha: FUSION_SWEEP[FUSION_SWEEP.length - 1] as number, minStreams: 1 },
    spatial: { ...base.spatial, alpha: 0.05, alerts: true },
  };
  const defaultLabel = `${base.fusion.minStreams >= 2 ? 'fusion-2streams' : 'fusion'}@${base.fusion.alpha}`;
  if (!FUSION_SWEEP.includes(base.fusion.alpha as never)) throw new RangeError(`fusion.alpha ${base.fusion.alpha} is not among the swept ${FUSION_SWEEP.join(', ')}`);
  const themed = themeMembers(config);
  const rows: QualityRow[] = [];
  const comparisons: MatchedComparison[] = [];
  for (const strength of options.strengths) {
    const tallies = new Map<string, Tally>();
    let places: Record<Level, number> = { community: 0, street: 0 };
    for (const seed of options.seeds) {
      const run = runOnce(config, seed, options, strength, themed);
      places = run.places;
      for (const level of LEVELS) {
        const add = (source: string, alarms: ReadonlySet<string>) => {
          const tally = tallies.get(`${level}|${source}`) ?? newTally();
          score(tally, alarms, run.episodes, level, run.regions, options.days);
          tallies.set(`${level}|${source}`, tally);
        };
        for (const source of alarmSources(config)) add(source, run.alarms[level].get(source) ?? new Set());
        for (const variant of FUSION_VARIANTS) {
          const fused = run.fusedP[level].get(variant) ?? new Map<string, number>();
          for (const alpha of FUSION_SWEEP) add(`${variant}@${alpha}`, new Set([...fused].filter(([, p]) => p <= alpha).map(([k]) => k)));
        }
      }
    }
    const toRow = (level: Level, source: string, tally: Tally): QualityRow => ({
      group: `episodes multi-stream x${strength} ${level}`,
      detector: source,
      series: places[level],
      outbreaks: tally.episodes,
      fpr: tally.quietDays === 0 ? 0 : tally.falseAlarms / tally.quietDays,
      pod: tally.episodes === 0 ? 0 : tally.detected / tally.episodes,
      sensitivity: tally.episodeDays === 0 ? 0 : tally.hits / tally.episodeDays,
      meanDelay: tally.detected === 0 ? null : tally.delaySum / tally.detected,
    });
    for (const level of LEVELS) {
      const levelRows = [...tallies]
        .filter(([key]) => key.startsWith(`${level}|`))
        .map(([key, tally]) => toRow(level, key.slice(level.length + 1), tally));
      rows.push(...levelRows.sort((a, b) => a.detector.localeCompare(b.detector)));
      const sweep = levelRows.filter((r) => r.detector.startsWith('fusion')).map((row) => ({ label: row.detector, row }));
      for (const competitor of levelRows.filter((r) => /^(cases|dispute|hotline):/.test(r.detector))) comparisons.push(matchAtEqualFpr(competitor, sweep));
    }
  }
  return { rows, comparisons, defaultLabel };
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
  readonly fusedP: Record<Level, FusedP>;
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
  const fusedP: Record<Level, FusedP> = { community: new Map(), street: new Map() };
  const markP = (level: Level, variant: string, place: string, day: number, p: number) => {
    let map = fusedP[level].get(variant);
    if (map === undefined) fusedP[level].set(variant, (map = new Map()));
    const key = `${place}|${day}`;
    map.set(key, Math.min(map.get(key) ?? 1, p));
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
      // Only firing records: an open alert's quiet days carry p-values but are no alarms.
      if (alert.pValue === null || alert.pValue > config.fusion.alpha || alert.votes.length === 0) continue;
      markP(level, 'fusion', alert.region.code, day, alert.pValue);
      if (raisedStreams >= 2) markP(level, 'fusion-2streams', alert.region.code, day, alert.pValue);
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
  return { episodes, alarms, fusedP, places: { community: count('community'), street: count('street') }, regions };
}

/** Alarm sources scored from alarm sets: each day detector on each stream, series alerts per stream, the scan. */
function alarmSources(config: AppConfig): string[] {
  const detectors = config.detectors.enabled.day ?? [];
  const streams = ['cases', 'dispute', 'hotline'];
  return [...streams.flatMap((s) => [...detectors.map((d) => `${s}:${d}`), `${s}:series-alert`]), ...ALPHAS.map((a) => `spatial_scan@${a}`)];
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
  return new Set(resolveThemes(config.fusion, config.categories).filter((t) => names.has(t.name)).flatMap((t) => t.members.map((m) => `${m.stream}|${m.category}`)));
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

/** Days and scale of the episode group inside `npm run bench:quality` (about 15 s a seed on the 2-core machine). */
const MAIN_BENCH_DAYS = 70;
const MAIN_BENCH_SCALE = 1;

/**
 * The multi-stream episode group of `npm run bench:quality`: `episodeSeeds` runs from its --seed
 * on, strength 1, with the table's rows and the comparison at equal FPR as lines.
 */
export function multiStreamEpisodeGroup(options: QualityOptions): { rows: QualityRow[]; lines: string[] } {
  if (options.episodeSeeds === 0) return { rows: [], lines: [] };
  const seeds = Array.from({ length: options.episodeSeeds }, (_, i) => options.seed + i);
  const result = episodeQuality({ seeds, days: MAIN_BENCH_DAYS, scale: MAIN_BENCH_SCALE, strengths: [1] });
  const setup = `episodes: seeds ${seeds.join(', ')}, ${MAIN_BENCH_DAYS} days at scale ${MAIN_BENCH_SCALE}, ${EPISODES_PER_RUN} episodes a run (npm run bench:quality:episodes for more)`;
  return { rows: result.rows, lines: [setup, '', ...comparisonLines(result)] };
}

/** The comparison at equal FPR, as a heading, a count per group and a table. */
export function comparisonLines({ rows, comparisons, defaultLabel }: EpisodeQuality): string[] {
  const groups = [...new Set(comparisons.map((c) => c.competitor.group))];
  const counts = groups.map((g) => {
    const inGroup = comparisons.filter((c) => c.competitor.group === g);
    return `${g}: fusion earlier and more often than ${inGroup.filter((c) => c.better).length} of ${inGroup.length} single-stream sources, at least as good as ${inGroup.filter((c) => c.atLeastAsGood).length}`;
  });
  const pick = (group: string, detector: string) => rows.find((r) => r.group === group && r.detector === detector);
  const brief = (r: QualityRow | undefined) => (r === undefined ? 'n/a' : `FPR ${r.fpr.toFixed(4)} POD ${r.pod.toFixed(2)} delay ${r.meanDelay === null ? '-' : r.meanDelay.toFixed(2)}`);
  const defaults = groups.map(
    (g) => `${g}: default ${defaultLabel} ${brief(pick(g, defaultLabel))}; series alerts: ${['hotline', 'dispute', 'cases'].map((s) => `${s} ${brief(pick(g, `${s}:series-alert`))}`).join('; ')}`,
  );
  return [
    'The configured fusion against the engine\'s series alerts:',
    '',
    ...defaults.map((d) => `- ${d}`),
    '',
    `Fusion (${FUSION_VARIANTS.join(' and ')}, alpha swept over ${FUSION_SWEEP.join(', ')}) against each single-stream source at an equal or lower FPR:`, '', ...counts.map((c) => `- ${c}`), '', ...matchedTable(comparisons)];
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { values } = parseArgs({
    options: {
      seeds: { type: 'string', default: '6' },
      days: { type: 'string', default: '70' },
      scale: { type: 'string', default: '0.5' },
      strength: { type: 'string', default: '0.5,1' },
      config: { type: 'string' },
      'no-record': { type: 'boolean', default: false },
    },
  });
  const options: EpisodeBenchOptions = {
    seeds: Array.from({ length: positiveNumber(values, 'seeds') }, (_, i) => i + 1),
    days: positiveNumber(values, 'days'),
    scale: positiveNumber(values, 'scale'),
    strengths: values.strength.split(',').map((text) => positiveNumber({ strength: text }, 'strength')),
    ...(values.config === undefined || values.config === '' ? {} : { config: loadConfig(values.config).config }),
  };
  const started = performance.now();
  const result = episodeQuality(options);
  const setup =
    `${options.seeds.length} seeds x ${options.days} days at scale ${options.scale}, ${EPISODES_PER_RUN} episodes a run (${KINDS.join(', ')}), ` +
    `strengths ${options.strengths.join(', ')}; ${((performance.now() - started) / 1000).toFixed(0)} s`;
  const body = [`- ${setup}`, '', formatQualityTable(result.rows), '', ...comparisonLines(result)];
  process.stdout.write(`${formatQualityTable(result.rows)}\n\n${comparisonLines(result).join('\n')}\n\n${setup}\n`);
  const args = process.argv.slice(2).filter((a) => a !== '--no-record');
  if (!values['no-record']) recordBlock('bench:quality:episodes', `npm run bench:quality:episodes${args.length > 0 ? ` -- ${args.join(' ')}` : ''}`, body);
}
