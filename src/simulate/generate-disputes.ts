import type { DisputeReport } from '../domain/dispute-report.js';
import { HOUR_MS } from '../domain/granularity.js';
import { disputeText, episodeDisputeText } from './complaint-texts.js';
import type { TextContext } from './complaint-texts.js';
import { arrivalTime } from './disorder.js';
import type { PlannedEpisode } from './episodes.js';
import type { GeneratorContext } from './generator-context.js';
import type { Place } from './places.js';
import { Rng } from './prng.js';
import type { SimDay } from './sim-calendar.js';
import type { RecordBuffer } from './record-buffer.js';
import type { SimulatedDispute } from './simulated-record.js';
import {
  DISPUTES_PER_DAY,
  DISPUTE_HOURS_CUMULATIVE,
  categoryShares,
  cumulative,
  disputeDayFactor,
  industrialBoost,
  workdayLevel,
} from './volume-model.js';

const STATUSES: readonly DisputeReport['status'][] = ['new', 'mediating', 'resolved', 'escalated'];
const STATUS_CUMULATIVE = cumulative([0.45, 0.3, 0.2, 0.05]);
/** A boss who ran away leaves nobody to mediate with: more escalations. */
const EPISODE_STATUS_CUMULATIVE = cumulative([0.5, 0.25, 0.05, 0.2]);
const TEXT_SHARE = 0.92;

/** Dispute reports: Poisson counts per day, community and type, plus episode extras. */
export function generateDisputes(ctx: GeneratorContext, types: readonly string[], out: RecordBuffer): void {
  const base = Rng.derive(ctx.seed, 'dispute');
  const extra = Rng.derive(ctx.seed, 'dispute-episodes');
  const shares = categoryShares('dispute', types);
  const places = ctx.places.places;
  const n = places.length;
  let mix = 0;
  for (const place of places) types.forEach((t, i) => (mix += (place.weight / n) * (shares[i] ?? 0) * industrialBoost(place, t)));
  const level = (DISPUTES_PER_DAY * ctx.scale * workdayLevel('dispute')) / mix;

  for (const day of ctx.days) {
    const dayFactors = types.map((t) => disputeDayFactor(t, day));
    for (const place of places) {
      for (let i = 0; i < types.length; i++) {
        const type = types[i] ?? '';
        const mean = ((level * place.weight) / n) * (shares[i] ?? 0) * industrialBoost(place, type) * (dayFactors[i] ?? 1);
        const count = base.poisson(mean);
        for (let k = 0; k < count; k++) report(out, base, ctx, day, place, type, null);
        for (const active of ctx.effects.active('dispute', type, place.code, day.index)) {
          const extras = extra.poisson(mean * active.ratio);
          for (let k = 0; k < extras; k++) report(out, extra, ctx, day, place, type, active.planned);
        }
      }
    }
  }
}

function report(
  out: RecordBuffer,
  rng: Rng,
  ctx: GeneratorContext,
  day: SimDay,
  place: Place,
  type: string,
  episode: PlannedEpisode | null,
): void {
  const eventMs = day.startMs + rng.pickCumulative(DISPUTE_HOURS_CUMULATIVE) * HOUR_MS + rng.int(3600) * 1000;
  const parties = partiesFor(rng, type, episode !== null);
  const amountYuan = amountFor(rng, type, parties);
  const record: SimulatedDispute = {
    stream: 'dispute',
    id: '',
    reportedAt: ctx.clock.format(eventMs),
    regionCode: place.code,
    type,
    parties,
    status: STATUSES[rng.pickCumulative(episode ? EPISODE_STATUS_CUMULATIVE : STATUS_CUMULATIVE)] ?? 'new',
  };
  if (amountYuan !== null) record.amountYuan = amountYuan;
  if (episode || rng.chance(TEXT_SHARE)) {
    const textCtx: TextContext = {
      place,
      parties,
      ...(amountYuan !== null ? { amountYuan } : {}),
      ...(episode?.entity ? { entity: episode.entity } : {}),
    };
    record.text = episode ? episodeDisputeText(episode.episode.kind, type, rng, textCtx) : disputeText(type, rng, textCtx);
  }
  out.push(record, eventMs, arrivalTime(rng, eventMs));
}

/** Wage claims are often collective; an absconded boss leaves a whole workshop unpaid. */
function partiesFor(rng: Rng, type: string, episode: boolean): number {
  if (type === 'wage_arrears') return episode ? rng.between(10, 60) : 2 + rng.negBinomial(3, 1.5);
  if (type === 'labour') return rng.chance(0.85) ? 2 : rng.between(3, 8);
  return rng.chance(0.8) ? 2 : rng.between(3, 5);
}

function amountFor(rng: Rng, type: string, parties: number): number | null {
  switch (type) {
    case 'wage_arrears':
      // (parties - 1) workers, a monthly wage of 4-9k yuan, 1-4 months unpaid.
      return Math.round(((parties - 1) * rng.between(4000, 9000) * rng.between(1, 4)) / 100) * 100;
    case 'labour':
      return rng.between(30, 500) * 100;
    case 'rental':
      return rng.between(15, 150) * 100;
    case 'property':
      return rng.between(5, 200) * 100;
    case 'consumer':
      return rng.between(1, 300) * 100;
    case 'neighbour':
    case 'family':
      return null;
    default:
      return rng.chance(0.3) ? rng.between(5, 100) * 100 : null;
  }
}
