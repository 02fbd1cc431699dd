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
