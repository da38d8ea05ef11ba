import type { Rng } from '../../src/simulate/prng.js';

/**
 * A negative binomial count with mean `mean` and variance `dispersion` x mean, Noufaily et al.'s
 * parametrisation (phi), drawn as the simulator's gamma-Poisson mixture with
 * size = mean / (phi - 1), since Var = mean + mean^2 / size. Poisson when phi = 1.
 */
export function dispersedCount(rng: Rng, mean: number, dispersion: number): number {
  if (!(dispersion >= 1)) throw new RangeError(`dispersion must be >= 1, got ${dispersion}`);
  return rng.negBinomial(mean, dispersion === 1 ? Number.POSITIVE_INFINITY : mean / (dispersion - 1));
}
