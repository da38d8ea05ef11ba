/**
 * The threshold of Farrington et al. (1996), section 3.5: a normal approximation on a power
 * scale y^e of the predictive distribution of the next count, as surveillance's
 * algo.farrington.threshold (and farringtonFlexible's "delta" method) computes it.
 * With mu0 the predicted mean, se its standard error (response scale) and phi the dispersion,
 * tau = phi + se^2 / mu0 and the standard deviation on the power scale is
 *   e = 1    ("none"): sqrt(mu0 tau)
 *   e = 1/2  ("1/2", variance-stabilising): sqrt(tau / 4)
 *   e = 2/3  ("2/3", skewness-correcting, the default): sqrt(4/9 mu0^(1/3) tau)
 * and the upper bound is (mu0^e + z sd)^(1/e).
 */

export type PowerTransform = '2/3' | '1/2' | 'none';

export interface PowerThreshold {
  /** (mu0^e + z sd)^(1/e). */
  readonly upper: number;
  /** (y^e - mu0^e) / sd: standard normal under the model, R's pnorm argument. */
  readonly statistic: number;
}

const EXPONENT: Readonly<Record<PowerTransform, number>> = { none: 1, '1/2': 1 / 2, '2/3': 2 / 3 };

/** The bound for mean mu0 (standard error seFit), dispersion phi and normal quantile z, and y's statistic. */
export function powerThreshold(
  mu0: number,
  seFit: number,
  phi: number,
  transform: PowerTransform,
  z: number,
  y: number,
): PowerThreshold {
  const tau = phi + (seFit * seFit) / mu0;
  const exponent = EXPONENT[transform];
  const sd =
    transform === 'none'
      ? Math.sqrt(mu0 * tau)
      : transform === '1/2'
        ? Math.sqrt((1 / 4) * tau)
        : Math.sqrt((4 / 9) * Math.pow(mu0, 1 / 3) * tau);
  const centre = Math.pow(mu0, exponent);
  return {
    upper: Math.pow(centre + z * sd, 1 / exponent),
    statistic: (Math.pow(y, exponent) - centre) / sd,
  };
}
