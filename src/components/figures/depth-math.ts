/**
 * Arithmetic behind question 1's folding figure: the tent map built from two ReLU units, its
 * repeated composition (one more layer per fold), and a count of the straight pieces of a
 * piecewise-linear function. Pure functions, tested in tests/unit/labs-q01.test.ts.
 */

export const relu = (z: number): number => Math.max(0, z);

/**
 * The tent map on [0, 1] written as one layer of two ReLU units: up with slope 2 to 1 at x = ½,
 * then down to 0 at x = 1. This is the building block of Telgarsky's depth separation.
 */
export function tent(x: number): number {
  return 2 * relu(x) - 4 * relu(x - 0.5);
}

/** The tent map applied `layers` times: a network of `layers` hidden layers, two units each. */
export function foldedTent(x: number, layers: number): number {
  let y = x;
  for (let l = 0; l < layers; l++) y = tent(y);
  return y;
}

/**
 * Number of straight pieces of f on [a, b], found by sampling on a fine grid and counting where
 * the slope changes. Exact for the folded tent when the grid contains every kink (multiples of
 * 2^-layers), as it does for the power-of-two grids used here.
 */
export function countPieces(f: (x: number) => number, a = 0, b = 1, samples = 4096): number {
  let pieces = 1;
  let previous = Number.NaN;
  for (let i = 0; i < samples; i++) {
    const x0 = a + ((b - a) * i) / samples;
    const x1 = a + ((b - a) * (i + 1)) / samples;
    const slope = (f(x1) - f(x0)) / (x1 - x0);
    if (i > 0 && Math.abs(slope - previous) > 1e-6 * Math.max(1, Math.abs(slope))) pieces++;
    previous = slope;
  }
  return pieces;
}

/**
 * Units the folded tent uses (two per layer), and the fewest hidden units a single hidden layer of
 * ReLUs needs for the same function of one variable: each unit adds at most one kink, and p pieces
 * need p − 1 kinks.
 */
export function unitsNeeded(layers: number): { deep: number; shallow: number; pieces: number } {
  const pieces = 2 ** layers;
  return { deep: 2 * layers, shallow: pieces - 1, pieces };
}

/**
 * One hidden layer of ReLU units that colours an n × n checkerboard on [0, n]² exactly. The colour
 * (−1)^(column + row) is the sign of T(u − v) − T(u + v), where T is the triangle wave that is +1 at
 * even and −1 at odd integers: two zigzags, one along each diagonal. A zigzag is a sum of ReLUs with
 * one kink per integer, so the board needs 2n units per diagonal, 4n in all. The chapter uses this
 * to explain why the lab's single wide layer can catch up: the board is not one of the hard cases.
 */
export interface ReluUnit {
  /** The unit computes max(0, wu·u + wv·v + b) and sends it to the output with weight `out`. */
  wu: number;
  wv: number;
  b: number;
  out: number;
}

/** Slope change of T at integer k: −4 at even k (a peak), +4 at odd k (a trough). */
const kink = (k: number): number => (Math.abs(k) % 2 === 1 ? 4 : -4);

export function checkerboardOneLayer(n: number): { units: ReluUnit[]; outBias: number; weights: number } {
  const units: ReluUnit[] = [];
  // −T(z) for z = u + v in [0, 2n]: T(0) = 1 and T starts with slope −2.
  units.push({ wu: 1, wv: 1, b: 0, out: 2 });
  for (let k = 1; k < 2 * n; k++) units.push({ wu: 1, wv: 1, b: -k, out: -kink(k) });
  // +T(d) for d = u − v in [−n, n]: T(−n) is ±1 and the first slope is −2 from an even integer, +2 from an odd one.
  const evenStart = n % 2 === 0;
  units.push({ wu: 1, wv: -1, b: n, out: evenStart ? -2 : 2 });
  for (let k = -n + 1; k < n; k++) units.push({ wu: 1, wv: -1, b: -k, out: kink(k) });
  return { units, outBias: -1 + (evenStart ? 1 : -1), weights: 4 * units.length + 1 };
}

/** The output of that network at (u, v): positive on squares whose column + row is even. */
export function oneLayerOutput(net: { units: ReluUnit[]; outBias: number }, u: number, v: number): number {
  return net.units.reduce((sum, unit) => sum + unit.out * relu(unit.wu * u + unit.wv * v + unit.b), net.outBias);
}
