import { median, medianAbsoluteDeviation } from 'simple-statistics';
import { z } from 'zod';
import type { Window } from '../src/domain/window.js';
import { WARMING_UP } from '../src/domain/score.js';
import { defineDetector } from './detector.js';
import { pushBounded } from './stats/rolling-baseline.js';
import { zEvidence } from './stats/z-evidence.js';

/**
 * Robust z-score against a weekly-seasonal baseline: z = (x - median) / (1.4826 MAD), the modified
 * z-score of Iglewicz & Hoaglin (1993), "How to Detect and Handle Outliers", whose 0.6745 is
 * 1 / 1.4826. The baseline is the same slot of past windows: the same weekday for day windows,
 * the previous windows for week windows, and for hour windows either the same hour of the week
 * (`hour_of_week`, 168 slots) or the same hour of the last workdays or days off
 * (`hour_of_day_type`, 48 slots, the default: holidays behave like Sundays, swapped workdays
 * like Mondays, and the baseline refreshes faster with 7x less state).
 */
export const RobustZConfig = z
  .object({
    /** Past values kept per slot. */
    baselineWeeks: z.number().int().min(2).default(8).describe('Past values kept per seasonal slot (weekday, hour)'),
    /** Past values a slot needs before it scores. */
    minHistory: z.number().int().min(2).default(4).describe('Past values a slot needs before it scores'),
    /** Modified z-score above which a value is an outlier (Iglewicz & Hoaglin 1993). */
    threshold: z.number().positive().default(3.5).describe('Modified z-score above which a count is an outlier (Iglewicz & Hoaglin)'),
    /** Floor on the scale: counts often have MAD 0, which would make any rise infinite. */
    minScale: z.number().positive().default(1).describe('Floor on the scale 1.4826 MAD: counts often have MAD 0'),
    /** Also floor the scale at sqrt(median), the Poisson standard deviation. */
    poissonFloor: z.boolean().default(true).describe('Also floor the scale at sqrt(median), the Poisson standard deviation'),
    /** Slots of hour windows: hour of the week, or hour of day split by workday / day off. */
    hourSlots: z.enum(['hour_of_day_type', 'hour_of_week']).default('hour_of_day_type').describe('Slots of hour windows: hour of day by workday / day off (48), or hour of week (168)'),
  })
  .strict()
  .refine((config) => config.minHistory <= config.baselineWeeks, {
    message: 'minHistory must not exceed baselineWeeks',
    path: ['minHistory'],
  });
export type RobustZConfig = z.infer<typeof RobustZConfig>;

export const RobustZState = z
  .object({
    /**
     * Past counts per slot, oldest first, at most `baselineWeeks` each. Sparse: a slot appears
     * when its first window closes (7 slots for day windows, up to 168 for hour windows).
     */
    slots: z.record(z.string().regex(/^\d{1,3}$/), z.array(z.number())),
  })
  .strict();
export type RobustZState = z.infer<typeof RobustZState>;

/** 1 / Phi^-1(0.75): makes the MAD a consistent estimator of a normal standard deviation. */
const MAD_TO_SD = 1.4826;

export const robustZ = defineDetector<RobustZConfig, RobustZState>({
  name: 'robust_z',
  description: 'Modified z-score (median/MAD) against the same weekday or hour of past weeks (Iglewicz & Hoaglin 1993)',
  configSchema: RobustZConfig,
  stateSchema: RobustZState,
  create: () => ({ slots: {} }),
  update(state, window, config) {
    const x = window.count;
    const slot = slotOf(window, config.hourSlots);
    const past = state.slots[slot] ?? [];
    const slots = { ...state.slots, [slot]: pushBounded(past, x, config.baselineWeeks) };
    // A config reload may have shrunk baselineWeeks: score on the newest values only.
    const baseline = past.slice(-config.baselineWeeks);
    if (baseline.length < config.minHistory) {
      return { state: { slots }, score: WARMING_UP };
    }

    const center = median(baseline);
    const scale = Math.max(
      MAD_TO_SD * medianAbsoluteDeviation(baseline),
      config.minScale,
      config.poissonFloor ? Math.sqrt(center) : 0,
    );
    const zScore = (x - center) / scale;
    const { score, pValue } = zEvidence(zScore);

    return {
      state: { slots },
      score: {
        expected: center,
        upper: center + config.threshold * scale,
        score,
        pValue,
        alarm: zScore > config.threshold,
        warmingUp: false,
      },
    };
  },
});

/** Seasonal slot of a window: weekday for day windows, hour of week or of day type for hour windows. */
function slotOf(window: Window, hourSlots: RobustZConfig['hourSlots']): string {
  switch (window.granularity) {
    case 'day':
      return String(window.weekday);
    case 'hour':
      if (hourSlots === 'hour_of_week') return String(window.weekday * 24 + window.hour);
      return String((window.dayType === 'workday' ? 0 : 24) + window.hour);
    case 'week':
      return '0';
  }
}
