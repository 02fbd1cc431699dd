/**
 * Inputs a reader would hand to the model examples, made in Node: a digit drawn on the 196×196 pad
 * (an MNIST test digit scaled up and moved off-centre), a wide photo, the book CNN's files.
 */
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import path from 'node:path';
import { generatedPixel } from '../../../playground/runtime/images.ts';
import { mulberry32 } from '../../../playground/runtime/random.ts';
import type { InputFile, InputImage } from '../../../playground/shared/messages.ts';

const PUBLIC = path.resolve(process.cwd(), 'public');

export interface MnistDigit {
  /** Index in the test split. */
  index: number;
  label: number;
  /** 28×28 bytes, white on black. */
  pixels: Uint8Array;
}

/** The first digit with this label in the MNIST test split (public/data/mnist, as data.mnist() reads it). */
export function mnistTestDigit(label: number): MnistDigit {
  const dir = path.join(PUBLIC, 'data/mnist');
  const meta = JSON.parse(readFileSync(path.join(dir, 'meta.json'), 'utf8')) as {
    files: Record<'images' | 'labels', { path: string; encoding?: string }>;
    splits: { test: { offset: number; count: number } };
  };
  const read = (f: { path: string; encoding?: string }) => {
    const bytes = readFileSync(path.join(dir, f.path));
    return f.encoding === 'gzip' ? gunzipSync(bytes) : bytes;
  };
  const images = read(meta.files.images);
  const labels = read(meta.files.labels);
  const { offset, count } = meta.splits.test;
  for (let i = 0; i < count; i++) {
    if (labels[offset + i] === label) {
      const start = (offset + i) * 784;
      return { index: i, label, pixels: new Uint8Array(images.subarray(start, start + 784)) };
    }
  }
  throw new Error(`no test digit labelled ${label}`);
}

/**
 * A 28×28 digit drawn on a black 196×196 RGBA pad: scaled up `scale` times (bilinear) with its
 * top-left corner at (left, top), as a reader might draw it: big, and not centred.
 */
export function drawOnPad(pixels: Uint8Array, { scale = 5, left = 40, top = 14 } = {}): InputImage {
  const size = 196;
  const rgba = new Uint8ClampedArray(size * size * 4);
  const at = (x: number, y: number) => (x < 0 || y < 0 || x > 27 || y > 27 ? 0 : pixels[y * 28 + x]!);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      // Source coordinates of this pad pixel's centre, sampled bilinearly.
      const sx = (x - left + 0.5) / scale - 0.5;
      const sy = (y - top + 0.5) / scale - 0.5;
      const x0 = Math.floor(sx);
      const y0 = Math.floor(sy);
      const fx = sx - x0;
      const fy = sy - y0;
      const v = at(x0, y0) * (1 - fx) * (1 - fy) + at(x0 + 1, y0) * fx * (1 - fy) + at(x0, y0 + 1) * (1 - fx) * fy + at(x0 + 1, y0 + 1) * fx * fy;
      const i = (y * size + x) * 4;
      rgba[i] = rgba[i + 1] = rgba[i + 2] = v;
      rgba[i + 3] = 255;
    }
  }
  return { name: 'drawing', width: size, height: size, rgba };
}

/** A blank pad, as the page hands it over before anything is drawn. */
export function blankPad(): InputImage {
  const rgba = new Uint8ClampedArray(196 * 196 * 4);
  for (let i = 3; i < rgba.length; i += 4) rgba[i] = 255;
  return { name: 'drawing', width: 196, height: 196, rgba };
}

/**
 * A wide "photo": the generated 'rings' picture in the centre square of size×size, with seeded
 * random noise on both sides. A classifier that crops the centre sees only rings.
 */
export function ringsPhoto(size = 224, margin = 64): InputImage {
  const width = size + 2 * margin;
  const rgba = new Uint8ClampedArray(width * size * 4);
  const random = mulberry32(7);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < width; x++) {
      const u = (x - margin) / size;
      const rgb = u >= 0 && u < 1 ? generatedPixel('rings', u, y / size, random) : generatedPixel('noise', u, 0, random);
      rgba.set([...rgb.map((c) => 255 * c), 255], (y * width + x) * 4);
    }
  }
  return { name: 'rings.png', width, height: size, rgba };
}

/** Files of the book CNN in public/models/book-cnn, as a reader would pick them. */
export function bookCnnFiles(names = ['model.json', 'weights.bin']): InputFile[] {
  return names.map((name) => {
    const buf = readFileSync(path.join(PUBLIC, 'models/book-cnn', name));
    return { name, bytes: buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength) as ArrayBuffer };
  });
}

/** Pearson correlation of two equally long arrays. */
export function correlation(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const n = a.length;
  let ma = 0;
  let mb = 0;
  for (let i = 0; i < n; i++) {
    ma += a[i]! / n;
    mb += b[i]! / n;
  }
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let i = 0; i < n; i++) {
    sab += (a[i]! - ma) * (b[i]! - mb);
    saa += (a[i]! - ma) ** 2;
    sbb += (b[i]! - mb) ** 2;
  }
  return sab / Math.sqrt(saa * sbb);
}
