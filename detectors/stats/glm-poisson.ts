import { choleskyFactor, choleskyInverse, choleskySolve } from './cholesky.js';
import { studentTTwoSided } from './student-t.js';

/**
 * Quasi-Poisson GLM with log link and prior weights, fitted the way R's `glm.fit` does it for
 * `family = quasipoisson(link = "log")`, so that detectors built on it reproduce R:
 *  - start from mu = y + 0.1 (the family's `initialize`), eta = log(mu);
 *  - IRLS: working weights w = prior * mu.eta^2 / V(mu) = prior * mu, working response
 *    z = eta + (y - mu) / mu.eta, with mu = mu.eta = max(exp(eta), DBL_EPSILON) as R's log link;
 *  - stop when |dev - dev_old| / (|dev| + 0.1) < epsilon (1e-8) or after 25 iterations, with
 *    the quasi-Poisson deviance 2 sum prior (y log(y / mu) - (y - mu));
 *  - like R, the reported working weights and the covariance come from the last iteration's
 *    weighted least squares (the mu *before* the last update), the residuals and fitted values
 *    from the mu after it.
 * R solves each weighted least squares by a pivoted QR of sqrt(w) X; here by Cholesky on the
 * normal equations, so results agree to rounding on well-conditioned designs (callers centre
 * and scale their covariates). R drops aliased columns and carries on; this fit returns null.
 * R halves the step when the deviance is not finite; such a fit (counts near 1e308) is null too.
 */

/** R's glm.control() defaults. */
export const GLM_CONTROL = Object.freeze({ epsilon: 1e-8, maxIterations: 25 });

/** A dense design matrix: row i holds values[i * columns .. (i + 1) * columns - 1]. */
export interface DesignMatrix {
  readonly rows: number;
  readonly columns: number;
  readonly values: readonly number[];
}

export interface GlmOptions {
  /** Prior weights, one per row (R's `weights`); rows with weight 0 take no part in the fit. */
  readonly priorWeights?: readonly number[];
  readonly epsilon?: number;
  readonly maxIterations?: number;
}

/** Arrays are plain number[]: V8 allocates them several times faster than small typed arrays. */
export interface QuasiPoissonFit {
  readonly coefficients: readonly number[];
  /** mu = max(exp(X beta), DBL_EPSILON): R's `fitted.values`. */
  readonly fitted: readonly number[];
  readonly converged: boolean;
  /** IRLS iterations run: R's `iter`. */
  readonly iterations: number;
  readonly deviance: number;
  /** The counts fitted: R's `y`. */
  readonly response: readonly number[];
  readonly priorWeights: readonly number[];
  /** R's `weights`: the IRLS weights of the last iteration. */
  readonly workingWeights: readonly number[];
  /** R's `residuals`: (y - mu) / mu.eta. */
  readonly workingResiduals: readonly number[];
  /** Rows with positive prior weight minus the number of coefficients: R's `df.residual`. */
  readonly dfResidual: number;
  /** (X' W X)^-1, columns x columns row-major: `summary.glm(...)$cov.unscaled`. */
  readonly covUnscaled: readonly number[];
  /** sum(w r^2) / df.residual over rows with positive weight: `summary.glm(...)$dispersion`. */
  readonly dispersion: number;
}

const LINK_FLOOR = Number.EPSILON; // .Machine$double.eps in R's make.link("log")

function inverseLink(eta: number): number {
  const mu = Math.exp(eta);
  return mu > LINK_FLOOR ? mu : LINK_FLOOR; // R's pmax(exp(eta), .Machine$double.eps)
}

/** The quasi-Poisson deviance, 2 sum prior (y log(y / mu) - (y - mu)), R's dev.resids summed. */
function deviance(y: readonly number[], mu: readonly number[], prior: readonly number[]): number {
  let sum = 0;
  for (let i = 0; i < mu.length; i++) {
    const yi = y[i]!;
    const mi = mu[i]!;
    sum += yi > 0 ? prior[i]! * (yi * Math.log(yi / mi) - (yi - mi)) : mi * prior[i]!;
  }
  return 2 * sum;
}

/** The non-zero entries of each row (CSR layout), so that dummy columns cost nothing. */
interface SparseRows {
  /** Row i's entries are at starts[i] .. starts[i + 1] - 1, columns in increasing order. */
  readonly starts: number[];
  readonly columns: number[];
  readonly values: number[];
}

function sparseRows(design: DesignMatrix): SparseRows {
  const { rows, columns, values } = design;
  let count = 0;
  for (let k = 0; k < rows * columns; k++) if (values[k] !== 0) count++;
  const sparse: SparseRows = {
    starts: new Array<number>(rows + 1).fill(0),
    columns: new Array<number>(count).fill(0),
    values: new Array<number>(count).fill(0),
  };
  let next = 0;
  for (let i = 0; i < rows; i++) {
    sparse.starts[i] = next;
    for (let j = 0; j < columns; j++) {
      const value = values[i * columns + j]!;
      if (value === 0) continue;
      sparse.columns[next] = j;
      sparse.values[next] = value;
      next++;
    }
  }
  sparse.starts[rows] = next;
  return sparse;
}

/**
 * Fits log(E y) = X beta with Var(y) = phi mu by IRLS as R's glm.fit; null when X' W X is
 * singular (an aliased column) or the deviance overflows.
 */
export function fitQuasiPoisson(design: DesignMatrix, response: readonly number[], options: GlmOptions = {}): QuasiPoissonFit | null {
  const { rows: n, columns: p } = design;
  if (response.length !== n) throw new RangeError(`response has ${response.length} rows, design ${n}`);
  const epsilon = options.epsilon ?? GLM_CONTROL.epsilon;
  const maxIterations = options.maxIterations ?? GLM_CONTROL.maxIterations;
  const prior = options.priorWeights ? [...options.priorWeights] : new Array<number>(n).fill(1);
  if (prior.length !== n) throw new RangeError(`priorWeights has ${prior.length} rows, design ${n}`);
  const y = [...response];
  const { starts, columns: cols, values: entries } = sparseRows(design);

  const eta = new Array<number>(n).fill(0);
  const mu = new Array<number>(n).fill(0);
  for (let i = 0; i < n; i++) {
    eta[i] = Math.log(y[i]! + 0.1);
    mu[i] = inverseLink(eta[i]!);
  }
  let devOld = deviance(y, mu, prior);
  const weights = new Array<number>(n).fill(0);
  const xtwx = new Array<number>(p * p).fill(0);
  const xtwz = new Array<number>(p).fill(0);
  let factor: number[] | null = null;
  let coefficients = new Array<number>(p).fill(0);
  let dev = devOld;
  let converged = false;
  let iterations = 0;

  while (iterations < maxIterations) {
    iterations++;
    xtwx.fill(0);
    xtwz.fill(0);
    for (let i = 0; i < n; i++) {
      // With the log link mu.eta(eta) = max(exp(eta), DBL_EPSILON) = mu, and V(mu) = mu.
      const muEta = mu[i]!;
      const w = (prior[i]! * muEta * muEta) / mu[i]!;
      weights[i] = w;
      if (!(w > 0)) continue;
      const z = eta[i]! + (y[i]! - mu[i]!) / muEta;
      for (let a = starts[i]!; a < starts[i + 1]!; a++) {
        const ja = cols[a]!;
        const wxa = w * entries[a]!;
        xtwz[ja] = xtwz[ja]! + wxa * z;
        // Columns come in increasing order, so (ja, jb) with b <= a is in the lower triangle.
        for (let b = starts[i]!; b <= a; b++) xtwx[ja * p + cols[b]!] = xtwx[ja * p + cols[b]!]! + wxa * entries[b]!;
      }
    }
    factor = choleskyFactor(xtwx, p);
    if (factor === null) return null;
    coefficients = choleskySolve(factor, p, xtwz);
    for (let i = 0; i < n; i++) {
      let value = 0;
      for (let a = starts[i]!; a < starts[i + 1]!; a++) value += entries[a]! * coefficients[cols[a]!]!;
      eta[i] = value;
      mu[i] = inverseLink(value);
    }
    dev = deviance(y, mu, prior);
    if (!Number.isFinite(dev)) return null;
    if (Math.abs(dev - devOld) / (Math.abs(dev) + 0.1) < epsilon) {
      converged = true;
      break;
    }
    devOld = dev;
  }
  if (factor === null) return null; // maxIterations < 1

  const residuals = new Array<number>(n).fill(0);
  let weightedSquares = 0;
  let used = 0;
  for (let i = 0; i < n; i++) {
    residuals[i] = (y[i]! - mu[i]!) / mu[i]!;
    if (prior[i]! > 0) used++;
    if (weights[i]! > 0) weightedSquares += weights[i]! * residuals[i]! * residuals[i]!;
  }
  const dfResidual = used - p;
  return {
    coefficients,
    fitted: mu,
    converged,
    iterations,
    deviance: dev,
    response: y,
    priorWeights: prior,
    workingWeights: weights,
    workingResiduals: residuals,
    dfResidual,
    covUnscaled: choleskyInverse(factor, p),
    dispersion: dfResidual > 0 ? weightedSquares / dfResidual : Number.NaN,
  };
}

/** x' C x for a symmetric p x p matrix C and x = vector[offset .. offset + p - 1]. */
export function quadraticForm(matrix: readonly number[], vector: readonly number[], p: number = vector.length, offset = 0): number {
  let sum = 0;
  for (let a = 0; a < p; a++) {
    const va = vector[offset + a]!;
    if (va === 0) continue;
    for (let b = 0; b < p; b++) sum += va * matrix[a * p + b]! * vector[offset + b]!;
  }
  return sum;
}

/** x0' beta and x0' (X'WX)^-1 x0 for a new row x0: the link and its unscaled variance. */
export function linearPredictor(fit: QuasiPoissonFit, row: readonly number[]): { eta: number; varianceUnscaled: number } {
  let eta = 0;
  for (let j = 0; j < row.length; j++) eta += row[j]! * fit.coefficients[j]!;
  return { eta, varianceUnscaled: quadraticForm(fit.covUnscaled, row) };
}

/**
 * Leverages h_i = w_i x_i' (X'WX)^-1 x_i with the last working weights, as R's `hatvalues`
 * (lm.influence on the fit's QR); like R, values within 10 ulps of 1 become 1.
 */
export function hatValues(fit: QuasiPoissonFit, design: DesignMatrix): number[] {
  const { rows, columns, values } = design;
  const hat = new Array<number>(rows).fill(0);
  for (let i = 0; i < rows; i++) {
    const h = fit.workingWeights[i]! * quadraticForm(fit.covUnscaled, values, columns, i * columns);
    hat[i] = h > 1 - 10 * Number.EPSILON ? 1 : h;
  }
  return hat;
}

/**
 * Two-sided p-value of the t test of coefficient `index` = 0, as R's summary.glm prints it for a
 * quasi family: t = beta / sqrt(dispersion * cov.unscaled[index, index]) on df.residual.
 */
export function coefficientPValue(fit: QuasiPoissonFit, index: number, dispersion: number = fit.dispersion): number {
  const p = fit.coefficients.length;
  const se = Math.sqrt(dispersion * fit.covUnscaled[index * p + index]!);
  return studentTTwoSided(fit.coefficients[index]! / se, fit.dfResidual);
}
