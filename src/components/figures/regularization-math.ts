/**
 * The small numerical routines behind chapter 11's figures, run at build time: polynomial fits with
 * and without an L2 penalty (ridge regression), and the minimum of a quadratic loss under an L2 or
 * an L1 penalty. Plain doubles; the problems are tiny (at most 10 unknowns).
 */

/** Solve A x = b by Gaussian elimination with partial pivoting (A is square and not singular). */
export function solve(a: number[][], b: number[]): number[] {
  const n = b.length;
  const m = a.map((row, i) => [...row, b[i]!]);
  for (let col = 0; col < n; col++) {
    let pivot = col;
    for (let r = col + 1; r < n; r++) if (Math.abs(m[r]![col]!) > Math.abs(m[pivot]![col]!)) pivot = r;
    [m[col], m[pivot]] = [m[pivot]!, m[col]!];
    for (let r = col + 1; r < n; r++) {
      const f = m[r]![col]! / m[col]![col]!;
      for (let c = col; c <= n; c++) m[r]![c]! -= f * m[col]![c]!;
    }
  }
  const x = new Array<number>(n).fill(0);
  for (let r = n - 1; r >= 0; r--) {
    let s = m[r]![n]!;
    for (let c = r + 1; c < n; c++) s -= m[r]![c]! * x[c]!;
    x[r] = s / m[r]![r]!;
  }
  return x;
}

export interface PolynomialFit {
  /** Coefficients of 1, t, t², … where t is x rescaled to [-1, 1]. */
  coefficients: number[];
  /** The fitted value at x. */
  at(x: number): number;
}

/**
 * Least-squares polynomial of the given degree through (xs, ys), with an L2 penalty λ·Σ c_k² on
 * every coefficient except the constant (λ = 0: ordinary least squares). x is rescaled from
 * [lo, hi] to [-1, 1] so that the powers stay of similar size.
 */
export function fitPolynomial(xs: number[], ys: number[], degree: number, lambda: number, [lo, hi]: [number, number]): PolynomialFit {
  const scale = (x: number) => (2 * (x - lo)) / (hi - lo) - 1;
  const row = (x: number) => Array.from({ length: degree + 1 }, (_, k) => scale(x) ** k);
  const rows = xs.map(row);
  const p = degree + 1;
  const ata = Array.from({ length: p }, (_, i) =>
    Array.from({ length: p }, (_, j) => rows.reduce((s, r) => s + r[i]! * r[j]!, 0) + (i === j && i > 0 ? lambda : 0)),
  );
  const aty = Array.from({ length: p }, (_, i) => rows.reduce((s, r, k) => s + r[i]! * ys[k]!, 0));
  const coefficients = solve(ata, aty);
  return { coefficients, at: (x) => row(x).reduce((s, v, k) => s + v * coefficients[k]!, 0) };
}

/** Root mean square of the differences between two lists. */
export function rms(a: number[], b: number[]): number {
  return Math.sqrt(a.reduce((s, v, i) => s + (v - b[i]!) ** 2, 0) / a.length);
}

/** A quadratic loss ½ (w − w*)ᵀ H (w − w*) in two weights. */
export interface Quadratic {
  h: [[number, number], [number, number]];
  optimum: [number, number];
}

export function quadraticLoss({ h, optimum }: Quadratic, w: [number, number]): number {
  const d = [w[0] - optimum[0], w[1] - optimum[1]];
  return 0.5 * (d[0]! * (h[0][0] * d[0]! + h[0][1] * d[1]!) + d[1]! * (h[1][0] * d[0]! + h[1][1] * d[1]!));
}

/** Minimum of loss + (λ/2)·‖w‖² (weight decay): w = (H + λI)⁻¹ H w*. */
export function l2Minimum(q: Quadratic, lambda: number): [number, number] {
  const { h, optimum } = q;
  const hw = [h[0][0] * optimum[0] + h[0][1] * optimum[1], h[1][0] * optimum[0] + h[1][1] * optimum[1]];
  const [a, b] = solve(
    [
      [h[0][0] + lambda, h[0][1]],
      [h[1][0], h[1][1] + lambda],
    ],
    hw,
  );
  return [a!, b!];
}

/**
 * Minimum of loss + λ·‖w‖₁ by coordinate descent: each step minimises exactly over one weight,
 * which for a quadratic is a soft threshold. Converges for a positive definite H.
 */
export function l1Minimum(q: Quadratic, lambda: number, sweeps = 500): [number, number] {
  const { h, optimum } = q;
  const w: [number, number] = [0, 0];
  const softThreshold = (z: number, t: number) => Math.sign(z) * Math.max(0, Math.abs(z) - t);
  for (let s = 0; s < sweeps; s++) {
    for (const i of [0, 1] as const) {
      const j = i === 0 ? 1 : 0;
      // d/dw_i of the loss is h_ii (w_i − w*_i) + h_ij (w_j − w*_j); set the subgradient to zero.
      const z = h[i][i] * optimum[i] - h[i][j] * (w[j] - optimum[j]);
      w[i] = softThreshold(z, lambda) / h[i][i];
    }
  }
  return w;
}
