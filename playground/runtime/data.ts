/**
 * Datasets for playgrounds.
 *
 *   import * as tf from '@tensorflow/tfjs';
 *   import { data } from 'playground';
 *
 *   const mnist = await data.mnist();
 *   mnist.train.xs;          // tf.Tensor4D [8000, 28, 28, 1], float32 in 0..1
 *   mnist.train.ys;          // tf.Tensor2D [8000, 10], one-hot
 *   mnist.test.labels;       // Int32Array of digits 0..9
 *   for (const { xs, ys } of mnist.batches('train', 64, epoch)) {
 *     await model.trainOnBatch(xs, ys);
 *     tf.dispose([xs, ys]);  // each batch belongs to the caller
 *   }
 *
 * The bytes come from the site assets `data/mnist/{meta.json,images.u8.gz,labels.u8}` (built by
 * scripts/prepare-mnist.ts) through the sink: the page fetches them in the browser, Node reads
 * them from public/. They are cached in module scope, so a second run in a warm worker does not
 * fetch again; the tensors are made fresh for every call (each run owns and may dispose them).
 *
 * This module talks to the sink directly and must not import api.ts: api.ts re-exports `data`.
 */
import * as tf from '@tensorflow/tfjs';
import { sink } from './sink.ts';
import { progressBar } from './progress.ts';
import { shuffledIndices } from './random.ts';

export const MNIST_ASSET_DIR = 'data/mnist';
export const MNIST_CLASSES: readonly string[] = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'];
export const MNIST_IMAGE_SIZE = 28;
const PIXELS = MNIST_IMAGE_SIZE * MNIST_IMAGE_SIZE;

export type MnistSplitName = 'train' | 'validation' | 'test';
export const MNIST_SPLITS: readonly MnistSplitName[] = ['train', 'validation', 'test'];

/** meta.json as written by scripts/prepare-mnist.ts (the fields the runtime relies on). */
export interface MnistMeta {
  name: string;
  seed: number;
  count: number;
  classes: string[];
  source: { package: string; version: string; license: string; homepage: string };
  image: { width: number; height: number; channels: number; bytesPerImage: number };
  splits: Record<MnistSplitName, { offset: number; count: number; labelHistogram: number[] }>;
  files: Record<'images' | 'labels', { path: string; bytes: number; sha256: string; encoding?: 'gzip'; transferBytes?: number }>;
}

export interface MnistSplit {
  /** Number of examples. */
  count: number;
  /** Images, shape [count, 28, 28, 1], float32 in 0..1 (white digit on black). */
  xs: tf.Tensor4D;
  /** One-hot labels, shape [count, 10], float32. */
  ys: tf.Tensor2D;
  /** The digit of each example, 0..9. */
  labels: Int32Array;
  /** Raw pixels, uint8 0..255, 784 bytes per image (a view of the cached asset; do not modify). */
  pixels: Uint8Array;
}

/** One mini-batch. The caller owns both tensors and disposes them (tf.dispose or inside tf.tidy). */
export interface MnistBatch {
  xs: tf.Tensor4D;
  ys: tf.Tensor2D;
}

export interface MnistOptions {
  /** Keep only the first n training examples (quick experiments). Validation and test stay whole. */
  trainLimit?: number;
  /** Which splits to turn into tensors (default all three); others get empty tensors. */
  splits?: MnistSplitName[];
  /** Show a progress bar while the assets download (default true). */
  progress?: boolean;
}

export interface Mnist {
  train: MnistSplit;
  validation: MnistSplit;
  test: MnistSplit;
  /** Class names, '0'..'9'; index = label. */
  classes: string[];
  meta: MnistMeta;
  /**
   * Iterate over one pass of a split in mini-batches of `batchSize` (the last batch may be
   * smaller). `seed`: a number shuffles deterministically (use e.g. the epoch number for a new,
   * reproducible order each epoch); omitted shuffles at random; `false` keeps the stored order.
   * Every yielded batch is new tensors owned by the caller: dispose them when done.
   */
  batches(split: MnistSplitName, batchSize: number, seed?: number | false): Generator<MnistBatch, void, undefined>;
  /** Dispose every tensor of every split. */
  dispose(): void;
}

interface MnistBytes {
  meta: MnistMeta;
  images: Uint8Array;
  labels: Uint8Array;
}

let cached: Promise<MnistBytes> | null = null;
/** Forget the cached bytes (tests; or to force a refetch). */
export function clearMnistCache(): void {
  cached = null;
}

async function sha256Hex(bytes: Uint8Array): Promise<string | null> {
  const subtle = globalThis.crypto?.subtle;
  if (!subtle) return null;
  const digest = await subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>);
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * Undo the asset's transfer compression (browsers and Node 18+ have DecompressionStream). Servers
 * that send `.gz` files with `Content-Encoding: gzip` (astro preview does) make the browser inflate
 * them already, so only bytes that still start with the gzip magic number are inflated here.
 */
async function inflate(bytes: Uint8Array, encoding: 'gzip' | undefined): Promise<Uint8Array> {
  if (encoding !== 'gzip' || bytes[0] !== 0x1f || bytes[1] !== 0x8b) return bytes;
  const stream = new Blob([bytes as BlobPart]).stream().pipeThrough(new DecompressionStream('gzip'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

async function fetchMnistBytes(showProgress: boolean): Promise<MnistBytes> {
  const out = sink();
  const meta = JSON.parse(new TextDecoder().decode(await out.fetchAsset(`${MNIST_ASSET_DIR}/meta.json`))) as MnistMeta;

  // One bar for both binaries, in kB.
  const transfer = (key: 'images' | 'labels') => meta.files[key].transferBytes ?? meta.files[key].bytes;
  const totalKb = Math.ceil((transfer('images') + transfer('labels')) / 1000);
  const bar = showProgress ? progressBar(`Loading MNIST digits (${(totalKb / 1000).toFixed(1)} MB)`, totalKb) : null;
  const loaded = { images: 0, labels: 0 };

  const [imageBuf, labelBuf] = await Promise.all(
    (['images', 'labels'] as const).map((key) =>
      out.fetchAsset(`${MNIST_ASSET_DIR}/${meta.files[key].path}`, (n) => {
        loaded[key] = n;
        bar?.(Math.min(totalKb - 1, Math.floor((loaded.images + loaded.labels) / 1000)));
      }),
    ),
  );
  const images = await inflate(new Uint8Array(imageBuf!), meta.files.images.encoding);
  const labels = await inflate(new Uint8Array(labelBuf!), meta.files.labels.encoding);
  bar?.(totalKb);

  for (const [key, bytes] of [
    ['images', images],
    ['labels', labels],
  ] as const) {
    if (bytes.byteLength !== meta.files[key].bytes) {
      throw new Error(`MNIST ${key}: got ${bytes.byteLength} bytes, expected ${meta.files[key].bytes}`);
    }
    const digest = await sha256Hex(bytes);
    if (digest !== null && digest !== meta.files[key].sha256) throw new Error(`MNIST ${key}: checksum mismatch`);
  }
  if (images.byteLength !== meta.count * PIXELS || labels.byteLength !== meta.count) {
    throw new Error(`MNIST assets do not hold ${meta.count} images of ${PIXELS} pixels`);
  }
  return { meta, images, labels };
}

function loadBytes(showProgress: boolean): Promise<MnistBytes> {
  if (!cached) {
    cached = fetchMnistBytes(showProgress);
    cached.catch(() => {
      cached = null;
    });
  }
  return cached;
}

function makeSplit(bytes: MnistBytes, name: MnistSplitName, limit: number | undefined, asTensors: boolean): MnistSplit {
  const { offset, count: full } = bytes.meta.splits[name];
  const count = asTensors ? Math.max(0, Math.min(full, limit ?? full)) : 0;
  const pixels = bytes.images.subarray(offset * PIXELS, (offset + count) * PIXELS);
  const labels = Int32Array.from(bytes.labels.subarray(offset, offset + count));
  const floats = new Float32Array(pixels.length);
  for (let i = 0; i < pixels.length; i++) floats[i] = pixels[i]! / 255;
  const xs = tf.tensor4d(floats, [count, MNIST_IMAGE_SIZE, MNIST_IMAGE_SIZE, 1], 'float32');
  const ys = tf.tidy(() => tf.cast(tf.oneHot(tf.tensor1d(labels, 'int32'), 10), 'float32')) as tf.Tensor2D;
  return { count, xs, ys, labels, pixels };
}

/**
 * A mini-batch made in JavaScript from the cached bytes: the same values as gathering rows of the
 * split's tensors, without a gather kernel per batch (on WASM it copies element by element).
 */
function batchFromBytes(s: MnistSplit, idx: Int32Array): MnistBatch {
  const n = idx.length;
  const floats = new Float32Array(n * PIXELS);
  const oneHot = new Float32Array(n * MNIST_CLASSES.length);
  for (let k = 0; k < n; k++) {
    const i = idx[k] as number;
    const src = i * PIXELS;
    const dst = k * PIXELS;
    for (let p = 0; p < PIXELS; p++) floats[dst + p] = (s.pixels[src + p] as number) / 255;
    oneHot[k * MNIST_CLASSES.length + (s.labels[i] as number)] = 1;
  }
  return {
    xs: tf.tensor4d(floats, [n, MNIST_IMAGE_SIZE, MNIST_IMAGE_SIZE, 1], 'float32'),
    ys: tf.tensor2d(oneHot, [n, MNIST_CLASSES.length], 'float32'),
  };
}

/**
 * MNIST: 10,000 labelled 28×28 handwritten digits, split 8,000 train / 1,000 validation /
 * 1,000 test with a fixed seed. Downloads ~7.9 MB once per page (cached afterwards).
 */
async function mnist(options: MnistOptions = {}): Promise<Mnist> {
  const bytes = await loadBytes(options.progress ?? true);
  const wanted = new Set(options.splits ?? MNIST_SPLITS);
  const splits = {} as Record<MnistSplitName, MnistSplit>;
  for (const name of MNIST_SPLITS) {
    splits[name] = makeSplit(bytes, name, name === 'train' ? options.trainLimit : undefined, wanted.has(name));
  }
  return {
    ...splits,
    classes: [...MNIST_CLASSES],
    meta: bytes.meta,
    *batches(split, batchSize, seed) {
      const s = splits[split];
      if (!s) throw new Error(`Unknown MNIST split '${split}' (use 'train', 'validation' or 'test')`);
      if (!(batchSize >= 1)) throw new Error(`batchSize must be at least 1, got ${batchSize}`);
      if (s.xs.isDisposed) throw new Error(`MNIST ${split} tensors were disposed`);
      const order = shuffledIndices(s.count, seed);
      for (let start = 0; start < s.count; start += batchSize) {
        yield batchFromBytes(s, order.subarray(start, Math.min(s.count, start + batchSize)));
      }
    },
    dispose() {
      for (const name of MNIST_SPLITS) tf.dispose([splits[name].xs, splits[name].ys]);
    },
  };
}

export const data = {
  mnist,
};
