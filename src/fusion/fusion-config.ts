import { z } from 'zod';
import { StreamName } from '../domain/stream.js';

const ThemeMember = z.object({ stream: StreamName, category: z.string().min(1) }).strict();

/** Categories of different streams that one incident raises together. */
const Theme = z
  .object({
    name: z.string().regex(/^[a-z][a-z0-9_]*$/, 'a lower_snake theme name'),
    members: z.array(ThemeMember).min(1),
  })
  .strict();
export type FusionTheme = z.infer<typeof Theme>;

const member = (stream: StreamName, category: string) => ({ stream, category });

/**
 * Themes for the bundled Longgang categories, used when the config lists none. A member whose
 * category the config lacks is skipped, so these defaults work with smaller category lists;
 * themes listed in the config must name known categories (a config error otherwise).
 */
export const DEFAULT_THEMES: FusionTheme[] = [
  { name: 'wage', members: [member('hotline', 'wage_arrears'), member('dispute', 'wage_arrears'), member('dispute', 'labour')] },
  { name: 'food', members: [member('hotline', 'food_safety'), member('cases', 'food_poisoning')] },
  {
    name: 'epidemic',
    members: [member('hotline', 'epidemic'), member('cases', 'influenza_like'), member('cases', 'covid19'), member('cases', 'school_absence')],
  },
  { name: 'rental', members: [member('hotline', 'rental_housing'), member('dispute', 'rental')] },
  { name: 'property', members: [member('hotline', 'property_management'), member('dispute', 'property')] },
  { name: 'consumer', members: [member('hotline', 'consumer'), member('dispute', 'consumer')] },
  {
    name: 'safety',
    members: [member('hotline', 'public_security'), member('cases', 'public_security'), member('hotline', 'fire_safety'), member('cases', 'fire')],
  },
  { name: 'neighbourhood', members: [member('hotline', 'noise'), member('dispute', 'neighbour')] },
];

/**
 * Fusion (see README "Fusion"): for one place, one day and one theme, the p-values of its day
 * series in every stream, of its hourly windows that day and of the spatial clusters containing
 * it are combined into one, corrected for their dependence.
 */
export const FusionConfig = z
  .object({
    enabled: z.boolean().default(true),
    /** Region levels fused. */
    levels: z.array(z.enum(['district', 'street', 'community'])).min(1).default(['street', 'community']),
    /** Fisher's method with Brown's correction, or Stouffer's with correlated scores. */
    method: z.enum(['fisher_brown', 'stouffer']).default('fisher_brown'),
    /**
     * Assumed correlation of two signals' normal scores when they come from different series
     * (another stream or category: separate data, linked only by the incident itself) ...
     */
    correlation: z.number().min(0).max(1).default(0.1),
    /** ... and when they share a stream and category (a day series, its busiest hour, a cluster containing it). */
    sameSeriesCorrelation: z.number().min(0).max(1).default(0.6),
    /** A fused alert needs a combined p-value at or below this ... */
    alpha: z.number().gt(0).lt(1).default(0.005),
    /** ... and at least this many signals at or below `signalAlpha` (corroboration, not one loud series). */
    minSignals: z.number().int().min(1).default(2),
    signalAlpha: z.number().gt(0).lt(1).default(0.05),
    /** ... from at least this many streams (1 lets one stream's day, hour and cluster corroborate each other). */
    minStreams: z.number().int().min(1).max(3).default(2),
    /** Floor of a series' expected count in the Poisson guard on its p-value. */
    minExpected: z.number().gt(0).default(0.5),
    /** The hottest child's day series (the community of a street with the smallest p-value) is a signal of the place. */
    childSignals: z.boolean().default(true),
    /**
     * Empirical calibration of the day series' and busiest hours' p-values (README "Fusion"):
     * each is ranked among the past ones of its stream, category, place level and source.
     */
    calibration: z
      .object({
        enabled: z.boolean().default(true),
        /** Past p-values a group needs before its p-values are calibrated (until then: Sidak and Poisson guard). */
        minCount: z.number().int().min(1).default(300),
        /** Past p-values kept per group, about (older ones are halved away). */
        maxCount: z.number().int().min(10).default(20000),
      })
      .strict()
      .prefault({}),
    /**
     * A day is fused once every started stream closed it, or once it is this many days behind the
     * newest closed day. Kafka delivers the topics at their own pace (a backlog, a restart), so
     * waiting is what makes the fused alerts the same whatever the order; only a stream stalled
     * for longer than this is fused without.
     */
    maxWaitDays: z.number().int().min(0).max(366).default(31),
    /** Absent: DEFAULT_THEMES, restricted to the config's categories. */
    themes: z.array(Theme).optional(),
  })
  .strict();
export type FusionConfig = z.infer<typeof FusionConfig>;
