/**
 * Small image filters drawn by chapter 4's figures: Gabor functions (a plane wave under a Gaussian
 * envelope), Sobel edge detectors and seeded random filters, as rows of values, plus the grey level
 * each value is drawn with. The chapter's chosen-vs-learned lab builds its banks by the same rules.
 */

export interface GaborParams {
  /** Orientation of the wave's direction, in degrees (0: the stripes are vertical). */
  angle: number;
  /** Period of the wave in pixels. */
  period: number;
  /** Phase in degrees: 0 gives a bar (even), 90 an edge (odd). */
  phase: number;
  /** Standard deviation of the Gaussian envelope in pixels. */
  sigma: number;
}

/** A size × size Gabor patch centred on the middle pixel, values in −1..1. */
export function gabor(size: number, p: GaborParams): number[][] {
  const c = (size - 1) / 2;
  const t = (p.angle * Math.PI) / 180;
  return Array.from({ length: size }, (_, y) =>
    Array.from({ length: size }, (_, x) => {
      const u = (x - c) * Math.cos(t) + (y - c) * Math.sin(t);
      const v = -(x - c) * Math.sin(t) + (y - c) * Math.cos(t);
      return Math.exp(-(u * u + v * v) / (2 * p.sigma ** 2)) * Math.cos((2 * Math.PI * u) / p.period + (p.phase * Math.PI) / 180);
    }),
  );
}

/** The plane wave alone (no envelope). */
export function grating(size: number, p: GaborParams): number[][] {
  return gabor(size, { ...p, sigma: 1e6 });
}

/** The envelope alone, 0..1. */
export function envelope(size: number, sigma: number): number[][] {
  const c = (size - 1) / 2;
  return Array.from({ length: size }, (_, y) => Array.from({ length: size }, (_, x) => Math.exp(-((x - c) ** 2 + (y - c) ** 2) / (2 * sigma ** 2))));
}

/** The Sobel kernel for vertical edges and its rotations by 45° steps (4 orientations), 3×3. */
export function sobelBank(): number[][][] {
  const vertical = [
    [-1, 0, 1],
    [-2, 0, 2],
    [-1, 0, 1],
  ];
  const diagonal = [
    [0, 1, 2],
    [-1, 0, 1],
    [-2, -1, 0],
  ];
  const horizontal = vertical[0]!.map((_, i) => vertical.map((row) => row[i]!));
  return [vertical, diagonal, horizontal, diagonal.map((row) => [...row].reverse())];
}

/** Seeded Gaussian-ish random filter (sum of uniforms), for a reproducible picture. */
export function randomFilter(size: number, seed: number): number[][] {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return Array.from({ length: size }, () => Array.from({ length: size }, () => next() + next() + next() - 1.5));
}

/** Element-wise weighted sum of patches of the same size. */
export function combine(parts: Array<{ weight: number; patch: number[][] }>): number[][] {
  const first = parts[0]!.patch;
  return first.map((row, y) => row.map((_, x) => parts.reduce((s, p) => s + p.weight * p.patch[y]![x]!, 0)));
}

/** Grey level (0..255) for each value, stretched so that 0 is mid-grey and the largest |value| is black or white. */
export function greyLevels(patch: number[][]): number[][] {
  const max = Math.max(1e-9, ...patch.flat().map(Math.abs));
  return patch.map((row) => row.map((v) => Math.round(127.5 + (127.5 * v) / max)));
}
