/**
 * npm run figures:deepdream — the pictures of chapter 12, made with the project's own DeepDream
 * code (playground/runtime/deepdream.ts) on the local copy of Tiny Darknet, so a reader sees
 * dreams before running anything. Writes compressed WebP files to public/figures/q12/ and a
 * manifest (sizes, layers, objectives) that the figure components and tests read.
 *
 *   1. dream-<layer>.webp   the same generated cloudscape dreamed at a low, a middle and a high layer
 *   2. channels-<layer>.webp feature visualisation: six channels per layer, from faint noise
 *   3. octave-<k>.webp      the octave pyramid of the middle-layer dream, at each octave's own size
 *
 * The starting picture is a cloudy sky drawn here from seeded value noise (the project ships no
 * photographs). Deterministic for a given seed and backend. Needs ../shared/models/darknet-tiny
 * (never committed); sharp comes with Astro and only encodes the images.
 *
 *   npx tsx scripts/figures-deepdream.ts [--out=DIR]      (TINY_DARKNET_DIR=… for another copy of the model)
 */
import { mkdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import sharp from 'sharp';
import { dream, visualizeChannel } from '../playground/runtime/deepdream.ts';
import { mulberry32 } from '../playground/runtime/random.ts';
import { registerWasmTrainingKernels } from '../playground/runtime/wasm-kernels.ts';
import { prettyJson } from './pretty-json.ts';
import { hasTinyDarknet, LOCAL_TINY_DARKNET, loadLocalTinyDarknet } from './local-darknet.ts';

const option = (name: string, fallback: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? fallback;
const OUT_DIR = path.resolve(option('out', 'public/figures/q12'));

/** Layers for the strip and the channel grid: low, middle (the lab's default), high. */
export const DREAM_LAYERS = ['leaky_re_lu_2', 'leaky_re_lu_8', 'leaky_re_lu_14'] as const;
const SIZE = 224;
const CHANNELS = [0, 1, 2, 3, 4, 5];
const TILE = 96;
const QUALITY = 72;

/** A cloudy sky: blue gradient plus white clouds from four octaves of smooth value noise. */
function cloudscape(size: number, seed: number): tf.Tensor3D {
  const random = mulberry32(seed);
  const lattice = (n: number) => Array.from({ length: (n + 1) * (n + 1) }, () => random());
  const grids = [4, 8, 16, 32].map((n) => ({ n, values: lattice(n) }));
  const smooth = (t: number) => t * t * (3 - 2 * t);
  const noiseAt = (u: number, v: number) =>
    grids.reduce((sum, { n, values }, octave) => {
      const x = u * n;
      const y = v * n;
      const x0 = Math.min(Math.floor(x), n - 1);
      const y0 = Math.min(Math.floor(y), n - 1);
      const fx = smooth(x - x0);
      const fy = smooth(y - y0);
      const at = (i: number, j: number) => values[j * (n + 1) + i] ?? 0;
      const top = at(x0, y0) * (1 - fx) + at(x0 + 1, y0) * fx;
      const bottom = at(x0, y0 + 1) * (1 - fx) + at(x0 + 1, y0 + 1) * fx;
      return sum + (top * (1 - fy) + bottom * fy) / 2 ** octave;
    }, 0) / 1.875;
  const rgb = new Float32Array(size * size * 3);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const v = y / size;
      const cloud = Math.min(1, Math.max(0, (noiseAt(x / size, v) - 0.45) * 3.2));
      const sky = [0.35 + 0.3 * v, 0.55 + 0.25 * v, 0.9] as const;
      const shade = 0.82 + 0.18 * (1 - v); // clouds a little greyer near the horizon
      const i = (y * size + x) * 3;
      sky.forEach((channel, c) => {
        rgb[i + c] = channel * (1 - cloud) + shade * cloud;
      });
    }
  }
  return tf.tensor3d(rgb, [size, size, 3]);
}

async function save(image: tf.Tensor3D, name: string): Promise<{ file: string; width: number; height: number; bytes: number }> {
  const [height, width] = image.shape;
  const pixels = Buffer.from(await tf.tidy(() => image.mul(255).round().clipByValue(0, 255).toInt()).data());
  const file = path.join(OUT_DIR, `${name}.webp`);
  await sharp(Uint8Array.from(pixels), { raw: { width, height, channels: 3 } })
    .webp({ quality: QUALITY })
    .toFile(file);
  const bytes = statSync(file).size;
  return { file: path.basename(file), width, height, bytes };
}

/** Lay tiles side by side in one image, with a 4-pixel gap (fewer files for the page to fetch). */
function row(tiles: tf.Tensor3D[]): tf.Tensor3D {
  return tf.tidy(() => {
    const gap = tf.ones([tiles[0]?.shape[0] ?? 0, 4, 3]);
    return tf.concat(
      tiles.flatMap((t, i) => (i === 0 ? [t] : [gap, t])),
      1,
    ) as tf.Tensor3D;
  });
}

async function main() {
  registerWasmTrainingKernels();
  await tf.setBackend('wasm');
  mkdirSync(OUT_DIR, { recursive: true });
  if (!hasTinyDarknet) throw new Error(`figures:deepdream needs the local copy of Tiny Darknet in ${LOCAL_TINY_DARKNET} (or $TINY_DARKNET_DIR)`);
  const darknet = await loadLocalTinyDarknet();
  const net = darknet.withInputSize(null, null); // pictures of any size, as the octaves need
  const started = Date.now();
  const manifest: Record<string, unknown> = { backend: tf.getBackend(), model: 'Tiny Darknet (local copy)', size: SIZE };

  // 0. The starting picture.
  const sky = cloudscape(SIZE, 7);
  manifest.start = await save(sky, 'start');

  // 1. One picture, three layers; the lab's defaults otherwise (4 octaves ×1.4, 10 steps, 0.01, jitter 32).
  //    For the middle layer, keep the picture at the end of each octave: the pyramid.
  const dreams: Record<string, unknown>[] = [];
  const octaves: Record<string, unknown>[] = [];
  for (const layer of DREAM_LAYERS) {
    const pyramid: tf.Tensor3D[] = [];
    const out = await dream(net, sky, {
      layer,
      seed: 1,
      onStep: async (image, info) => {
        if (layer === 'leaky_re_lu_8' && info.step === 9) pyramid.push(image.clone());
      },
    });
    dreams.push({ layer, ...(await save(out, `dream-${layer}`)) });
    for (const [k, image] of pyramid.entries()) octaves.push({ octave: k, ...(await save(image, `octave-${k}`)) });
    tf.dispose([out, ...pyramid]);
    console.log(`dreamed at ${layer} (${((Date.now() - started) / 1000).toFixed(0)} s)`);
  }
  manifest.dreams = dreams;
  manifest.octaves = octaves;

  // 2. Feature visualisation: the lab's defaults (96 px, 40 steps, step 0.02, jitter size/16, blur every 4).
  const grids: Record<string, unknown>[] = [];
  for (const layer of DREAM_LAYERS) {
    const tiles: tf.Tensor3D[] = [];
    for (const channel of CHANNELS) {
      tiles.push(await visualizeChannel(net, layer, channel, { size: TILE, steps: 40, stepSize: 0.02, seed: channel + 1 }));
    }
    const strip = row(tiles);
    grids.push({ layer, channels: CHANNELS, tile: TILE, ...(await save(strip, `channels-${layer}`)) });
    tf.dispose([strip, ...tiles]);
    console.log(`visualised ${layer} (${((Date.now() - started) / 1000).toFixed(0)} s)`);
  }
  manifest.channels = grids;

  const all = [manifest.start, ...dreams, ...octaves, ...grids] as Array<{ bytes: number }>;
  manifest.totalBytes = all.reduce((sum, f) => sum + f.bytes, 0);
  writeFileSync(path.join(OUT_DIR, 'manifest.json'), prettyJson(manifest));
  console.log(`wrote ${all.length} images, ${manifest.totalBytes} bytes, to ${OUT_DIR} in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  sky.dispose();
  darknet.dispose();
}

await main();
