import { z } from 'zod';
import { type Score, type TermSignal, WARMING_UP } from '../src/domain/score.js';
import type { Window } from '../src/domain/window.js';
import { type TermKey, termKey, termText } from '../src/text/term-keys.js';
import { type TermOrder, positionOf, termOrder, withTerms } from './term-positions.js';
import { defineDetector } from './detector.js';
import { poissonTails } from './stats/poisson.js';

/**
 * Term bursts in complaint and dispute texts: flags terms that appear or surge in one series'
 * window (Kleinberg 2002 frames bursts as a rate rising above a term's base rate; this is the
 * one-window Poisson test of that idea, as in Fung et al. 2005 and Swan & Allan 2000).
 *
 * Each term (a character bigram or a Latin word, see src/text/ngrams.ts) keeps an EWMA baseline.
 * In `share` mode (default) the baseline is the term's share of the window's texts, so the
 * expected count is share x texts in the window: a surge of the whole series raises every term
 * and is the count detectors' business, while a term whose share rises, or a brand new term,
 * is what this detector adds. In `count` mode the baseline is the term's count per window.
 *
 * Test: count c of a term against Poisson(max(expected, floor)), p = P(X >= c). Only terms with
 * c >= minCount are tested; with m of them in the window, the Bonferroni-corrected p-value is
 * min(1, m p), and the window fires when the smallest corrected p is at most alpha (so alpha
 * bounds the chance that a quiet window fires, whatever its vocabulary). The floor keeps a new
 * term from firing on a single mention: with floor 0.5 a never-seen term needs 5 texts in a
 * window with m = 1 tested term at alpha 0.001 (P(X >= 5 | 0.5) = 1.7e-4), 6 with m = 10
 * (P(X >= 6 | 0.5) = 1.4e-5).
 *
 * Memory: at most `maxTerms` terms per series. Once full, a new term is admitted only if its
 * first baseline reaches `forgetBelow`; when admissions overflow `maxTerms`, terms below
 * `forgetBelow` and then the weakest baselines (ties: later in code-point order) are evicted down
 * to 80% of `maxTerms`. A term left out or evicted is tested as new against the floor, which is
 * close to what its small baseline gave: with forgetBelow 0.01 and 50 texts, 0.5 expected.
 * Window terms arrive as integer keys (src/text/term-keys.ts); the state keeps term texts, so it
 * stays plain JSON, and a per-state index of positions sorted by key (term-positions.ts, 4 bytes
 * a term) finds a window's terms in it.
 *
 * `expected` and `upper` are NaN: the detector does not forecast the series count. Its evidence
 * is `pValue`, `score` = 1 - pValue and `topTerms` (term, count, expected count), which alerts
 * carry as `topTerms` after naming (src/text/name-terms.ts).
 */
export const TermBurstConfig = z
  .object({
    baseline: z.enum(['share', 'count']).default('share').describe('Baseline per term: share of the window\'s texts (default) or count per window'),
    weight: z.number().gt(0).lte(1).default(0.1).describe('EWMA weight of the newest window in each baseline (0.1: about the last 10 windows)'),
    floor: z.number().positive().default(0.5).describe('Lowest expected count a term is tested against'),
    minCount: z.number().int().min(1).default(3).describe('Texts a term must appear in to be tested'),
    alpha: z.number().gt(0).lt(1).default(0.001).describe('Family-wise level per window after the Bonferroni correction'),
    minHistory: z.number().int().min(0).default(7).describe('Windows with text the series must have seen before it may fire'),
    maxTerms: z.number().int().min(1).max(100_000).default(200).describe('Most terms a series keeps baselines for'),
    forgetBelow: z.number().min(0).default(0.01).describe('A baseline (share, or count per window) below this is forgotten'),
    reportPValue: z.number().gt(0).lte(1).default(0.05).describe('A term is reported in `topTerms` when its uncorrected p-value is at most this'),
    topTerms: z.number().int().min(0).max(100).default(20).describe('Most terms reported in `topTerms`'),
  })
  .strict();
export type TermBurstConfig = z.infer<typeof TermBurstConfig>;

export const TermBurstState = z
  .object({
    /** Windows seen with text (share mode) or at all (count mode). */
    windows: z.number().int().nonnegative(),
    /** Tracked terms; `rates[i]` is the baseline of `terms[i]` as of window number `seen[i]`. */
    terms: z.array(z.string()),
    rates: z.array(z.number().nonnegative()),
    seen: z.array(z.number().int().nonnegative()),
  })
  .strict()
  .refine((s) => s.terms.length === s.rates.length && s.terms.length === s.seen.length, {
    message: 'terms, rates and seen must have the same length',
    path: ['rates'],
  });
export type TermBurstState = z.infer<typeof TermBurstState>;

interface Tested {
  readonly key: TermKey;
  readonly count: number;
  readonly expected: number;
  readonly p: number;
}

export const termBurst = defineDetector<TermBurstConfig, TermBurstState>({
  name: 'term_burst',
  description: 'Terms of complaint texts that appear or surge: per-term EWMA baselines, Bonferroni-corrected Poisson tails',
  configSchema: TermBurstConfig,
  stateSchema: TermBurstState,
  usesTerms: true,
  create: () => ({ windows: 0, terms: [], rates: [], seen: [] }),
  update(state, window, config) {
    const share = config.baseline === 'share';
    // Share mode learns nothing from a window without terms (no texts, or texts without terms).
    if (share && window.terms.size === 0) return { state, score: state.windows < config.minHistory ? WARMING_UP : quiet() };
    const texts = share ? textsIn(window) : 1;
    const index = termIndex(state);
    const decay = 1 - config.weight;
    // Baselines start at 0, so after t windows an EWMA holds only 1 - decay^t of the true rate:
    // dividing by that removes the start-up bias (terms absent so far rightly count as 0).
    const warmth = 1 - decay ** Math.max(state.windows, 1);

    // One pass: test the frequent terms and take the EWMA step.
    const now = state.windows + 1;
    // States never change in place, so the next state shares the term list until a term is added.
    let terms = state.terms;
    const rates = state.rates.slice();
    const seen = state.seen.slice();
    // Only the smallest p and the terms worth reporting are kept: most tested terms are neither.
    let testedCount = 0;
    let smallestP = 1;
    const reported: Tested[] = [];
    for (const [term, count] of window.terms) {
      // Keys are canonical from the engine; a window built by hand may give a bigram as text.
      const key = typeof term === 'string' ? termKey(term) : term;
      const i = lookup(state, index, key);
      const rate = i < 0 ? 0 : rateNow(state, i, state.windows, decay);
      if (count >= config.minCount) {
        const expected = Math.max((rate / warmth) * texts, config.floor);
        const p = poissonTails(count - 1, expected).upper;
        testedCount += 1;
        if (p < smallestP) smallestP = p;
        if (p <= config.reportPValue && count > expected) reported.push({ key, count, expected, p });
      }
      const step = config.weight * (count / texts);
      if (i < 0) {
        // A full vocabulary admits only terms that start above forgetBelow: a weaker one would be
        // the first evicted, and churning through rare terms would cost an eviction per window.
        if (terms.length >= config.maxTerms && step < config.forgetBelow) continue;
        if (terms === state.terms) terms = state.terms.slice();
        terms.push(termText(key));
        rates.push(step);
        seen.push(now);
      } else {
        rates[i] = rate * decay + step;
        seen[i] = now;
      }
    }
    const next = bounded(state, { windows: now, terms, rates, seen }, index, config);
    if (state.windows < config.minHistory) return { state: next, score: WARMING_UP };
    return { state: next, score: scoreOf(testedCount, smallestP, reported, config) };
  },
});

function quiet(): Score {
  return { expected: Number.NaN, upper: Number.NaN, score: 0, pValue: 1, alarm: false, warmingUp: false };
}

/** Texts in the window: its event count, but never fewer than the texts any one term appears in. */
function textsIn(window: Window): number {
  let texts = window.count;
  for (const count of window.terms.values()) if (count > texts) texts = count;
  return Math.max(texts, 1);
}

/** Baselines decay lazily: a term's rate is brought to window `now` only when it is read. */
function rateNow(state: TermBurstState, i: number, now: number, decay: number): number {
  const rate = state.rates[i] ?? 0;
  const age = now - (state.seen[i] ?? now);
  return age === 0 ? rate : rate * decay ** age;
}

/**
 * Term key -> position (term-positions.ts), shared along a chain of states: terms are only ever
 * appended until an eviction rebuilds the arrays, so the next state's index is this one plus the
 * new terms. Only the newest state of a chain extends it (`length` says which); a second update
 * of an older state builds its own, so an index always describes exactly the state it is used for.
 */
interface TermIndex {
  order: TermOrder;
  /** Terms of the newest state that shares this index. */
  length: number;
}

const indexes = new WeakMap<TermBurstState, TermIndex>();

function termIndex(state: TermBurstState): TermIndex {
  const cached = indexes.get(state);
  if (cached !== undefined && cached.length === state.terms.length) return cached;
  const index = { order: termOrder(state.terms), length: state.terms.length };
  indexes.set(state, index);
  return index;
}

function lookup(state: TermBurstState, index: TermIndex, key: TermKey): number {
  return positionOf(index.order, state.terms, key);
}

function scoreOf(tested: number, smallestP: number, reported: Tested[], config: TermBurstConfig): Score {
  if (tested === 0) return quiet();
  const pValue = Math.min(1, smallestP * tested);
  const topTerms: TermSignal[] = reported
    .map((t) => ({ term: termText(t.key), count: t.count, baseline: t.expected, p: t.p }))
    .sort((a, b) => a.p - b.p || (a.term < b.term ? -1 : a.term > b.term ? 1 : 0))
    .slice(0, config.topTerms)
    .map((t) => ({ term: t.term, count: t.count, baseline: t.baseline }));
  return { expected: Number.NaN, upper: Number.NaN, score: 1 - pValue, pValue, alarm: pValue <= config.alpha, warmingUp: false, topTerms };
}

/**
 * Every baseline moved toward this window's share (or count), absent terms toward 0 lazily (see
 * rateNow), and new terms were appended. Past `maxTerms`, an eviction pass drops forgotten terms
 * and then the weakest, down to 80% of `maxTerms`, so it runs once every few windows rather
 * than on every one.
 */
function bounded(previous: TermBurstState, next: TermBurstState, index: TermIndex, config: TermBurstConfig): TermBurstState {
  if (next.terms.length > config.maxTerms) return evict(next, config);
  if (next.terms.length === previous.terms.length) {
    indexes.set(next, index);
    return next;
  }
  // Pushes left up to a third of the arrays unused, and a state is kept for a whole window: copy
  // them at their size. Then extend the shared index with the new terms.
  const kept = { windows: next.windows, terms: next.terms.slice(), rates: next.rates.slice(), seen: next.seen.slice() };
  index.order = withTerms(index.order, kept.terms, previous.terms.length);
  index.length = kept.terms.length;
  indexes.set(kept, index);
  return kept;
}

/** Keeps the strongest baselines above `forgetBelow`, at most 80% of `maxTerms`, in their original order. */
function evict(state: TermBurstState, config: TermBurstConfig): TermBurstState {
  const decay = 1 - config.weight;
  const current = state.terms.map((_, i) => rateNow(state, i, state.windows, decay));
  const target = Math.max(1, Math.floor(config.maxTerms * 0.8));
  const order = current
    .map((_, i) => i)
    .filter((i) => current[i]! >= config.forgetBelow)
    .sort((a, b) => current[b]! - current[a]! || (state.terms[a]! < state.terms[b]! ? -1 : state.terms[a]! > state.terms[b]! ? 1 : 0))
    .slice(0, target)
    .sort((a, b) => a - b);
  return {
    windows: state.windows,
    terms: order.map((i) => state.terms[i]!),
    rates: order.map((i) => current[i]!),
    seen: order.map(() => state.windows),
  };
}
