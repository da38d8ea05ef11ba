import { z } from 'zod';
import type { AppConfig } from '../config/app-config.js';
import { DAY_MS } from '../domain/granularity.js';
import { StreamName } from '../domain/stream.js';
import { Timestamp } from '../domain/timestamp.js';
import { factoryName, restaurantName, schoolName } from './complaint-texts.js';
import type { LocalTime } from './local-time.js';
import type { Place, PlaceIndex } from './places.js';
import type { Rng } from './prng.js';
import type { SimDay } from './sim-calendar.js';

export const EpisodeKind = z.enum(['wage_arrears_surge', 'pre_holiday_food_safety', 'influenza_cluster', 'rental_slow_rise']);
export type EpisodeKind = z.infer<typeof EpisodeKind>;

/**
 * Ground truth of one injected weak signal: which series rise, where, when and by how much.
 * A (stream, category) pair is affected when both are listed and the stream has that category.
 */
export const Episode = z
  .object({
    id: z.string().min(1),
    kind: EpisodeKind,
    streams: z.array(StreamName).min(1),
    /** Community or street codes; a street means all its communities. */
    regionCodes: z.array(z.string().min(1)).min(1),
    categories: z.array(z.string().min(1)).min(1),
    /** Local midnight of the first affected day. */
    start: Timestamp,
    /** Local midnight after the last affected day (exclusive). */
    end: Timestamp,
    /** Extra events over the local baseline at full strength: 0.8 means +80%. */
    extraRatio: z.number().positive(),
    /** `step`: full strength every day; `ramp`: grows linearly to full strength on the last day. */
    shape: z.enum(['step', 'ramp']),
    /** Words the episode's texts use often; a term-burst detector should surface them. */
    terms: z.array(z.string()),
    description: z.object({ zh: z.string().min(1), en: z.string().min(1) }).strict(),
  })
  .strict();
export type Episode = z.infer<typeof Episode>;

/** An episode as the generators use it: day indices, the places it touches, the entity its texts name. */
export interface PlannedEpisode {
  readonly episode: Episode;
  /** First affected day (index into the run), inclusive. */
  readonly startIndex: number;
  /** Exclusive. */
  readonly endIndex: number;
  readonly placeCodes: ReadonlySet<string>;
  /** Factory, restaurant or school named in the texts. */
  readonly entity: string;
}

export interface EpisodePlanContext {
  /** The run's days followed by a few more, so "before a holiday" can see a holiday just after the run. */
  readonly calendar: readonly SimDay[];
  readonly runDays: number;
  readonly places: PlaceIndex;
  readonly categories: AppConfig['categories'];
  readonly clock: LocalTime;
  /** Multiplies every episode's extra ratio: below 1 for gentler, harder-to-see episodes (default 1). */
  readonly strength?: number;
}

const DEFAULT_KINDS: readonly EpisodeKind[] = EpisodeKind.options;

/** Extra ratio of an episode on a day of the run (0 outside its window). */
export function extraRatioOn(planned: PlannedEpisode, dayIndex: number): number {
  if (dayIndex < planned.startIndex || dayIndex >= planned.endIndex) return 0;
  const { extraRatio, shape } = planned.episode;
  if (shape === 'step') return extraRatio;
  return (extraRatio * (dayIndex - planned.startIndex + 1)) / (planned.endIndex - planned.startIndex);
}

/**
 * Places and times of the episodes, chosen by `rng` inside the run. Each starts after a warm-up
 * (up to two weeks) so detectors have a baseline. `'default'` is one episode of each kind; a
 * number cycles through the kinds. A kind the config cannot express (category missing, run too
 * short) is skipped.
 */
export function planEpisodes(
  rng: Rng,
  ctx: EpisodePlanContext,
  request: number | 'default',
  kinds: readonly EpisodeKind[] = DEFAULT_KINDS,
): PlannedEpisode[] {
  const count = request === 'default' ? kinds.length : request;
  const used = new Set<string>();
  const out: PlannedEpisode[] = [];
  for (let i = 0; i < count; i++) {
    const kind = kinds[i % kinds.length] ?? 'wage_arrears_surge';
    const id = `ep${String(out.length + 1).padStart(2, '0')}-${kind}`;
    const planned = PLANNERS[kind](rng, ctx, used, id);
    if (planned) {
      out.push(planned);
      for (const code of planned.placeCodes) used.add(code);
    }
  }
  return out;
}

type Planner = (rng: Rng, ctx: EpisodePlanContext, used: ReadonlySet<string>, id: string) => PlannedEpisode | null;

const PLANNERS: Readonly<Record<EpisodeKind, Planner>> = {
  wage_arrears_surge(rng, ctx, used, id) {
    const streams = streamsWith(ctx, ['hotline', 'dispute'], 'wage_arrears');
    if (streams.length === 0) return null;
    const free = ctx.places.places.filter((p) => !used.has(p.code));
    // Factory towns of the north and east first: that is where wage arrears cluster.
    const place = pickFirst(rng, [
      free.filter((p) => p.industrial && (p.streetName.startsWith('平湖') || p.streetName.startsWith('坪地'))),
      free.filter((p) => p.industrial),
      free,
    ]);
    const window = pickWindow(rng, ctx, rng.between(5, 8));
    if (!place || !window) return null;
    const entity = factoryName(rng);
    const ratio = strengthened(ctx, rng.uniform(1, 1.5));
    const days = window.end - window.start;
    return build(ctx, id, 'wage_arrears_surge', window, [place.code], new Set([place.code]), entity, {
      streams,
      categories: ['wage_arrears'],
      extraRatio: ratio,
      shape: 'step',
      terms: ['拖欠工资', '老板跑路', entity],
      description: {
        zh: `${place.streetName}${place.name}：${entity}老板跑路，拖欠工资的热线求助和欠薪纠纷连续${days}天同步增多（约高出基线${pct(ratio)}%）。`,
        en: `Wage arrears in ${place.name} (${place.code}): hotline complaints and disputes about unpaid wages rise together for ${days} days, about +${pct(ratio)}% over baseline; the owner of ${entity} absconded.`,
      },
    });
  },

  pre_holiday_food_safety(rng, ctx, used, id) {
    const streams = streamsWith(ctx, ['hotline'], 'food_safety');
    if (streams.length === 0) return null;
    const streets = ctx.places.streets.filter((s) => s.places.length > 0 && s.places.every((p) => !used.has(p.code)));
    const street = streets.length > 0 ? rng.pick(streets) : null;
    if (!street) return null;
    const holiday = pickHolidayStart(rng, ctx);
    const wanted = rng.between(3, 5);
    const window = holiday
      ? { start: Math.max(warmup(ctx), holiday.index - wanted), end: Math.min(holiday.index, ctx.runDays) }
      : pickWindow(rng, ctx, wanted);
    if (!window || window.end - window.start < 2) return null;
    const entity = restaurantName(rng);
    const ratio = strengthened(ctx, rng.uniform(0.6, 1));
    const days = window.end - window.start;
    const before = holiday ? `${holiday.name}假期前` : '';
    return build(ctx, id, 'pre_holiday_food_safety', window, [street.code], new Set(street.places.map((p) => p.code)), entity, {
      streams,
      categories: ['food_safety'],
      extraRatio: ratio,
      shape: 'step',
      terms: ['腹泻', '呕吐', entity],
      description: {
        zh: `${street.name}${before}食品安全投诉连续${days}天增多（约高出基线${pct(ratio)}%），多人反映在${entity}就餐后腹泻呕吐。`,
        en: `Food-safety complaints rise in ${street.name} (${street.code}) for ${days} days${holiday ? ` before the ${holiday.name} holiday` : ''}, about +${pct(ratio)}% over baseline; diners report diarrhoea and vomiting after eating at ${entity}.`,
      },
    });
  },

  influenza_cluster(rng, ctx, used, id) {
    if (!ctx.categories.cases.some((c) => c.code === 'influenza_like')) return null;
    const streams = streamsWith(ctx, ['cases', 'hotline'], 'influenza_like', 'epidemic');
    const free = ctx.places.places.filter((p) => !used.has(p.code));
    const seedPlace = pickFirst(rng, [free.filter((p) => p.neighbours.some((n) => !used.has(n))), free]);
    const window = pickWindow(rng, ctx, rng.between(4, 7));
    if (!seedPlace || !window) return null;
    const others = shuffled(rng, seedPlace.neighbours.filter((n) => !used.has(n))).slice(0, rng.between(1, 2));
    const cluster = [seedPlace.code, ...others];
    const names = cluster.map((c) => ctx.places.byCode.get(c)?.name ?? c);
    const entity = schoolName(seedPlace, rng);
    const ratio = strengthened(ctx, rng.uniform(0.6, 1.2));
    const days = window.end - window.start;
    return build(ctx, id, 'influenza_cluster', window, cluster, new Set(cluster), entity, {
      streams,
      categories: ['influenza_like', 'epidemic'],
      extraRatio: ratio,
      shape: 'step',
      terms: ['发烧', '咳嗽', entity],
      description: {
        zh: `相邻的${names.join('、')}流感样病例连续${days}天增多（约高出基线${pct(ratio)}%），${entity}多名学生发烧请假。`,
        en: `Influenza-like illness rises together in ${cluster.length} neighbouring communities (${cluster.join(', ')}) for ${days} days, about +${pct(ratio)}% over baseline; fever absences at ${entity}.`,
      },
    });
  },

  rental_slow_rise(rng, ctx, used, id) {
    const streams = streamsWith(ctx, ['hotline'], 'rental_housing');
    if (streams.length === 0) return null;
    const free = ctx.places.places.filter((p) => !used.has(p.code));
    // A populous community, so that a slow creep is visible above the noise.
    const place = pickFirst(rng, [free.filter((p) => p.weight >= 1), free]);
    const window = pickWindow(rng, ctx, rng.between(8, 10));
    if (!place || !window) return null;
    const ratio = strengthened(ctx, rng.uniform(1.2, 1.5));
    const days = window.end - window.start;
    return build(ctx, id, 'rental_slow_rise', window, [place.code], new Set([place.code]), '', {
      streams,
      categories: ['rental_housing'],
      extraRatio: ratio,
      shape: 'ramp',
      terms: ['二房东', '群租', '隔断'],
      description: {
        zh: `${place.streetName}${place.name}出租屋投诉在${days}天内缓慢爬升，最后一天约高出基线${pct(ratio)}%，集中反映二房东群租、隔断房。`,
        en: `Rental-housing complaints in ${place.name} (${place.code}) creep up over ${days} days to about +${pct(ratio)}% over baseline on the last day: sublet partitioned flats (二房东 群租 隔断).`,
      },
    });
  },
};

function build(
  ctx: EpisodePlanContext,
  id: string,
  kind: EpisodeKind,
  window: { start: number; end: number },
  regionCodes: string[],
  placeCodes: ReadonlySet<string>,
  entity: string,
  rest: Pick<Episode, 'streams' | 'categories' | 'extraRatio' | 'shape' | 'terms' | 'description'>,
): PlannedEpisode {
  const first = ctx.calendar[window.start];
  const after = ctx.calendar[window.end];
  if (!first) throw new RangeError(`episode window starts outside the calendar: ${window.start}`);
  const endMs = after ? after.startMs : first.startMs + (window.end - window.start) * DAY_MS;
  const episode: Episode = {
    id,
    kind,
    streams: rest.streams,
    regionCodes,
    categories: rest.categories,
    start: ctx.clock.format(first.startMs),
    end: ctx.clock.format(endMs),
    extraRatio: rest.extraRatio,
    shape: rest.shape,
    terms: rest.terms,
    description: rest.description,
  };
  return { episode, startIndex: window.start, endIndex: window.end, placeCodes, entity };
}

/** Streams among `candidates` whose config has one of `codes`. */
function streamsWith(ctx: EpisodePlanContext, candidates: readonly StreamName[], ...codes: string[]): StreamName[] {
  return candidates.filter((s) => ctx.categories[s].some((c) => codes.includes(c.code)));
}

/** Days at the start of the run left without episodes, so detectors can learn a baseline first. */
function warmup(ctx: EpisodePlanContext): number {
  return Math.min(14, Math.floor(ctx.runDays * 0.4));
}

function pickWindow(rng: Rng, ctx: EpisodePlanContext, wanted: number): { start: number; end: number } | null {
  const from = warmup(ctx);
  const length = Math.min(wanted, ctx.runDays - from);
  if (length < 2) return null;
  const start = rng.between(from, ctx.runDays - length);
  return { start, end: start + length };
}

/** First day of a holiday block with room for an episode before it (may be just after the run). */
function pickHolidayStart(rng: Rng, ctx: EpisodePlanContext): { index: number; name: string } | null {
  const candidates: { index: number; name: string }[] = [];
  for (let i = warmup(ctx) + 2; i <= ctx.runDays && i < ctx.calendar.length; i++) {
    const day = ctx.calendar[i];
    const previous = ctx.calendar[i - 1];
    if (day?.dayType === 'holiday' && previous?.dayType !== 'holiday') {
      candidates.push({ index: i, name: day.holidayName ?? '节日' });
    }
  }
  return candidates.length > 0 ? rng.pick(candidates) : null;
}

function pickFirst(rng: Rng, pools: readonly (readonly Place[])[]): Place | null {
  const pool = pools.find((p) => p.length > 0);
  return pool ? rng.pick(pool) : null;
}

function shuffled<T>(rng: Rng, items: readonly T[]): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    const a = out[i] as T;
    out[i] = out[j] as T;
    out[j] = a;
  }
  return out;
}

/** An extra ratio scaled by the run's episode strength, to two decimals. */
function strengthened(ctx: EpisodePlanContext, ratio: number): number {
  return round2(ratio * (ctx.strength ?? 1));
}

function round2(x: number): number {
  return Math.round(x * 100) / 100;
}

function pct(ratio: number): number {
  return Math.round(ratio * 100);
}
