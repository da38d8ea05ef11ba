import { describe, it, expect } from 'vitest';
import { studentTCdf, studentTTwoSided } from '../../../../detectors/stats/student-t.js';

// Reference values from R 4.2.2, printed with sprintf("%.17g"): pt(t, df) and 2 * pt(-|t|, df).
const PT: ReadonlyArray<readonly [t: number, df: number, cdf: number, twoSided: number]> = [
  [2.1, 30, 0.97787876436883825, 0.044242471262323529],
  [-0.3, 12, 0.38465523704412613, 0.76931047408825226],
  [1.96, 200, 0.97430757957709324, 0.051384840845813358],
  [-4.5, 7, 0.0013991650389213136, 0.0027983300778426272],
  [0, 50, 0.5, 1],
  [12, 100, 1, 4.3950877156043564e-21],
  [0.05, 3.5, 0.51857866592898372, 0.96284266814203257],
];

describe('Student t distribution', () => {
  for (const [t, df, cdf, twoSided] of PT) {
    it(`matches R's pt(${t}, ${df}) to 1e-12 relative`, () => {
      expect(Math.abs(studentTCdf(t, df) - cdf)).toBeLessThanOrEqual(1e-12 * cdf);
      expect(Math.abs(studentTTwoSided(t, df) - twoSided)).toBeLessThanOrEqual(1e-12 * twoSided);
    });
  }

  it('gives NaN without degrees of freedom and 0 for an infinite t', () => {
    expect(studentTTwoSided(1, 0)).toBeNaN();
    expect(studentTTwoSided(Number.NaN, 5)).toBeNaN();
    expect(studentTTwoSided(Number.POSITIVE_INFINITY, 5)).toBe(0);
  });
});
