import { describe, expect, it } from 'vitest';
import { PValueCalibrator, calibrationBin } from '../../../src/fusion/p-calibration.js';

describe('empirical p-value calibration', () => {
  it('bins -log10 p at 20 bins a decade, exact powers of ten in their own bin, 0 and tiny p in the last', () => {
    expect(calibrationBin(1)).toBe(0);
    expect(calibrationBin(0.5)).toBe(6); // -log10 0.5 = 0.301 -> floor(6.02)
    expect(calibrationBin(0.1)).toBe(20);
    expect(calibrationBin(1e-3)).toBe(60);
    expect(calibrationBin(1e-13)).toBe(239);
    expect(calibrationBin(0)).toBe(239);
    expect(() => calibrationBin(Number.NaN)).toThrow(RangeError);
  });

  it('ranks a p-value among the past ones: (1 + past at most p) / (1 + n), null below minCount', () => {
    const calibrator = new PValueCalibrator({ minCount: 5, maxCount: 100 });
    const past = [0.9, 0.5, 0.2, 0.04, 0.001];
    for (const [i, p] of past.entries()) {
      expect(calibrator.calibrate('g', 0.5)).toBeNull(); // i < 5 past values
      calibrator.add('g', p);
      expect(calibrator.count('g')).toBe(i + 1);
    }
    // n = 5. p = 0.03: past at most it: 0.001 -> 2/6. p = 0.04 counts its own bin: 0.04, 0.001 -> 3/6.
    expect(calibrator.calibrate('g', 0.03)).toBeCloseTo(2 / 6, 12);
    expect(calibrator.calibrate('g', 0.04)).toBeCloseTo(3 / 6, 12);
    expect(calibrator.calibrate('g', 1e-6)).toBeCloseTo(1 / 6, 12); // below everything seen: 1/(1+n)
    expect(calibrator.calibrate('g', 1)).toBe(1); // (1 + 5) / 6
    // An anticonservative detector: its 0.001 happened once in five quiet days, so it is worth 2/6.
    expect(calibrator.calibrate('g', 0.001)).toBeCloseTo(2 / 6, 12);
    expect(calibrator.calibrate('other', 0.001)).toBeNull(); // groups do not share their past
  });

  it('halves the counts past maxCount, so old p-values fade', () => {
    const calibrator = new PValueCalibrator({ minCount: 1, maxCount: 10 });
    for (let i = 0; i < 10; i++) calibrator.add('g', 0.5);
    calibrator.add('g', 0.001); // total 11 > 10: every count halved -> 5 x 0.5, 0.5 x 0.001
    expect(calibrator.count('g')).toBe(5.5);
    expect(calibrator.calibrate('g', 0.001)).toBeCloseTo(1.5 / 6.5, 12);
  });

  it('snapshots to plain JSON and restores the same answers', () => {
    const calibrator = new PValueCalibrator({ minCount: 2, maxCount: 100 });
    for (const p of [0.3, 0.01, 0.6]) calibrator.add('hotline|wage_arrears|community|series', p);
    const json = JSON.parse(JSON.stringify(calibrator.toJSON())) as ReturnType<PValueCalibrator['toJSON']>;
    expect(json['hotline|wage_arrears|community|series']?.total).toBe(3);
    const restored = new PValueCalibrator({ minCount: 2, maxCount: 100 });
    restored.restore(json);
    expect(restored.calibrate('hotline|wage_arrears|community|series', 0.02)).toBeCloseTo(2 / 4, 12);
    restored.add('hotline|wage_arrears|community|series', 0.02); // the restored copy is independent of the snapshot
    expect(json['hotline|wage_arrears|community|series']?.total).toBe(3);
  });
});
