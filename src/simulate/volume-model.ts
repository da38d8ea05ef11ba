import type { Place } from './places.js';
import type { SimDay } from './sim-calendar.js';

/**
 * Baseline volumes of the three streams at scale 1: who complains about what, when.
 * The numbers are plausible for a district of ~4 million people, not measured.
 */

/** Mean hotline complaints per day over a week, whole district. */
export const HOTLINE_PER_DAY = 3000;
/** Mean dispute reports per day over a week, whole district. */
export const DISPUTES_PER_DAY = 150;

/** Share of each hotline category (12345-style taxonomy); codes not listed get OTHER_SHARE. */
const HOTLINE_SHARES: Readonly<Record<string, number>> = {
  food_safety: 0.06,
  noise: 0.12,
  rental_housing: 0.08,
  wage_arrears: 0.03,
  property_management: 0.12,
  environment: 0.12,
  traffic: 0.12,
  public_security: 0.05,
  fire_safety: 0.03,
  construction: 0.08,
  consumer: 0.09,
  epidemic: 0.02,
  other: 0.08,
};

const DISPUTE_SHARES: Readonly<Record<string, number>> = {
  wage_arrears: 0.12,
  labour: 0.18,
  rental: 0.16,
  neighbour: 0.18,
  property: 0.12,
  consumer: 0.1,
  family: 0.08,
  other: 0.06,
};

const OTHER_SHARE = 0.02;

/** Industrial communities: more wage and labour trouble, more migrant-worker rentals. */
const INDUSTRIAL_BOOST: Readonly<Record<string, number>> = {
  wage_arrears: 2,
  labour: 1.5,
  rental_housing: 1.3,
  rental: 1.3,
  environment: 1.2,
};

const WEEKEND = { hotline: 0.7, dispute: 0.5 } as const;
const HOLIDAY = { hotline: 0.45, dispute: 0.3 } as const;
/** Categories that rise on days off: eating out, shopping, parties. */
const HOLIDAY_UP: Readonly<Record<string, number>> = { food_safety: 1.3, consumer: 1.15, noise: 1.1 };
const WEEKEND_UP: Readonly<Record<string, number>> = { food_safety: 1.05, consumer: 1.05, noise: 1.1 };

/** Shares normalised over the categories the config actually has. */
export function categoryShares(stream: 'hotline' | 'dispute', codes: readonly string[]): number[] {
  const table = stream === 'hotline' ? HOTLINE_SHARES : DISPUTE_SHARES;
  const raw = codes.map((c) => table[c] ?? OTHER_SHARE);
  const total = raw.reduce((s, x) => s + x, 0);
  return raw.map((x) => x / total);
}

export function industrialBoost(place: Place, category: string): number {
  return place.industrial ? (INDUSTRIAL_BOOST[category] ?? 1) : 1;
}

/** Weekly mean to workday level: weekends are quieter, so workdays carry more than the mean. */
export function workdayLevel(stream: 'hotline' | 'dispute'): number {
  return 7 / (5 + 2 * WEEKEND[stream]);
}

/** Mild seasonality (summer up) and a slow upward drift of a few percent a year. */
function annual(day: SimDay, amplitude: number, peakDay: number): number {
  return (1 + amplitude * Math.cos((2 * Math.PI * (day.dayOfYear - peakDay)) / 365)) * (1 + 0.04 * day.yearsSince2025);
}

export function hotlineDayFactor(category: string, day: SimDay): number {
  let f: number;
  if (day.dayType === 'holiday') f = HOLIDAY_UP[category] ?? HOLIDAY.hotline;
  else if (day.dayType === 'weekend') f = WEEKEND_UP[category] ?? WEEKEND.hotline;
  else f = 1;
  switch (category) {
    case 'noise':
    case 'environment':
      return f * annual(day, 0.15, 196); // hot nights, open windows, smells
    case 'epidemic':
      return f * annual(day, 0.3, 20); // winter respiratory season
    default:
      return f * annual(day, 0.05, 196);
  }
}

export function disputeDayFactor(type: string, day: SimDay): number {
  let f = day.dayType === 'holiday' ? HOLIDAY.dispute : day.dayType === 'weekend' ? WEEKEND.dispute : 1;
  // Workers want their wages before going home for Spring Festival: arrears claims pile up.
  if (type === 'wage_arrears' && day.daysToSpringFestival !== null && day.daysToSpringFestival <= 45) {
    f *= 1 + 1.2 * (1 - day.daysToSpringFestival / 45);
  }
  return f * annual(day, 0.05, 196);
}

/** Relative hotline volume per local hour: night low, peaks 9-11 and 14-17. */
const OFFICE_HOURS = [0.15, 0.08, 0.05, 0.04, 0.05, 0.1, 0.3, 0.7, 1.3, 1.9, 2.0, 1.8, 1.1, 1.2, 1.7, 1.9, 1.9, 1.7, 1.2, 1.0, 0.9, 0.75, 0.5, 0.3];
/** Noise complaints come at night, when people try to sleep. */
const NOISE_HOURS = [1.4, 1.0, 0.6, 0.3, 0.1, 0.1, 0.4, 0.9, 1.0, 0.9, 0.8, 0.7, 0.6, 0.9, 0.8, 0.7, 0.7, 0.7, 0.8, 1.0, 1.3, 1.7, 2.0, 1.9];
/** Mediation offices keep office hours; a few reports come in by phone in the evening. */
const DISPUTE_HOURS = [0, 0, 0, 0, 0, 0, 0, 0.05, 0.6, 1.6, 1.8, 1.5, 0.3, 0.4, 1.5, 1.7, 1.6, 1.2, 0.3, 0.15, 0.1, 0.05, 0, 0];

export function cumulative(weights: readonly number[]): number[] {
  let sum = 0;
  return weights.map((w) => (sum += w));
}

export const HOTLINE_HOURS_CUMULATIVE = cumulative(OFFICE_HOURS);
export const NOISE_HOURS_CUMULATIVE = cumulative(NOISE_HOURS);
export const DISPUTE_HOURS_CUMULATIVE = cumulative(DISPUTE_HOURS);

/** Negative-binomial size per community-day cell: smaller is burstier. */
export const HOTLINE_DISPERSION = 30;

/** Expected count per community and day for a case-count category, and its dispersion. */
export function caseMean(category: string, place: Place, day: SimDay): { mean: number; size: number } {
  const w = place.weight;
  const off = day.dayType !== 'workday';
  switch (category) {
    case 'influenza_like':
      // Winter peak; fewer clinic visits on days off.
      return { mean: 3 * w * annual(day, 0.3, 20) * (day.dayType === 'holiday' ? 0.8 : 1), size: 12 };
    case 'covid19':
      return { mean: 0.3 * w, size: 2 };
    case 'public_security':
      return { mean: 2 * w * (off ? 1.15 : 1), size: 8 };
    case 'fire':
      return { mean: 0.1 * w, size: Infinity };
    case 'food_poisoning':
      return { mean: 0.05 * w * (day.dayType === 'holiday' ? 2 : 1), size: Infinity };
    case 'school_absence':
      return { mean: (day.schoolDay ? 5 : 0.2) * w, size: 10 };
    default:
      return { mean: 1 * w, size: Infinity };
  }
}
