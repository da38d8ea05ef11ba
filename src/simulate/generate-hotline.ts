import { HOUR_MS } from '../domain/granularity.js';
import type { HotlineComplaint } from '../domain/hotline-complaint.js';
import { address, episodeHotlineText, hotlineText } from './complaint-texts.js';
import { arrivalTime } from './disorder.js';
import type { PlannedEpisode } from './episodes.js';
import type { GeneratorContext } from './generator-context.js';
import type { Place } from './places.js';
import { Rng } from './prng.js';
import type { SimDay } from './sim-calendar.js';
import type { RecordBuffer } from './record-buffer.js';
import type { SimulatedHotline } from './simulated-record.js';
import {
  HOTLINE_DISPERSION,
  HOTLINE_HOURS_CUMULATIVE,
  HOTLINE_PER_DAY,
  NOISE_HOURS_CUMULATIVE,
  categoryShares,
  cumulative,
  hotlineDayFactor,
  industrialBoost,
  workdayLevel,
} from './volume-model.js';

const CHANNELS: readonly HotlineComplaint['channel'][] = ['phone', 'app', 'wechat', 'web', 'other'];
const CHANNELS_CUMULATIVE = cumulative([0.45, 0.2, 0.2, 0.1, 0.05]);
/** Callers who only say which street they are in. */
const STREET_ONLY_SHARE = 0.05;
const ADDRESS_SHARE = 0.7;

/**
 * Hotline complaints: per day, community and category a negative-binomial count around the
 * baseline, plus Poisson extras from active episodes. Extras draw from their own stream, so the
 * baseline is the same with or without episodes.
 */
export function generateHotline(ctx: GeneratorContext, categories: readonly string[], out: RecordBuffer): void {
  const base = Rng.derive(ctx.seed, 'hotline');
  const extra = Rng.derive(ctx.seed, 'hotline-episodes');
  const shares = categoryShares('hotline', categories);
  const places = ctx.places.places;
  const n = places.length;
  // Normalise so the district total stays on target despite the industrial boosts.
  let mix = 0;
  for (const place of places) categories.forEach((c, i) => (mix += (place.weight / n) * (shares[i] ?? 0) * industrialBoost(place, c)));
  const level = (HOTLINE_PER_DAY * ctx.scale * workdayLevel('hotline')) / mix;
  const hours = categories.map((c) => (c === 'noise' ? NOISE_HOURS_CUMULATIVE : HOTLINE_HOURS_CUMULATIVE));

  for (const day of ctx.days) {
    const dayFactors = categories.map((c) => hotlineDayFactor(c, day));
    for (const place of places) {
      const placeLevel = (level * place.weight) / n;
      for (let i = 0; i < categories.length; i++) {
        const category = categories[i] ?? '';
        const mean = placeLevel * (shares[i] ?? 0) * industrialBoost(place, category) * (dayFactors[i] ?? 1);
        const hourTable = hours[i] ?? HOTLINE_HOURS_CUMULATIVE;
        const count = base.negBinomial(mean, HOTLINE_DISPERSION);
        for (let k = 0; k < count; k++) complaint(out, base, ctx, day, place, category, hourTable, null);
        for (const active of ctx.effects.active('hotline', category, place.code, day.index)) {
          const extras = extra.poisson(mean * active.ratio);
          for (let k = 0; k < extras; k++) complaint(out, extra, ctx, day, place, category, hourTable, active.planned);
        }
      }
    }
  }
}

function complaint(
  out: RecordBuffer,
  rng: Rng,
  ctx: GeneratorContext,
  day: SimDay,
  place: Place,
  category: string,
  hourTable: readonly number[],
  episode: PlannedEpisode | null,
): void {
  const eventMs = day.startMs + rng.pickCumulative(hourTable) * HOUR_MS + rng.int(3600) * 1000;
  const textCtx = episode?.entity ? { place, entity: episode.entity } : { place };
  const text = episode ? episodeHotlineText(episode.episode.kind, category, rng, textCtx) : hotlineText(category, rng, textCtx);
  const streetOnly = rng.chance(STREET_ONLY_SHARE);
  const record: SimulatedHotline = {
    stream: 'hotline',
    id: '',
    receivedAt: ctx.clock.format(eventMs),
    regionCode: streetOnly ? place.streetCode : place.code,
    category,
    channel: CHANNELS[rng.pickCumulative(CHANNELS_CUMULATIVE)] ?? 'other',
    text,
  };
  // Callers who name only their street give no address either.
  if (!streetOnly && rng.chance(ADDRESS_SHARE)) record.address = address(rng, place, ctx.places.districtName);
  out.push(record, eventMs, arrivalTime(rng, eventMs));
}
