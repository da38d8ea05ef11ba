import type { AppConfig } from '../config/app-config.js';
import { DAY_MS } from '../domain/granularity.js';
import { UsageError } from '../errors.js';
import { EpisodeEffects } from './episode-effects.js';
import { planEpisodes } from './episodes.js';
import type { Episode, EpisodeKind } from './episodes.js';
import { generateCases } from './generate-cases.js';
import { generateDisputes } from './generate-disputes.js';
import { generateHotline } from './generate-hotline.js';
import type { GeneratorContext } from './generator-context.js';
import { LocalTime, utcMidnight } from './local-time.js';
import { indexPlaces } from './places.js';
import { Rng } from './prng.js';
import { buildSimDays } from './sim-calendar.js';
import { RecordBuffer } from './record-buffer.js';
import type { SimulatedRecord } from './simulated-record.js';

export interface SimulateOptions {
  /** Same seed, same output. */
  readonly seed: number;
  /** First local day of the run, YYYY-MM-DD. */
  readonly start: string;
  readonly days: number;
  /** Volume multiplier for hotline and disputes (1 = Longgang-sized, ~3000 complaints a day). */
  readonly scale?: number;
  /** `'default'` (the default): one episode of each kind; a number: that many, cycling the kinds. */
  readonly episodes?: number | 'default';
  /** Episode kinds to cycle through (default: all four). */
  readonly episodeKinds?: readonly EpisodeKind[];
  /** Multiplies every episode's extra ratio (default 1; 0.5 = half as strong). */
  readonly episodeStrength?: number;
}

export interface SimulationResult {
  /** Input records with `stream`, in arrival order: by event time with a little disorder. */
  readonly records: SimulatedRecord[];
  /** Ground truth: the weak signals injected into the records. */
  readonly episodes: Episode[];
}

/** Days after the run the episode planner may look at ("before a holiday" right after the run). */
const LOOKAHEAD_DAYS = 10;
const ID_PREFIX: Readonly<Record<SimulatedRecord['stream'], string>> = { hotline: 'hl', dispute: 'dr', cases: 'cc' };

/**
 * Synthetic hotline complaints, dispute reports and case counts for the region tree, categories
 * and holiday calendar of `config`, with weak-signal episodes injected. Pure and deterministic:
 * the randomness comes from `options.seed` only.
 */
export function simulate(options: SimulateOptions, config: AppConfig): SimulationResult {
  const { seed, start, days } = options;
  const scale = options.scale ?? 1;
  const request = options.episodes ?? 'default';
  checkOptions(seed, start, days, scale, request);

  const clock = new LocalTime(config.utcOffset);
  const calendar = buildSimDays(start, days + LOOKAHEAD_DAYS, config.holidays, clock);
  const runDays = calendar.slice(0, days);
  const places = indexPlaces(config.regions);
  const strength = options.episodeStrength ?? 1;
  if (!(strength > 0 && strength <= 10)) throw new UsageError(`episodeStrength must be in (0, 10], got ${strength}`);
  const planned = planEpisodes(
    Rng.derive(seed, 'episodes'),
    { calendar, runDays: days, places, categories: config.categories, clock, strength },
    request,
    options.episodeKinds,
  );
  const ctx: GeneratorContext = {
    seed,
    days: runDays,
    places,
    clock,
    scale,
    effects: new EpisodeEffects(planned, config.categories),
    endMs: clock.dayStart(start, days),
  };

  const buffer = new RecordBuffer();
  generateHotline(ctx, codes(config.categories.hotline), buffer);
  generateDisputes(ctx, codes(config.categories.dispute), buffer);
  generateCases(ctx, codes(config.categories.cases), buffer);
  const { records, eventTimes } = buffer.ordered();
  assignIds(records, eventTimes, clock);
  return { records, episodes: planned.map((p) => p.episode) };
}

/** Ids like hl-20260501-000123: stream, local date of the event, sequence within that date. */
function assignIds(records: readonly SimulatedRecord[], eventTimes: readonly number[], clock: LocalTime): void {
  const sequence = new Map<string, number>();
  const compactDates = new Map<number, string>();
  for (let i = 0; i < records.length; i++) {
    const record = records[i] as SimulatedRecord;
    const eventMs = eventTimes[i] ?? 0;
    const day = Math.floor((eventMs + clock.offsetMinutes * 60_000) / DAY_MS);
    let compact = compactDates.get(day);
    if (compact === undefined) {
      compact = clock.dateOf(eventMs).replaceAll('-', '');
      compactDates.set(day, compact);
    }
    const key = ID_PREFIX[record.stream] + compact;
    const next = (sequence.get(key) ?? 0) + 1;
    sequence.set(key, next);
    // join gives a flat string; a template literal would leave a rope per id for the GC to trace.
    record.id = [ID_PREFIX[record.stream], compact, String(next).padStart(6, '0')].join('-');
  }
}

function codes(categories: readonly { code: string }[]): string[] {
  return categories.map((c) => c.code);
}

function checkOptions(seed: number, start: string, days: number, scale: number, episodes: number | 'default'): void {
  if (!Number.isSafeInteger(seed)) throw new UsageError(`seed must be an integer, got ${seed}`);
  try {
    utcMidnight(start);
  } catch (err) {
    throw new UsageError(`start must be a date like 2026-04-01, got ${start} (${(err as Error).message})`);
  }
  if (!Number.isInteger(days) || days < 1 || days > 3660) throw new UsageError(`days must be an integer in 1..3660, got ${days}`);
  if (!(scale > 0 && scale <= 100)) throw new UsageError(`scale must be in (0, 100], got ${scale}`);
  if (episodes !== 'default' && !(Number.isInteger(episodes) && episodes >= 0 && episodes <= 100)) {
    throw new UsageError(`episodes must be 'default' or an integer in 0..100, got ${episodes}`);
  }
}

