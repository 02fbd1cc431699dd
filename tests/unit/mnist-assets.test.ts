/**
 * The committed MNIST assets (public/data/mnist) are exactly what scripts/prepare-mnist.ts builds,
 * and the playground's data.mnist() turns them into well-formed tensors.
 */
import * as tf from '@tensorflow/tfjs';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildMnistAssets, diffMnistAssets, MNIST_ASSET_DIR, writeMnistAssets, type MnistAssets } from '../../scripts/prepare-mnist.ts';
import { clearMnistCache, data, type MnistSplitName } from '../../playground/runtime/data.ts';
import { consoleSink, setSink, type OutputSink, type ProgressMessage } from '../../playground/runtime/sink.ts';

const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
const SPLITS: MnistSplitName[] = ['train', 'validation', 'test'];

describe('MNIST assets', () => {
  let fresh: MnistAssets;
  let meta: {
    count: number;
    seed: number;
    source: { package: string; version: string; license: string };
    splits: Record<MnistSplitName, { offset: number; count: number; labelHistogram: number[] }>;
    files: Record<'images' | 'labels', { path: string; bytes: number; sha256: string }>;
  };
  const images = gunzipSync(readFileSync(join(MNIST_ASSET_DIR, 'images.u8.gz')));
  const labels = readFileSync(join(MNIST_ASSET_DIR, 'labels.u8'));

  beforeAll(() => {
    fresh = buildMnistAssets();
    meta = JSON.parse(readFileSync(join(MNIST_ASSET_DIR, 'meta.json'), 'utf8'));
  });

  it('are byte-identical to a fresh build by prepare-mnist', () => {
    expect(diffMnistAssets(fresh)).toEqual([]);
    expect(sha(images)).toBe(sha(fresh.images));
    expect(sha(labels)).toBe(sha(fresh.labels));
    expect(readFileSync(join(MNIST_ASSET_DIR, 'meta.json'), 'utf8')).toBe(fresh.metaJson);
  });

  it('--check logic notices a changed or missing file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mnist-check-'));
    try {
      writeMnistAssets(fresh, dir);
      expect(diffMnistAssets(fresh, dir)).toEqual([]);
      const tampered = new Uint8Array(fresh.labels);
      tampered[0] = (tampered[0]! + 1) % 10;
      writeFileSync(join(dir, 'labels.u8'), tampered);
      rmSync(join(dir, 'meta.json'));
      expect(diffMnistAssets(fresh, dir)).toEqual(['labels.u8', 'meta.json (missing)']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('record their own checksums, sizes and source', () => {
    expect(meta.files.images).toMatchObject({ bytes: images.byteLength, sha256: sha(images) });
    expect(meta.files.labels).toMatchObject({ bytes: labels.byteLength, sha256: sha(labels) });
    expect(meta.source).toMatchObject({ package: 'mnist', version: '1.1.0', license: 'MIT' });
    expect(images.byteLength + labels.byteLength).toBeLessThanOrEqual(8_000_000);
  });

  it('split 8000 / 1000 / 1000 in order train | validation | test', () => {
    expect(meta.count).toBe(10_000);
    expect(images.byteLength).toBe(10_000 * 784);
    expect(labels.byteLength).toBe(10_000);
    expect(meta.splits.train).toMatchObject({ offset: 0, count: 8000 });
    expect(meta.splits.validation).toMatchObject({ offset: 8000, count: 1000 });
    expect(meta.splits.test).toMatchObject({ offset: 9000, count: 1000 });
  });

  it('have a sane label histogram in every split', () => {
    for (const name of SPLITS) {
      const { offset, count, labelHistogram } = meta.splits[name];
      const hist = new Array(10).fill(0);
      for (let i = offset; i < offset + count; i++) {
        expect(labels[i]).toBeLessThan(10);
        hist[labels[i]!]++;
      }
      expect(hist).toEqual(labelHistogram);
      for (const n of hist) {
        // Every digit present, none dominating (uniform would be 10 %).
        expect(n / count).toBeGreaterThan(0.06);
        expect(n / count).toBeLessThan(0.14);
      }
    }
  });

  it('look like digits: dark background, bright strokes, no empty or duplicate images', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 10_000; i++) {
      const img = images.subarray(i * 784, (i + 1) * 784);
      let sum = 0;
      let max = 0;
      for (const v of img) {
        sum += v;
        if (v > max) max = v;
      }
      expect(max).toBeGreaterThan(200);
      expect(sum / 784).toBeLessThan(100);
      // Corners are background.
      expect(img[0]! + img[27]! + img[756]! + img[783]!).toBe(0);
      seen.add(sha(img));
    }
    // Split boundaries must not leak: no image appears twice anywhere.
    expect(seen.size).toBe(10_000);
  });
});

describe('data.mnist() in Node', () => {
  const fetched: string[] = [];
  const progress: ProgressMessage[] = [];
  const recording: OutputSink = {
    ...consoleSink,
    progress: (m) => progress.push(m),
    fetchAsset: (path, onProgress) => {
      fetched.push(path);
      return consoleSink.fetchAsset(path, onProgress);
    },
  };

  beforeAll(() => {
    clearMnistCache();
    setSink(recording);
  });
  afterAll(() => setSink(consoleSink));

  it('returns the splits as tensors of the right shapes with values in 0..1', async () => {
    const before = tf.memory().numTensors;
    const mnist = await data.mnist();
    expect(fetched.sort()).toEqual(['data/mnist/images.u8.gz', 'data/mnist/labels.u8', 'data/mnist/meta.json']);
    expect(progress.length).toBeGreaterThan(0);
    expect(progress.at(-1)!.done).toBe(progress.at(-1)!.total);
    expect(mnist.classes).toEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9']);

    const raw = readFileSync(join(MNIST_ASSET_DIR, 'labels.u8'));
    for (const [name, n, offset] of [
      ['train', 8000, 0],
      ['validation', 1000, 8000],
      ['test', 1000, 9000],
    ] as const) {
      const split = mnist[name];
      expect(split.count).toBe(n);
      expect(split.xs.shape).toEqual([n, 28, 28, 1]);
      expect(split.xs.dtype).toBe('float32');
      expect(split.ys.shape).toEqual([n, 10]);
      expect(split.labels).toHaveLength(n);
      expect(Array.from(split.labels)).toEqual(Array.from(raw.subarray(offset, offset + n)));
      const [min, max] = tf.tidy(() => [split.xs.min().dataSync()[0], split.xs.max().dataSync()[0]]);
      expect(min).toBe(0);
      expect(max).toBe(1);
      // One-hot rows that agree with the labels.
      const [rowSums, argmax] = tf.tidy(() => [split.ys.sum(1).dataSync(), split.ys.argMax(1).dataSync()]);
      expect(Array.from(rowSums).every((s) => s === 1)).toBe(true);
      expect(Array.from(argmax)).toEqual(Array.from(split.labels));
    }
    // Pixel values are byte / 255.
    const first = mnist.train.xs.slice([0, 0, 0, 0], [1, 28, 28, 1]);
    const px = first.dataSync();
    first.dispose();
    for (let i = 0; i < 784; i++) expect(px[i]).toBeCloseTo(mnist.train.pixels[i]! / 255, 6);

    mnist.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('serves repeated calls from the module cache, without fetching again', async () => {
    const fetchesBefore = fetched.length;
    const mnist = await data.mnist({ trainLimit: 100, splits: ['train'] });
    expect(fetched.length).toBe(fetchesBefore);
    expect(mnist.train.xs.shape).toEqual([100, 28, 28, 1]);
    expect(mnist.test.xs.shape).toEqual([0, 28, 28, 1]);
    mnist.dispose();
  });

  it('batches(): seeded shuffles are reproducible, cover the split once, and belong to the caller', async () => {
    const mnist = await data.mnist({ trainLimit: 300, splits: ['train'], progress: false });
    const before = tf.memory().numTensors;
    const firstLabels = (seed: number | false) => {
      const it = mnist.batches('train', 64, seed);
      const b = it.next().value!;
      const labels = Array.from(tf.tidy(() => b.ys.argMax(1).dataSync()));
      tf.dispose([b.xs, b.ys]);
      it.return();
      return labels;
    };
    expect(firstLabels(7)).toEqual(firstLabels(7));
    expect(firstLabels(7)).not.toEqual(firstLabels(8));
    expect(firstLabels(false)).toEqual(Array.from(mnist.train.labels.subarray(0, 64)));

    const sizes: number[] = [];
    const counts = new Array(10).fill(0);
    for (const { xs, ys } of mnist.batches('train', 64, 1)) {
      sizes.push(xs.shape[0]);
      expect(xs.shape.slice(1)).toEqual([28, 28, 1]);
      expect(ys.shape).toEqual([xs.shape[0], 10]);
      for (const d of tf.tidy(() => ys.argMax(1).dataSync())) counts[d]++;
      tf.dispose([xs, ys]);
    }
    expect(sizes).toEqual([64, 64, 64, 64, 44]);
    const expected = new Array(10).fill(0);
    for (const d of mnist.train.labels) expected[d]++;
    expect(counts).toEqual(expected);
    expect(tf.memory().numTensors).toBe(before);
    mnist.dispose();
  });
});
