/**
 * Key drivers: how much each survey question accounts for the first score, with correlated
 * questions handled by Johnson's relative weights (Johnson 2000). The predictors' correlation
 * matrix R = VΛVᵀ gives Λ* = VΛ^½Vᵀ, the loadings of the predictors on their closest orthogonal
 * counterparts Z; regressing the outcome on Z gives β = Λ*⁻¹·r (r: predictor–outcome
 * correlations), and predictor j's weight is εⱼ = Σₖ Λ*ⱼₖ²·βₖ². The weights add up to R², so each
 * one's share of R² is its relative importance.
 */

/** Eigenvalues and eigenvectors (columns) of a symmetric matrix, by cyclic Jacobi rotations. */
export function symmetricEigen(matrix: readonly (readonly number[])[]): {
  values: number[];
  vectors: number[][];
} {
  const n = matrix.length;
  const a = matrix.map((row) => [...row]);
  const v = Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? 1 : 0)));
  const at = (m: number[][], i: number, j: number) => m[i]?.[j] ?? 0;
  const set = (m: number[][], i: number, j: number, x: number) => {
    const row = m[i];
    if (row) row[j] = x;
  };
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    for (let p = 0; p < n; p++) for (let q = p + 1; q < n; q++) off += at(a, p, q) ** 2;
    if (off < 1e-22) break;
    for (let p = 0; p < n; p++) {
      for (let q = p + 1; q < n; q++) {
        const apq = at(a, p, q);
        if (Math.abs(apq) < 1e-300) continue;
        const theta = (at(a, q, q) - at(a, p, p)) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < n; k++) {
          const akp = at(a, k, p);
          const akq = at(a, k, q);
          set(a, k, p, c * akp - s * akq);
          set(a, k, q, s * akp + c * akq);
        }
        for (let k = 0; k < n; k++) {
          const apk = at(a, p, k);
          const aqk = at(a, q, k);
          set(a, p, k, c * apk - s * aqk);
          set(a, q, k, s * apk + c * aqk);
        }
        for (let k = 0; k < n; k++) {
          const vkp = at(v, k, p);
          const vkq = at(v, k, q);
          set(v, k, p, c * vkp - s * vkq);
          set(v, k, q, s * vkp + c * vkq);
        }
      }
    }
  }
  return { values: a.map((_, i) => at(a, i, i)), vectors: v };
}

export interface RelativeWeights {
  rSquared: number;
  /** Raw weights εⱼ, adding up to R². */
  weights: number[];
  /** Each weight as a share of R² (adding up to 1; all 0 when R² is 0). */
  shares: number[];
}

export function relativeWeights(
  rxx: readonly (readonly number[])[],
  rxy: readonly number[],
): RelativeWeights {
  const k = rxy.length;
  const { values, vectors } = symmetricEigen(rxx);
  // Λ* = V·diag(√λ)·Vᵀ and its inverse V·diag(1/√λ)·Vᵀ; a (near) zero eigenvalue means two
  // questions carry the same information, and that direction is dropped.
  const root = values.map((x) => Math.sqrt(Math.max(x, 0)));
  const lambda: number[][] = [];
  const inverse: number[][] = [];
  for (let i = 0; i < k; i++) {
    lambda.push([]);
    inverse.push([]);
    for (let j = 0; j < k; j++) {
      let l = 0;
      let inv = 0;
      for (let m = 0; m < k; m++) {
        const vv = (vectors[i]?.[m] ?? 0) * (vectors[j]?.[m] ?? 0);
        const r = root[m] ?? 0;
        l += vv * r;
        if (r > 1e-8) inv += vv / r;
      }
      lambda[i]?.push(l);
      inverse[i]?.push(inv);
    }
  }
  const beta = inverse.map((row) => row.reduce((a, x, j) => a + x * (rxy[j] ?? 0), 0));
  const weights = lambda.map((row) => row.reduce((a, x, m) => a + x * x * (beta[m] ?? 0) ** 2, 0));
  const rSquared = weights.reduce((a, b) => a + b, 0);
  return { rSquared, weights, shares: weights.map((w) => (rSquared > 0 ? w / rSquared : 0)) };
}

/** Pearson correlations of the columns of complete rows: the predictors' matrix and each with y. */
export function correlations(
  xs: readonly (readonly number[])[],
  y: readonly number[],
): { rxx: number[][]; rxy: number[] } {
  const n = y.length;
  const k = xs[0]?.length ?? 0;
  const columns = [...Array.from({ length: k }, (_, j) => xs.map((row) => row[j] ?? 0)), [...y]];
  const standardised = columns.map((col) => {
    const mean = col.reduce((a, b) => a + b, 0) / n;
    const sd = Math.sqrt(col.reduce((a, b) => a + (b - mean) ** 2, 0) / n);
    return col.map((x) => (sd > 0 ? (x - mean) / sd : 0));
  });
  const corr = (a: number[], b: number[]) => a.reduce((s, x, i) => s + x * (b[i] ?? 0), 0) / n;
  const last = standardised[k] ?? [];
  return {
    rxx: standardised
      .slice(0, k)
      .map((a, i) => standardised.slice(0, k).map((b, j) => (i === j ? 1 : corr(a, b)))),
    rxy: standardised.slice(0, k).map((a) => corr(a, last)),
  };
}
