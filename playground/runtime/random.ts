/**
 * Reproducible randomness. `setSeed(n)` makes every random choice of a run repeatable: TF.js draws
 * its initial weights, dropout masks and shuffles from Math.random whenever no seed is passed, so
 * replacing Math.random for the run is enough. The worker (and the Node test harness) restore the
 * real one when the run ends.
 */

/** Small, fast, seedable PRNG (mulberry32, a public-domain algorithm); floats in [0, 1). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Indices 0..n-1 in a seeded (number), random (undefined) or stored (false) order. */
export function shuffledIndices(n: number, seed?: number | false): Int32Array {
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  if (seed === false) return order;
  const rand = seed === undefined ? Math.random : mulberry32(seed);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    const t = order[i]!;
    order[i] = order[j]!;
    order[j] = t;
  }
  return order;
}

const nativeRandom = Math.random;

/** From now until the run ends, Math.random (and so TF.js's unseeded random ops) follows `seed`. */
export function setSeed(seed: number): void {
  Math.random = mulberry32(Math.floor(Number.isFinite(seed) ? seed : 0));
}

/** Put the browser's own Math.random back (called when a run ends). */
export function restoreRandom(): void {
  Math.random = nativeRandom;
}
