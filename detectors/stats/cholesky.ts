/**
 * Cholesky factorisation of a small symmetric positive definite matrix, for the normal equations
 * of a GLM fit (a handful of parameters). Matrices are dense, row-major arrays of n * n numbers
 * (plain arrays: V8 allocates them several times faster than small typed arrays); only the lower
 * triangle of the input is read. Loop indices stay within n * n, hence the `!`.
 */

/**
 * A pivot whose square is below this fraction of its column's diagonal marks the column as
 * (numerically) a linear combination of the earlier ones: 1e-7 in norm terms, the tolerance of
 * R's `lm`. R's `glm.fit` uses 1e-11 on the QR of the weighted design, which normal equations
 * cannot resolve since they square the condition number.
 */
const RANK_TOLERANCE = 1e-14;

/**
 * The lower-triangular L with L L' = a, or null when `a` is not numerically positive definite
 * (a rank-deficient design). The upper triangle of the result is zero.
 */
export function choleskyFactor(a: readonly number[], n: number): number[] | null {
  const l = new Array<number>(n * n).fill(0);
  for (let j = 0; j < n; j++) {
    const original = a[j * n + j]!;
    let diagonal = original;
    for (let k = 0; k < j; k++) diagonal -= l[j * n + k]! * l[j * n + k]!;
    if (!(diagonal > RANK_TOLERANCE * original)) return null; // also catches NaN
    const pivot = Math.sqrt(diagonal);
    l[j * n + j] = pivot;
    for (let i = j + 1; i < n; i++) {
      let sum = a[i * n + j]!;
      for (let k = 0; k < j; k++) sum -= l[i * n + k]! * l[j * n + k]!;
      l[i * n + j] = sum / pivot;
    }
  }
  return l;
}

/** Solves L L' x = b for x, given the factor from `choleskyFactor`. */
export function choleskySolve(l: readonly number[], n: number, b: readonly number[]): number[] {
  const x = new Array<number>(n).fill(0);
  for (let i = 0; i < n; i++) {
    let sum = b[i]!;
    for (let k = 0; k < i; k++) sum -= l[i * n + k]! * x[k]!;
    x[i] = sum / l[i * n + i]!;
  }
  for (let i = n - 1; i >= 0; i--) {
    let sum = x[i]!;
    for (let k = i + 1; k < n; k++) sum -= l[k * n + i]! * x[k]!;
    x[i] = sum / l[i * n + i]!;
  }
  return x;
}

/** (L L')^-1 as a full symmetric matrix: R's `chol2inv`. */
export function choleskyInverse(l: readonly number[], n: number): number[] {
  const inverse = new Array<number>(n * n).fill(0);
  const unit = new Array<number>(n).fill(0);
  for (let j = 0; j < n; j++) {
    unit.fill(0);
    unit[j] = 1;
    const column = choleskySolve(l, n, unit);
    for (let i = j; i < n; i++) {
      // Keep one triangle so that x' C x is computed from an exactly symmetric matrix.
      inverse[i * n + j] = column[i]!;
      inverse[j * n + i] = column[i]!;
    }
  }
  return inverse;
}
