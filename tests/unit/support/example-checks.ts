/** What each example must show when it works: shared by the Node example tests. */
import { expect } from 'vitest';
import type { Inputs } from '../../../playground/runtime/sink.ts';
import type { Recording } from './recording-sink.ts';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { LOCAL_TINY_DARKNET } from '../../../scripts/local-darknet.ts';
import { KERNELS } from '../../../playground/examples/meta/kernels.ts';
import { bookCnnFiles, correlation, drawOnPad, mnistTestDigit, ringsPhoto } from './model-inputs.ts';

/** Probabilities from a table column of "97.3 %" strings, checked to be sorted, most likely first. */
function percentColumn(rows: Array<Array<string | number>>, column: number): number[] {
  const values = rows.map((r) => Number(/^([\d.]+) %$/.exec(String(r[column]))?.[1]));
  for (const v of values) expect(v).toBeGreaterThanOrEqual(0);
  expect([...values].sort((a, b) => b - a)).toEqual(values);
  return values;
}

const red = (rgba: Uint8ClampedArray) => rgba.filter((_, i) => i % 4 === 0);

export interface ExampleCheck {
  inputs?: () => Partial<Inputs>;
  needsTinyDarknet?: boolean;
  /**
   * Tensors the example may leave for the playground to free when the run ends (short demos that
   * keep their few tensors to the end). Loops must not leak: training examples allow 0.
   */
  leakAllowance?: number;
  verify(rec: Recording): void | Promise<void>;
}

export const exampleChecks: Record<string, ExampleCheck> = {
  'hello-tensor': {
    leakAllowance: 6, // a first demo keeps its six tensors to the end, for the playground to free
    verify(rec) {
      expect(rec.text()).toContain('sum of entries\t15');
      expect(rec.text()).toMatch(/\[\[-2\],\s+\[-2\]\]/);
    },
  },
  'conv-from-scratch': {
    verify(rec) {
      expect(rec.text()).toContain('[[0,-1,-1],[-1,1,3],[2,0,-2]]');
      const diffs = rec.tables[0]!.rows.map((r) => Number(r[r.length - 1]));
      expect(diffs).toHaveLength(4);
      for (const d of diffs) expect(d).toBeLessThan(1e-4);
    },
  },
  'kernel-demo': {
    inputs: () => ({ params: { kernel: KERNELS.sobelX } }),
    verify(rec) {
      expect(rec.images.map((i) => i.label)).toEqual([
        'kernel (black = most negative, white = most positive)',
        'the generated “shapes” picture',
        'filtered',
      ]);
      // Sobel on the generated scene: the output is not flat, and its sum is 0, so flat regions vanish.
      expect(rec.text()).toContain('Kernel sum 0: flat regions become 0');
      const out = rec.images[2]!.rgba;
      expect(new Set(Array.from(red(out))).size).toBeGreaterThan(10);
      // The 5×5 kernel is drawn upscaled, with its range as a legend.
      expect(rec.images[0]!.width).toBe(5);
      expect(rec.images[0]!.scale).toBeGreaterThanOrEqual(16);
      expect(rec.images[0]!.range).toEqual([-2, 2]);
    },
  },
  'train-cnn': {
    verify(rec) {
      const chart = [...rec.charts.values()][0]!;
      expect(chart.points).toHaveLength(60);
      const first = chart.points.slice(0, 5).reduce((s, p) => s + p.values.loss!, 0) / 5;
      const last = chart.points.slice(-5).reduce((s, p) => s + p.values.loss!, 0) / 5;
      expect(last).toBeLessThan(first);
      expect(Number(/Test accuracy: ([\d.]+) %/.exec(rec.text())?.[1])).toBeGreaterThan(50);
    },
  },
  'digit-draw': {
    // A '7' from the MNIST test split, drawn big and off-centre on the 196×196 pad.
    inputs: () => ({ image: drawOnPad(mnistTestDigit(7).pixels) }),
    verify(rec) {
      const digit = mnistTestDigit(7);
      expect(rec.text()).not.toContain('Draw a digit first');
      expect(rec.images).toHaveLength(1);
      const seen = rec.images[0]!;
      expect([seen.width, seen.height]).toEqual([28, 28]);
      // Crop, 20×20 fit and centring by mass rebuild the MNIST digit the drawing was made from.
      expect(correlation(red(seen.rgba), digit.pixels)).toBeGreaterThan(0.8);
      const rows = rec.tables[0]!.rows;
      expect(rows).toHaveLength(3);
      expect(rows[0]![0]).toBe('7');
      expect(percentColumn(rows, 1)[0]).toBeGreaterThan(50);
      expect(rec.text()).toMatch(/The network reads: 7 \(/);
    },
  },
  'classify-photo': {
    needsTinyDarknet: true,
    // A wide picture: rings in the centre square, noise on both sides.
    inputs: () => ({ image: ringsPhoto(224, 64) }),
    verify(rec) {
      expect(rec.text()).not.toMatch(/could not|MNIST CNN answers/i);
      const photo = ringsPhoto(224, 64);
      const seen = rec.images[0]!;
      expect(seen.label).toMatch(/tiny-darknet sees \(224×224\)/);
      // The network sees the centre square only, unsquashed: exactly the rings, none of the noise.
      const centre = new Uint8ClampedArray(224 * 224 * 4);
      for (let y = 0; y < 224; y++) centre.set(photo.rgba.subarray((y * photo.width + 64) * 4, (y * photo.width + 64 + 224) * 4), y * 224 * 4);
      const diff = seen.rgba.reduce((m, v, i) => Math.max(m, Math.abs(v - centre[i]!)), 0);
      expect(diff).toBeLessThanOrEqual(1);
      const names = JSON.parse(readFileSync(path.join(LOCAL_TINY_DARKNET, 'classes.json'), 'utf8')) as string[];
      const rows = rec.tables[0]!.rows;
      expect(rows.map((r) => r[0])).toEqual([1, 2, 3, 4, 5]);
      for (const r of rows) expect(names).toContain(r[1]);
      // Concentric rings: Tiny Darknet's best guess is a coil (checked by eye on the picture).
      expect(rows[0]![1]).toBe('coil');
      const p = percentColumn(rows, 2);
      expect(p.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(100.5);
      const bar = rec.progressUpdates.at(-1)!;
      expect(bar.done).toBe(bar.total);
    },
  },
  'first-layer-filters': {
    needsTinyDarknet: true,
    verify(rec) {
      const shapes = [...rec.text().matchAll(/kernel shape \[(\d+), (\d+), (\d+), (\d+)\]/g)].map((m) => m.slice(1).map(Number));
      expect(shapes).toEqual([
        [5, 5, 1, 20],
        [3, 3, 3, 16],
      ]);
      expect(rec.images).toHaveLength(2);
      rec.images.forEach((image, k) => {
        // One tile per filter in an about-square grid, 1 pixel apart.
        const [kh, kw, , n] = shapes[k]!;
        const cols = Math.ceil(Math.sqrt(n!));
        const rows = Math.ceil(n! / cols);
        expect([image.width, image.height]).toEqual([cols * (kw! + 1) + 1, rows * (kh! + 1) + 1]);
        // Each filter is stretched to the full range on its own.
        expect(Math.min(...image.rgba)).toBe(0);
      });
      // The digit network's filters are grey; Tiny Darknet's have colour.
      const coloured = (rgba: Uint8ClampedArray) => rgba.some((v, i) => i % 4 === 0 && (v !== rgba[i + 1] || v !== rgba[i + 2]));
      expect(coloured(rec.images[0]!.rgba)).toBe(false);
      expect(coloured(rec.images[1]!.rgba)).toBe(true);
    },
  },
  'your-model': {
    // The book CNN's files, picked from disk with an unrelated file among them.
    inputs: () => ({ files: bookCnnFiles(['model.json', 'weights.bin', 'provenance.json']) }),
    verify(rec) {
      expect(rec.text()).toContain('Loaded “book_cnn” from model.json, weights.bin, provenance.json');
      const layers = rec.tables[0]!;
      expect(layers.columns).toEqual(['name', 'type', 'output shape', 'params']);
      expect(layers.rows.map((r) => r[0])).toEqual(['conv1', 'pool1', 'conv2', 'pool2', 'flatten', 'dense1', 'dropout', 'output']);
      expect(layers.rows[0]).toEqual(['conv1', 'Conv2D', '[null,24,24,20]', 5 * 5 * 1 * 20 + 20]);
      expect(layers.rows.at(-1)).toEqual(['output', 'Dense', '[null,10]', 128 * 10 + 10]);
      // Every parameter is one float32 in weights.bin.
      const weights = bookCnnFiles(['weights.bin'])[0]!.bytes.byteLength;
      expect(layers.rows.reduce((n, r) => n + Number(r[3]), 0)).toBe(weights / 4);
      // It is an image classifier, so it classifies a generated picture: 5 of its 10 outputs,
      // numbered, as no class names were among the files.
      expect(rec.text()).toContain('No class names among the files');
      const guesses = rec.tables[1]!.rows;
      expect(guesses).toHaveLength(5);
      for (const r of guesses) expect(r[1]).toMatch(/^class \d$/);
      expect(rec.images[0]!.width).toBe(28);
    },
  },
  deepdream: {
    needsTinyDarknet: true,
    // A small photo (96×64: rings with noise on both sides) and a short recipe, to keep Node fast.
    inputs: () => ({ image: ringsPhoto(64, 16), params: { size: 96, octaves: 2, steps: 3, jitter: 8 } }),
    verify(rec) {
      expect(rec.text()).toContain('Dreaming with tiny-darknet at leaky_re_lu_8 (all 256 channels)');
      const start = rec.images[0]!;
      const dreams = rec.images.filter((i) => i.label === 'dream');
      expect(start.label).toBe('start');
      expect([start.width, start.height]).toEqual([96, 64]);
      // One live frame per step (2 octaves × 3 steps) and the result, all at the photo's size, in one group.
      expect(dreams).toHaveLength(7);
      for (const d of dreams) expect([d.width, d.height, d.group]).toEqual([96, 64, 'deepdream']);
      const result = dreams.at(-1)!.rgba;
      // The start is the photo itself; the dream differs from it visibly, and is not blank.
      const photo = ringsPhoto(64, 16).rgba;
      expect(Math.max(...start.rgba.map((v, i) => Math.abs(v - photo[i]!)))).toBeLessThanOrEqual(1);
      const meanDiff = result.reduce((n, v, i) => n + (i % 4 === 3 ? 0 : Math.abs(v - start.rgba[i]!)), 0) / (96 * 64 * 3);
      expect(meanDiff).toBeGreaterThan(2);
      expect(new Set(red(result)).size).toBeGreaterThan(100);
      // The objective (the layer's mean activation) rose within each octave.
      const octaves = [...rec.text().matchAll(/Octave (\d) of 2, (\d+)×(\d+) pixels: objective ([\d.-]+) → ([\d.-]+)/g)];
      expect(octaves.map((m) => [m[1], m[2], m[3]])).toEqual([
        ['1', '69', '46'],
        ['2', '96', '64'],
      ]);
      for (const m of octaves) expect(Number(m[5])).toBeGreaterThan(Number(m[4]));
      expect(rec.text()).toMatch(/Dreamed in [\d.]+ s on wasm/);
      const bar = rec.progressUpdates.at(-1)!;
      expect([bar.done, bar.total]).toEqual([6, 6]);
    },
  },
  'feature-visualization': {
    needsTinyDarknet: true,
    inputs: () => ({ params: { size: 48, steps: 10, count: 2, channel: 3 } }),
    verify(rec) {
      expect(rec.text()).toContain('layer leaky_re_lu_8 (256 channels): channels 3, 4, 48×48 pixels, 10 steps each.');
      // Live frames every 5 steps, then the finished picture, per channel, side by side in one group.
      expect(rec.images.map((i) => i.label)).toEqual(['channel 3', 'channel 3', 'channel 3', 'channel 4', 'channel 4', 'channel 4']);
      for (const image of rec.images) {
        expect([image.width, image.height, image.group]).toEqual([48, 48, 'channels']);
        expect(new Set(red(image.rgba)).size).toBeGreaterThan(20); // not blank
      }
      const [a, b] = [rec.images[2]!.rgba, rec.images[5]!.rgba];
      expect(a.some((v, i) => v !== b[i])).toBe(true); // two channels, two pictures
      const rows = rec.tables[0]!.rows;
      expect(rows.map((r) => r[0])).toEqual([3, 4]);
      for (const r of rows) expect(Number(r[2])).toBeGreaterThan(Number(r[1]));
    },
  },
};
