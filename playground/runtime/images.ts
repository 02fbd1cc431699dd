/**
 * Images the project draws itself, so every demo has something to look at without a download:
 * deterministic functions of (x, y), rendered at any size.
 */
import * as tf from '@tensorflow/tfjs';
import { mulberry32 } from './random.ts';

export type GeneratedImageName = 'shapes' | 'stripes' | 'checkerboard' | 'rings' | 'noise';

/** A float tensor [size, size, 3] with values in 0..1. */
export function generateImage(name: GeneratedImageName, size = 128, seed = 1): tf.Tensor3D {
  const rgb = new Float32Array(size * size * 3);
  const random = mulberry32(seed);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const u = x / size;
      const v = y / size;
      const [r, g, b] = generatedPixel(name, u, v, random);
      const i = (y * size + x) * 3;
      rgb[i] = r;
      rgb[i + 1] = g;
      rgb[i + 2] = b;
    }
  }
  return tf.tensor3d(rgb, [size, size, 3]);
}

/** The colour (RGB in 0..1) of picture `name` at (u, v) in the unit square; 'noise' draws from `random`. */
export function generatedPixel(name: GeneratedImageName, u: number, v: number, random: () => number): [number, number, number] {
  switch (name) {
    case 'stripes': {
      const s = 0.5 + 0.5 * Math.sin((u * 0.8 + v * 0.6) * 2 * Math.PI * 6);
      return [s, s, s];
    }
    case 'checkerboard': {
      const c = (Math.floor(u * 8) + Math.floor(v * 8)) % 2;
      return [c, c, c];
    }
    case 'rings': {
      const r = Math.hypot(u - 0.5, v - 0.5);
      const s = 0.5 + 0.5 * Math.cos(r * 2 * Math.PI * 8);
      return [s, 0.6 * s + 0.2, 1 - s];
    }
    case 'noise': {
      const n = random();
      return [n, random(), random()];
    }
    default: {
      // A sky-to-ground gradient with a sun (disc), a house (square) and a roof (triangle).
      let rgb: [number, number, number] = v < 0.65 ? [0.55 + 0.3 * v, 0.75, 0.95] : [0.3, 0.55 - 0.2 * (v - 0.65), 0.25];
      if (Math.hypot(u - 0.78, v - 0.2) < 0.11) rgb = [1, 0.85, 0.2];
      if (u > 0.18 && u < 0.5 && v > 0.45 && v < 0.78) rgb = [0.8, 0.35, 0.25];
      if (v <= 0.45 && v > 0.25 && Math.abs(u - 0.34) < (v - 0.25) * 0.9) rgb = [0.45, 0.2, 0.15];
      if (u > 0.29 && u < 0.39 && v > 0.6 && v < 0.78) rgb = [0.25, 0.15, 0.1];
      return rgb;
    }
  }
}
