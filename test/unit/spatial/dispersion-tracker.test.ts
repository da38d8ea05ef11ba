import { describe, expect, it } from 'vitest';
import { DispersionTracker } from '../../../src/spatial/dispersion-tracker.js';

describe('dispersion tracker', () => {
  it('returns the dispersion before the window and then learns from its squared Pearson residual', () => {
    const tracker = new DispersionTracker(28);
    // (10 - 4)^2 / 4 = 9: 1 + (9 - 1) / 28 = 1.2857...
    expect(tracker.observe('a', 10, 4)).toBe(1);
    expect(tracker.observe('a', 4, 4)).toBeCloseTo(1 + 8 / 28, 12);
    // Residual 0 pulls it back: 9/7 - (9/7) / 28 = 1.2398...
    expect(tracker.observe('a', 4, 4)).toBeCloseTo((9 / 7) * (27 / 28), 12);
  });

  it('never reports below 1 (Poisson), though the average of quiet windows falls below it', () => {
    const tracker = new DispersionTracker(2);
    tracker.observe('a', 5, 5); // residual 0: average 1 + (0 - 1) / 2 = 0.5
    expect(tracker.toJSON()).toEqual({ a: 0.5 });
    expect(tracker.observe('a', 5, 5)).toBe(1);
  });

  it('caps one outbreak window at a residual of 25 and skips windows without a baseline', () => {
    const tracker = new DispersionTracker(4);
    tracker.observe('a', 31, 1); // residual 900, capped: 1 + (25 - 1) / 4 = 7
    tracker.observe('a', 3, 0); // no baseline: unchanged
    tracker.observe('a', 3, Number.NaN);
    expect(tracker.toJSON()).toEqual({ a: 7 });
    expect(tracker.observe('b', 0, 0)).toBe(1); // a series never seen starts at 1
  });

  it('restores from its JSON to the same answers', () => {
    const tracker = new DispersionTracker(4);
    tracker.observe('a', 31, 1);
    const restored = new DispersionTracker(4);
    restored.restore(JSON.parse(JSON.stringify(tracker.toJSON())) as Record<string, number>);
    expect(restored.observe('a', 1, 1)).toBe(7);
    expect(tracker.observe('a', 1, 1)).toBe(7);
    expect(restored.toJSON()).toEqual(tracker.toJSON());
  });
});
