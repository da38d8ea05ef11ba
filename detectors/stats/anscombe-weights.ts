import type { DesignMatrix, QuasiPoissonFit } from './glm-poisson.js';
import { hatValues } from './glm-poisson.js';

/**
 * The outbreak down-weighting of Farrington et al. (1996), section 3.4, as R surveillance
 * computes it (anscombe.residuals, algo.farrington.assign.weights): past counts that sit far
 * above the first fit get a small prior weight in the second fit.
 */

/**
 * Scaled Anscombe residuals s_i = 3/2 (y^(2/3) mu^(-1/6) - mu^(1/2)) / sqrt(phi (1 - h_i)), with
 * h_i the leverages of the fit: surveillance::anscombe.residuals(model, phi).
 */
export function anscombeResiduals(fit: QuasiPoissonFit, design: DesignMatrix, phi: number): number[] {
  const hat = hatValues(fit, design);
  const residuals = new Array<number>(design.rows).fill(0);
  for (let i = 0; i < design.rows; i++) {
    const y = fit.response[i]!;
    const mu = fit.fitted[i]!;
    const a = (3 / 2) * (Math.pow(y, 2 / 3) * Math.pow(mu, -1 / 6) - Math.pow(mu, 1 / 2));
    residuals[i] = a / Math.sqrt(phi * (1 - hat[i]!));
  }
  return residuals;
}

/**
 * Weights omega_i = gamma s_i^-2 where s_i > threshold and gamma otherwise, gamma making them
 * sum to n: surveillance::algo.farrington.assign.weights(s, weightsThreshold).
 */
export function outbreakWeights(residuals: readonly number[], threshold: number): number[] {
  const n = residuals.length;
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const s = residuals[i]!;
    sum += s > threshold ? s ** -2 : 1;
  }
  const gamma = n / sum;
  const weights = new Array<number>(n).fill(0);
  for (let i = 0; i < n; i++) {
    const s = residuals[i]!;
    weights[i] = s > threshold ? gamma * s ** -2 : gamma;
  }
  return weights;
}
