import { describe, expect, it } from 'vitest';
import { TermBurstConfig, TermBurstState, termBurst } from '../../../detectors/term-burst.js';
import type { Window } from '../../../src/domain/window.js';
import { countWindow } from './window-fixture.js';

const DEFAULTS = TermBurstConfig.parse({});

/** A day window of a hotline series with `count` texts and these term counts. */
function textWindow(index: number, count: number, terms: Record<string, number>): Window {
  return { ...countWindow('day', index, count), terms: new Map(Object.entries(terms)) };
}

/** P(X >= c) for X ~ Poisson(lambda), summed directly: the reference for the detector's tails. */
function poissonAtLeast(c: number, lambda: number): number {
  let below = 0;
  let term = Math.exp(-lambda);
  for (let k = 0; k < c; k++) {
    below += term;
    term *= lambda / (k + 1);
  }
  return 1 - below;
}

function run(windows: readonly Window[], config: TermBurstConfig = DEFAULTS, state: TermBurstState = termBurst.create(config)) {
  const scores = [];
  for (const window of windows) {
    const result = termBurst.update(state, window, config);
    state = result.state;
    scores.push(result.score);
  }
  return { state, scores };
}

const history = (n: number, count: number, terms: Record<string, number>) => Array.from({ length: n }, (_, i) => textWindow(i, count, terms));

describe('term_burst', () => {
  it('has a default for every parameter and rejects bad ones', () => {
    expect(DEFAULTS).toEqual({ baseline: 'share', weight: 0.1, floor: 0.5, minCount: 3, alpha: 0.001, minHistory: 7, maxTerms: 200, forgetBelow: 0.01, reportPValue: 0.05, topTerms: 20 });
    expect(TermBurstConfig.safeParse({ alpha: 0 }).success).toBe(false);
    expect(TermBurstConfig.safeParse({ maxTerms: 0 }).success).toBe(false);
    expect(TermBurstConfig.safeParse({ typo: 1 }).success).toBe(false);
  });

  it('warms up for minHistory windows with text: no history, no alarm', () => {
    const { scores } = run(history(8, 4, { 跑路: 4 }));
    expect(scores.slice(0, 7).every((s) => s.warmingUp && !s.alarm)).toBe(true);
    expect(scores[7]).toMatchObject({ warmingUp: false, alarm: false });
  });

  it('learns nothing from windows without texts (all zeros) and stays warming up', () => {
    const created = termBurst.create(DEFAULTS);
    const { state, scores } = run(history(30, 0, {}), DEFAULTS, created);
    expect(state).toBe(created);
    expect(scores.every((s) => s.warmingUp && !s.alarm)).toBe(true);
  });

  it('flags a brand new term against the floor, corrected for the terms tested', () => {
    const { state } = run(history(10, 4, { 工资: 2 }));
    const { score } = termBurst.update(state, textWindow(10, 8, { 工资: 2, 跑路: 6 }), DEFAULTS);
    // Only 跑路 reaches minCount 3: one test, p = P(X >= 6 | floor 0.5) = 1.4165e-5.
    expect(score.pValue).toBeCloseTo(poissonAtLeast(6, 0.5), 15);
    expect(score.pValue).toBeCloseTo(1.4164937322314e-5, 15);
    expect(score.score).toBeCloseTo(1 - 1.4164937322314e-5, 12);
    expect(score).toMatchObject({ alarm: true, warmingUp: false, topTerms: [{ term: '跑路', count: 6, baseline: 0.5 }] });
    expect(score.expected).toBeNaN();
    expect(score.upper).toBeNaN();
  });

  it('flags a surge in a known term share, and Bonferroni counts every tested term', () => {
    const { state } = run(history(10, 10, { 工资: 1, 欠薪: 5 }));
    const { score } = termBurst.update(state, textWindow(10, 10, { 工资: 8, 欠薪: 4 }), DEFAULTS);
    // Shares 0.1 and 0.5 of 10 texts (the start-up bias of the EWMA removed): expected 1 and 5.
    // Two terms tested, so p = 2 P(X >= 8 | 1) = 2.0498e-5.
    expect(score.pValue).toBeCloseTo(2 * poissonAtLeast(8, 1), 14);
    expect(score.alarm).toBe(true);
    expect(score.topTerms).toHaveLength(1);
    expect(score.topTerms?.[0]?.term).toBe('工资');
    expect(score.topTerms?.[0]?.baseline).toBeCloseTo(1, 12);
  });

  it('reports only terms above their expected count with an uncorrected p-value of at most reportPValue', () => {
    const { state } = run(history(10, 10, { 工资: 1, 欠薪: 5 }));
    // 工资 4 of 10 against 1: p = 0.019, reported; 欠薪 8 against 5: p = 0.133, tested but not reported.
    const { score } = termBurst.update(state, textWindow(10, 10, { 工资: 4, 欠薪: 8 }), DEFAULTS);
    expect(score.topTerms?.map((t) => t.term)).toEqual(['工资']);
    expect(score.pValue).toBeCloseTo(2 * poissonAtLeast(4, 1), 13);
    expect(score.alarm).toBe(false);
  });

  it('in share mode, a surge of the whole series is not a term burst', () => {
    const { state } = run(history(10, 10, { 工资: 1, 欠薪: 5 }));
    const { score } = termBurst.update(state, textWindow(10, 20, { 工资: 2, 欠薪: 10 }), DEFAULTS);
    expect(score.alarm).toBe(false);
    expect(score.pValue).toBeGreaterThan(0.5);
  });

  it('in count mode, the baseline is the EWMA of counts per window', () => {
    const config = TermBurstConfig.parse({ baseline: 'count' });
    const { state } = run(history(10, 10, { 工资: 2 }), config);
    const { score } = termBurst.update(state, textWindow(10, 10, { 工资: 8 }), config);
    expect(score.topTerms?.[0]?.baseline).toBeCloseTo(2, 12);
    expect(score.pValue).toBeCloseTo(poissonAtLeast(8, 2), 14);
    expect(score.alarm).toBe(false); // 0.0011 > alpha 0.001
  });

  it('across a gap: share mode keeps the state as it was, count mode decays it by one step', () => {
    const base = run(history(10, 10, { 工资: 2 }));
    const gap = termBurst.update(base.state, textWindow(10, 0, {}), DEFAULTS);
    expect(gap.state).toBe(base.state);
    expect(gap.score).toMatchObject({ alarm: false, pValue: 1, score: 0, warmingUp: false });

    const config = TermBurstConfig.parse({ baseline: 'count' });
    const counted = run([...history(10, 10, { 工资: 2 }), textWindow(10, 0, {})], config);
    const { score } = termBurst.update(counted.state, textWindow(11, 10, { 工资: 8 }), config);
    // EWMA after 10 windows of 2 is 2 (1 - 0.9^10); the empty window multiplies it by 0.9; the
    // bias correction divides by 1 - 0.9^11.
    const expected = (2 * 0.9 * (1 - 0.9 ** 10)) / (1 - 0.9 ** 11);
    expect(score.topTerms?.[0]?.baseline).toBeCloseTo(expected, 12);
    expect(score.pValue).toBeCloseTo(poissonAtLeast(8, expected), 13);
  });

  it('keeps at most maxTerms baselines, evicting the weakest down to 80%', () => {
    const config = TermBurstConfig.parse({ maxTerms: 4, minHistory: 0 });
    const first = run([textWindow(0, 5, { 工资: 5, 欠薪: 4, 老板: 3, 跑路: 2 })], config);
    expect(first.state.terms).toEqual(['工资', '欠薪', '老板', '跑路']);
    const { state } = termBurst.update(first.state, textWindow(1, 5, { 腹泻: 1 }), config);
    // Rates after the second window: 0.09, 0.072, 0.054, 0.036 and 0.02 (new): five > 4, so the
    // three strongest stay.
    expect(state.terms).toEqual(['工资', '欠薪', '老板']);
    expect(state.rates[0]).toBeCloseTo(0.09, 15);
    expect(state.rates[2]).toBeCloseTo(0.054, 15);
    expect(state.seen).toEqual([2, 2, 2]);
    expect(TermBurstState.safeParse(state).success).toBe(true);
  });

  it('once full, admits a new term only if its first baseline reaches forgetBelow', () => {
    const config = TermBurstConfig.parse({ maxTerms: 2, minHistory: 0 });
    const full = run([textWindow(0, 5, { 工资: 5, 欠薪: 5 })], config).state;
    // 1 text of 50: first baseline 0.1 / 50 = 0.002 < 0.01, left out; 1 of 5 (0.02) gets in.
    expect(termBurst.update(full, textWindow(1, 50, { 腹泻: 1 }), config).state.terms).toEqual(['工资', '欠薪']);
    expect(termBurst.update(full, textWindow(1, 5, { 腹泻: 1 }), config).state.terms).toEqual(['工资']);
  });

  it('an evicted term that returns is tested as new against the floor', () => {
    const config = TermBurstConfig.parse({ maxTerms: 4, minHistory: 0 });
    const { state } = run([textWindow(0, 5, { 工资: 5, 欠薪: 4, 老板: 3, 跑路: 2 }), textWindow(1, 5, { 腹泻: 1 })], config);
    const { score } = termBurst.update(state, textWindow(2, 5, { 跑路: 4 }), config);
    expect(score.topTerms).toEqual([{ term: '跑路', count: 4, baseline: 0.5 }]);
    expect(score.pValue).toBeCloseTo(poissonAtLeast(4, 0.5), 15);
  });

  it('handles huge counts: a million texts at a steady share is quiet, a 20% rise in share is not', () => {
    const { state } = run(history(10, 1_000_000, { 工资: 500_000 }));
    const steady = termBurst.update(state, textWindow(10, 1_000_000, { 工资: 500_000 }), DEFAULTS).score;
    expect(steady.alarm).toBe(false);
    expect(steady.pValue).toBeCloseTo(0.5, 2);
    const rise = termBurst.update(state, textWindow(10, 1_000_000, { 工资: 600_000 }), DEFAULTS).score;
    expect(rise.alarm).toBe(true);
    expect(rise.pValue).toBeGreaterThanOrEqual(0);
    expect(rise.pValue).toBeLessThan(1e-300);
    expect(rise.score).toBe(1);
    expect(rise.topTerms?.[0]?.baseline).toBeCloseTo(500_000, 6);
  });

  it('never counts more texts than events: a window whose terms outnumber its count uses the largest term count', () => {
    const { state } = run(history(10, 10, { 工资: 5 }));
    // count 0 with terms (bad input): texts = 12, expected 0.5 x 12 = 6.
    const { score } = termBurst.update(state, textWindow(10, 0, { 工资: 12 }), DEFAULTS);
    expect(score.topTerms?.[0]?.baseline).toBeCloseTo(6, 12);
    expect(score.pValue).toBeCloseTo(poissonAtLeast(12, 6), 13);
  });

  it('is pure and deterministic: the input state is untouched and a JSON copy gives the same result', () => {
    const windows = [...history(12, 6, { 工资: 3, 欠薪: 2 }), textWindow(12, 6, { 跑路: 5, 工资: 1 }), textWindow(13, 6, { 腹泻: 4 })];
    const middle = run(windows.slice(0, 12)).state;
    const before = structuredClone(middle);
    // Two branches from the same state: the shared term index must not leak between them.
    const branchA = run(windows.slice(12), DEFAULTS, middle);
    const branchB = run([textWindow(12, 6, { 老板: 6 })], DEFAULTS, middle);
    const again = run(windows.slice(12), DEFAULTS, middle);
    const fromJson = run(windows.slice(12), DEFAULTS, JSON.parse(JSON.stringify(middle)) as TermBurstState);
    expect(middle).toEqual(before);
    expect(again).toEqual(branchA);
    expect(fromJson).toEqual(branchA);
    expect(branchB.scores[0]?.topTerms?.[0]?.term).toBe('老板');
    expect(TermBurstState.safeParse({ windows: 1, terms: ['工资'], rates: [], seen: [] }).success).toBe(false);
  });
});
