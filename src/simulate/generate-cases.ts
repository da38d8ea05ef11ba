import { DAY_MS, HOUR_MS } from '../domain/granularity.js';
import { arrivalTime } from './disorder.js';
import type { GeneratorContext } from './generator-context.js';
import { Rng } from './prng.js';
import type { RecordBuffer } from './record-buffer.js';
import type { SimulatedCaseCount } from './simulated-record.js';
import { caseMean } from './volume-model.js';

/** Share of published counts corrected later (late lab results, reclassified cases). */
export const REVISION_SHARE = 0.02;

/**
 * Case counts: one record per community, category and local day, published at the start of its
 * period (its event time). About 2% get a revision 1-3 days later with a corrected count; a
 * revision is late by design, as the pipeline re-scores closed windows for revisions.
 */
export function generateCases(ctx: GeneratorContext, categories: readonly string[], out: RecordBuffer): void {
  const base = Rng.derive(ctx.seed, 'cases');
  const extra = Rng.derive(ctx.seed, 'cases-episodes');
  for (const day of ctx.days) {
    const periodStart = ctx.clock.format(day.startMs);
    const periodEnd = ctx.clock.format(day.startMs + DAY_MS);
    for (const place of ctx.places.places) {
      for (const category of categories) {
        const { mean, size } = caseMean(category, place, day);
        let count = base.negBinomial(mean, size);
        for (const active of ctx.effects.active('cases', category, place.code, day.index)) {
          count += extra.poisson(mean * active.ratio);
        }
        const record: SimulatedCaseCount = { stream: 'cases', id: '', periodStart, periodEnd, regionCode: place.code, category, count, revision: 0 };
        out.push(record, day.startMs, arrivalTime(base, day.startMs));

        if (!base.chance(REVISION_SHARE)) continue;
        const arrivalMs = day.startMs + base.between(1, 3) * DAY_MS + base.between(8, 17) * HOUR_MS + base.int(3600) * 1000;
        // Mostly upward: late reports trickle in; sometimes a case is reclassified away. Draw the
        // coin before looking at the count, so episodes never shift the baseline's random stream.
        const upward = base.chance(0.8);
        const up = count === 0 || upward;
        const delta = 1 + base.poisson(0.2 * mean);
        if (arrivalMs >= ctx.endMs) continue;
        out.push({ ...record, count: up ? count + delta : Math.max(0, count - delta), revision: 1 }, day.startMs, arrivalMs);
      }
    }
  }
}
