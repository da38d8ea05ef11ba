import { readdirSync, readFileSync } from 'node:fs';
import { describe, it, expect } from 'vitest';
import { z } from 'zod';
import type { DesignMatrix } from '../../../../detectors/stats/glm-poisson.js';
import { coefficientPValue, fitQuasiPoisson, hatValues, linearPredictor } from '../../../../detectors/stats/glm-poisson.js';
import { GOLDEN_DIR } from '../golden.js';

// Fixtures from scripts/golden/farrington.R: glm(family = quasipoisson(link = "log")) in R 4.2.2.
const GlmFixture = z.object({
  name: z.string(),
  tolerance: z.number().positive(),
  columns: z.array(z.string()),
  design: z.array(z.array(z.number())),
  response: z.array(z.number()),
  priorWeights: z.array(z.number()),
  coefficients: z.array(z.number()),
  standardErrors: z.array(z.number()),
  pValues: z.array(z.number()),
  dispersion: z.number(),
  deviance: z.number(),
  dfResidual: z.number(),
  iterations: z.number(),
  fitted: z.array(z.number()),
  hat: z.array(z.number()),
});

const dir = `${GOLDEN_DIR}glm_poisson/`;
const fixtures = readdirSync(dir)
  .filter((file) => file.endsWith('.json'))
  .sort()
  .map((file) => GlmFixture.parse(JSON.parse(readFileSync(`${dir}${file}`, 'utf8'))));

function designOf(rows: readonly (readonly number[])[]): DesignMatrix {
  return { rows: rows.length, columns: rows[0]?.length ?? 0, values: rows.flat() };
}

/** Largest relative difference between two arrays. */
function maxRelative(actual: readonly number[], expected: readonly number[]): number {
  expect(actual).toHaveLength(expected.length);
  return Math.max(...expected.map((value, i) => Math.abs(actual[i]! - value) / Math.abs(value)));
}

describe('fitQuasiPoisson against R glm(family = quasipoisson)', () => {
  it('finds the fixtures', () => {
    expect(fixtures.length).toBeGreaterThanOrEqual(3);
  });

  for (const fixture of fixtures) {
    it(`${fixture.name}: same iterations, coefficients, dispersion, standard errors, p-values, fitted values and leverages`, () => {
      const design = designOf(fixture.design);
      const fit = fitQuasiPoisson(design, fixture.response, { priorWeights: fixture.priorWeights });
      if (fit === null) throw new Error('singular fit');
      const tolerance = fixture.tolerance;
      expect(fit.converged).toBe(true);
      expect(fit.iterations).toBe(fixture.iterations);
      expect(fit.dfResidual).toBe(fixture.dfResidual);
      expect(maxRelative([...fit.coefficients], fixture.coefficients)).toBeLessThan(tolerance);
      expect(maxRelative([fit.dispersion], [fixture.dispersion])).toBeLessThan(tolerance);
      expect(maxRelative([fit.deviance], [fixture.deviance])).toBeLessThan(tolerance);
      const p = fixture.columns.length;
      const se = fixture.columns.map((_, j) => Math.sqrt(fit.dispersion * fit.covUnscaled[j * p + j]!));
      expect(maxRelative(se, fixture.standardErrors)).toBeLessThan(tolerance);
      const pValues = fixture.columns.map((_, j) => coefficientPValue(fit, j));
      expect(maxRelative(pValues, fixture.pValues)).toBeLessThan(tolerance);
      expect(maxRelative([...fit.fitted], fixture.fitted)).toBeLessThan(tolerance);
      expect(maxRelative(hatValues(fit, design), fixture.hat)).toBeLessThan(tolerance);
    });
  }
});

describe('fitQuasiPoisson', () => {
  it('stops where R stops: after 4 iterations, a hair short of the exact fit', () => {
    // Exact: log(4), dispersion sum((y - 4)^2 / 4) / 4 = 10 / 16, (X'WX)^-1 = 1 / sum(mu) = 1 / 20.
    // R's deviance test stops one step earlier and reports the weights of the step before, so
    // glm(c(3, 5, 4, 6, 2) ~ 1, family = quasipoisson) gives 0.62500110759656358 and
    // cov.unscaled 0.049999911392274908 (R 4.2.2); so does this fit.
    const response = [3, 5, 4, 6, 2];
    const fit = fitQuasiPoisson(designOf(response.map(() => [1])), response);
    if (fit === null) throw new Error('singular fit');
    expect(fit.iterations).toBe(4);
    expect(fit.coefficients[0]).toBeCloseTo(1.3862943611214609, 14);
    expect(fit.dispersion).toBeCloseTo(0.62500110759656358, 14);
    const { eta, varianceUnscaled } = linearPredictor(fit, [1]);
    expect(eta).toBeCloseTo(1.3862943611214609, 14); // log(4) = 1.3862943611198906
    expect(varianceUnscaled).toBeCloseTo(0.049999911392274908, 15);
  });

  it('drifts towards mu = 0 on all-zero counts and converges after 24 iterations, as R', () => {
    const fit = fitQuasiPoisson(designOf(Array.from({ length: 35 }, () => [1])), new Array<number>(35).fill(0));
    expect(fit?.converged).toBe(true);
    expect(fit?.iterations).toBe(24);
    expect(fit?.coefficients[0]).toBeCloseTo(-26.30259, 4);
  });

  it('returns null for an aliased column', () => {
    const rows = Array.from({ length: 10 }, (_, i) => [1, i, 2 * i]);
    expect(fitQuasiPoisson(designOf(rows), rows.map((_, i) => i + 1))).toBeNull();
  });

  it('rejects a response of the wrong length', () => {
    expect(() => fitQuasiPoisson(designOf([[1], [1]]), [1])).toThrow(RangeError);
  });
});
