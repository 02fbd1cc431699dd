/**
 * models.ts: loading through the sink (Tiny Darknet from a local copy served in place of its public
 * URLs, the book CNN), the reader's own files, the wrapper (classify, layers, activations,
 * withInputSize) and the filter helpers.
 *
 *   npx vitest run tests/unit/models.test.ts
 *
 * Tiny Darknet tests read the local copy (scripts/local-darknet.ts; never copied into the repo) and
 * skip, saying so, where it is absent (in CI they fail instead). The book CNN and MNIST are committed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { consoleSink, setSink, type OutputSink } from '../../playground/runtime/sink.ts';
import { generateImage } from '../../playground/runtime/images.ts';
import {
  models,
  load,
  loadWithFallback,
  fromFiles,
  firstLayerFilters,
  filterGrid,
  parseClassNames,
  isAllowedRemoteUrl,
  ModelLoadError,
  TINY_DARKNET_URL,
  TINY_DARKNET_DIR,
  TINY_DARKNET_CLASSES_URL,
  REMOTE_MODEL_URLS,
  type LoadedModel,
} from '../../playground/runtime/models.ts';
import { LOCAL_TINY_DARKNET, localTinyDarknetFile, tinyDarknetMissing } from '../../scripts/local-darknet.ts';

const DARKNET_DIR = LOCAL_TINY_DARKNET;
const darknetMissing = tinyDarknetMissing() !== null;
const PUBLIC_DIR = fileURLToPath(new URL('../../public/', import.meta.url));

function toArrayBuffer(buf: Buffer): ArrayBuffer {
  return buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength) as ArrayBuffer;
}

/** A sink that serves Tiny Darknet's public URLs from the local copy and site paths from `siteDir`. */
function testSink(opts: { siteDir?: string; offline?: boolean } = {}) {
  const logs: Array<{ level: string; text: string }> = [];
  const fetched: string[] = [];
  const sink: OutputSink = {
    ...consoleSink,
    log: (level, text) => logs.push({ level, text }),
    fetchAsset: async (pathOrUrl, onProgress) => {
      fetched.push(pathOrUrl);
      let file: string | null;
      if (/^https?:/.test(pathOrUrl)) {
        if (opts.offline) throw new Error(`Failed to fetch ${pathOrUrl} (offline)`);
        if (!isAllowedRemoteUrl(pathOrUrl)) throw new Error(`Not on the allow-list: ${pathOrUrl}`);
        file = localTinyDarknetFile(pathOrUrl);
        if (file === null) throw new Error(`No local copy for ${pathOrUrl}`);
      } else {
        file = join(opts.siteDir ?? PUBLIC_DIR, pathOrUrl.replace(/^\/+/, ''));
      }
      const bytes = toArrayBuffer(readFileSync(file));
      onProgress?.(bytes.byteLength / 2, bytes.byteLength);
      onProgress?.(bytes.byteLength, bytes.byteLength);
      return bytes;
    },
  };
  return { sink, logs, fetched };
}

/** A small MNIST-shaped CNN saved as model.json + two weight shards (names like the book CNN). */
async function smallModelFiles(): Promise<Array<{ name: string; bytes: ArrayBuffer }>> {
  const model = tf.sequential({ name: 'small_cnn' });
  model.add(tf.layers.conv2d({ name: 'conv1', inputShape: [28, 28, 1], filters: 4, kernelSize: 3, activation: 'relu', padding: 'same' }));
  model.add(tf.layers.maxPooling2d({ name: 'pool1', poolSize: 2 }));
  model.add(tf.layers.conv2d({ name: 'conv2', filters: 8, kernelSize: 3, activation: 'relu', padding: 'same' }));
  model.add(tf.layers.maxPooling2d({ name: 'pool2', poolSize: 2 }));
  model.add(tf.layers.dropout({ name: 'drop', rate: 0.25 }));
  model.add(tf.layers.flatten({ name: 'flatten' }));
  model.add(tf.layers.dense({ name: 'dense', units: 10, activation: 'softmax' }));
  let artifacts!: tf.io.ModelArtifacts;
  await model.save(
    tf.io.withSaveHandler(async (a) => {
      artifacts = a;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
  model.dispose();
  const data = new Uint8Array(artifacts.weightData as ArrayBuffer);
  const specs = artifacts.weightSpecs!;
  // Two groups: conv weights, then the rest; the second group split over two shards.
  const bytesOf = (s: tf.io.WeightsManifestEntry) => s.shape.reduce((a, b) => a * b, 1) * 4;
  const convCount = specs.filter((s) => s.name.startsWith('conv')).length;
  const convBytes = specs.slice(0, convCount).reduce((n, s) => n + bytesOf(s), 0);
  const rest = data.slice(convBytes);
  const half = Math.floor(rest.byteLength / 8) * 4;
  const modelJson = {
    format: 'layers-model',
    generatedBy: 'test',
    convertedBy: null,
    modelTopology: artifacts.modelTopology,
    weightsManifest: [
      { paths: ['group1-shard1of1.bin'], weights: specs.slice(0, convCount) },
      { paths: ['group2-shard1of2.bin', 'group2-shard2of2.bin'], weights: specs.slice(convCount) },
    ],
  };
  const buf = (u: Uint8Array) => u.slice().buffer as ArrayBuffer;
  return [
    { name: 'model.json', bytes: buf(new TextEncoder().encode(JSON.stringify(modelJson))) },
    { name: 'group1-shard1of1.bin', bytes: buf(data.slice(0, convBytes)) },
    { name: 'group2-shard1of2.bin', bytes: buf(rest.slice(0, half)) },
    { name: 'group2-shard2of2.bin', bytes: buf(rest.slice(half)) },
  ];
}

function darknetFiles(): Array<{ name: string; bytes: ArrayBuffer }> {
  const json = JSON.parse(readFileSync(join(DARKNET_DIR, 'model.json'), 'utf8')) as { weightsManifest: Array<{ paths: string[] }> };
  const names = ['model.json', ...json.weightsManifest.flatMap((g) => g.paths)];
  return names.map((name) => ({ name, bytes: toArrayBuffer(readFileSync(join(DARKNET_DIR, name))) }));
}

async function errorOf(p: Promise<unknown>): Promise<Error> {
  try {
    await p;
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected a rejection');
}

let siteDir: string;
let smallFiles: Array<{ name: string; bytes: ArrayBuffer }>;

beforeAll(async () => {
  await tf.setBackend('wasm');
  await tf.ready();
  smallFiles = await smallModelFiles();
  // A small model with several weight groups and shards, served in the book CNN's place (the real
  // one has a single shard); the real one is tested at the end.
  siteDir = mkdtempSync(join(tmpdir(), 'models-test-'));
  mkdirSync(join(siteDir, 'models/book-cnn'), { recursive: true });
  for (const f of smallFiles) writeFileSync(join(siteDir, 'models/book-cnn', f.name), new Uint8Array(f.bytes));
});

afterAll(() => {
  setSink(consoleSink);
  if (siteDir) rmSync(siteDir, { recursive: true, force: true });
});

describe('addresses', () => {
  it('allow-lists the model, its weight folder and the class names, nothing else', () => {
    expect(REMOTE_MODEL_URLS).toEqual(expect.arrayContaining([TINY_DARKNET_URL, TINY_DARKNET_DIR, TINY_DARKNET_CLASSES_URL]));
    expect(TINY_DARKNET_DIR.endsWith('/darknettiny/')).toBe(true);
    expect(isAllowedRemoteUrl(TINY_DARKNET_URL)).toBe(true);
    expect(isAllowedRemoteUrl(`${TINY_DARKNET_DIR}group17-shard1of1`)).toBe(true);
    expect(isAllowedRemoteUrl(TINY_DARKNET_CLASSES_URL)).toBe(true);
    expect(isAllowedRemoteUrl(`${TINY_DARKNET_DIR}../darknetreference/model.json`)).toBe(false);
    expect(isAllowedRemoteUrl(`${TINY_DARKNET_DIR}%2e%2e/x`)).toBe(false);
    expect(isAllowedRemoteUrl('https://example.com/model.json')).toBe(false);
    expect(isAllowedRemoteUrl(TINY_DARKNET_URL.replace('https:', 'http:'))).toBe(false);
    expect(models.REMOTE_MODEL_URLS).toBe(REMOTE_MODEL_URLS);
  });

  it.skipIf(darknetMissing)('reads class names as JSON and as the ml5 JS module served at the class-names URL', () => {
    const names = JSON.parse(readFileSync(join(DARKNET_DIR, 'classes.json'), 'utf8')) as string[];
    // The public file is `export default [\n    "kit fox",\n …    "dumbbell",\n    \n]` (a trailing comma).
    const jsModule = `// Copyright (c) 2018 ml5\n/* eslint-disable */\nexport default [\n${names.map((n) => `    ${JSON.stringify(n)},\n`).join('')}    \n]`;
    expect(parseClassNames(JSON.stringify(names))).toEqual(names);
    expect(parseClassNames(jsModule)).toEqual(names);
    expect(parseClassNames('cat\ndog\n')).toEqual(['cat', 'dog']);
    expect(parseClassNames(`export default ['it\\'s', "a \\"b\\"",]`)).toEqual(["it's", 'a "b"']);
    expect(parseClassNames('{"labels": ["a", "b"]}')).toEqual(['a', 'b']);
  });
});

describe.skipIf(darknetMissing)('Tiny Darknet (local copy served for the public URLs)', () => {
  let m: LoadedModel;
  const progress: Array<[number, number]> = [];
  let t: ReturnType<typeof testSink>;

  beforeAll(async () => {
    t = testSink({ siteDir });
    setSink(t.sink);
    const start = performance.now();
    m = await models.load('tiny-darknet', { onProgress: (loaded, total) => progress.push([loaded, total]) });
    console.log(`[models.test] tiny-darknet loaded in ${(performance.now() - start).toFixed(0)} ms (${tf.getBackend()})`);
  });
  afterAll(() => m?.dispose());

  it('loads through the sink with 1000 class names in Darknet order', () => {
    expect(m.name).toBe('tiny-darknet');
    expect(m.inputSize).toEqual([224, 224, 3]);
    expect(m.classes).toHaveLength(1000);
    expect(m.classes![0]).toBe('kit fox');
    expect(m.output).toBe('logits');
    expect(t.fetched).toContain(TINY_DARKNET_URL);
    expect(t.fetched).toContain(TINY_DARKNET_CLASSES_URL);
    expect(t.fetched.filter((u) => u.startsWith(TINY_DARKNET_DIR) && u !== TINY_DARKNET_URL)).toHaveLength(31);
  });

  it('reports byte progress across model.json and all 31 weight files', () => {
    const total = darknetFiles().reduce((n, f) => n + f.bytes.byteLength, 0);
    const last = progress.at(-1)!;
    expect(last).toEqual([total, total]);
    expect(progress.length).toBeGreaterThan(31);
    for (const [loaded, expected] of progress) expect(loaded).toBeLessThanOrEqual(expected);
    for (let i = 1; i < progress.length; i++) expect(progress[i]![0]).toBeGreaterThanOrEqual(progress[i - 1]![0]);
  });

  it('classifies a generated image: 5 results, sorted, probabilities summing to at most 1', async () => {
    const image = generateImage('shapes', 160);
    const start = performance.now();
    const top = await m.classify(image, 5);
    console.log(
      `[models.test] tiny-darknet classify 160→224: ${(performance.now() - start).toFixed(0)} ms; top: ${top.map((p) => `${p.label} ${p.probability.toFixed(3)}`).join(', ')}`,
    );
    image.dispose();
    expect(top).toHaveLength(5);
    for (const p of top) {
      expect(p.label).toBe(m.classes![p.index]);
      expect(p.probability).toBeGreaterThanOrEqual(0);
    }
    for (let i = 1; i < top.length; i++) expect(top[i]!.probability).toBeLessThanOrEqual(top[i - 1]!.probability);
    const sum = top.reduce((s, p) => s + p.probability, 0);
    expect(sum).toBeLessThanOrEqual(1 + 1e-6);
    expect(sum).toBeGreaterThan(0);
  });

  it('classifies greyscale and RGBA images too, without leaking tensors', async () => {
    const before = tf.memory().numTensors;
    const grey = tf.fill([50, 70, 1], 0.5) as tf.Tensor3D;
    const rgba = tf.fill([30, 30, 4], 0.25) as tf.Tensor3D;
    expect(await m.classify(grey, 3)).toHaveLength(3);
    expect(await m.classify(rgba, 1)).toHaveLength(1);
    grey.dispose();
    rgba.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('lists layers with names, classes, shapes and 1,046,488 parameters in all', () => {
    const layers = m.layers();
    expect(layers).toHaveLength(52);
    const total = layers.reduce((s, l) => s + l.params, 0);
    expect(total).toBe(1_046_488);
    expect(m.model.countParams()).toBe(1_046_488);
    expect(layers[0]).toMatchObject({ name: 'input_1', className: 'InputLayer', outputShape: [null, 224, 224, 3], params: 0 });
    expect(layers.find((l) => l.name === 'conv2d_1')).toEqual({
      name: 'conv2d_1',
      className: 'Conv2D',
      outputShape: [null, 224, 224, 16],
      params: 3 * 3 * 3 * 16,
    });
    expect(layers.find((l) => l.name === 'conv2d_16')).toMatchObject({
      className: 'Conv2D',
      outputShape: [null, 14, 14, 1000],
      params: 128 * 1000 + 1000,
    });
    expect(layers.at(-1)).toMatchObject({ className: 'GlobalAveragePooling2D', outputShape: [null, 1000] });
    const classes = new Set(layers.map((l) => l.className));
    expect([...classes].sort()).toEqual(['BatchNormalization', 'Conv2D', 'GlobalAveragePooling2D', 'InputLayer', 'LeakyReLU', 'MaxPooling2D']);
  });

  it('returns activations of intermediate layers with the expected shapes', () => {
    const image = generateImage('rings', 224);
    const x = m.preprocess(image);
    const [a, b] = m.activations(x, ['max_pooling2d_2', 'conv2d_8']);
    expect(a!.shape).toEqual([1, 56, 56, 32]);
    expect(b!.shape).toEqual([1, 28, 28, 256]);
    // The sub-model is cached: asking again reuses it and gives the same numbers.
    const [a2] = m.activations(x, ['max_pooling2d_2', 'conv2d_8']);
    expect(a2!.shape).toEqual(a!.shape);
    expect(tf.max(tf.abs(tf.sub(a!, a2!))).dataSync()[0]).toBe(0);
    tf.dispose([image, x, a!, b!, a2!]);
    expect(() => tf.tidy(() => m.activations(tf.zeros([1, 224, 224, 3]), ['no_such_layer']))).toThrow(/No layer named "no_such_layer".*conv2d_1/);
  });

  it('withInputSize(128, 128) runs the whole network (it ends in global pooling) at the new size', () => {
    const start = performance.now();
    const small = m.withInputSize(128, 128);
    expect(small.inputs[0]!.shape).toEqual([null, 128, 128, 3]);
    expect(small.countParams()).toBe(1_046_488);
    const x = tf.randomUniform([1, 128, 128, 3], 0, 1, 'float32', 7) as tf.Tensor4D;
    const y = small.predict(x) as tf.Tensor;
    expect(y.shape).toEqual([1, 1000]);
    // Spatial shape: four 'same' 2×2 poolings → 128 / 16 = 8.
    const [conv16] = m.activations(x, ['conv2d_16']);
    expect(conv16!.shape).toEqual([1, 8, 8, 1000]);
    // Same weights: the global average of conv2d_16 is the rebuilt model's output.
    const diff = tf.max(tf.abs(tf.sub(conv16!.mean([1, 2]), y))).dataSync()[0]!;
    expect(diff).toBeLessThan(1e-4);
    console.log(`[models.test] withInputSize(128,128) + predict + activations: ${(performance.now() - start).toFixed(0)} ms`);
    // At 224 the rebuilt model agrees with the original.
    const x224 = tf.randomUniform([1, 224, 224, 3], 0, 1, 'float32', 3);
    const same = m.withInputSize(224, 224);
    const d = tf.max(tf.abs(tf.sub(same.predict(x224) as tf.Tensor, m.model.predict(x224) as tf.Tensor))).dataSync()[0]!;
    expect(d).toBeLessThan(1e-4);
    expect(m.withInputSize(128, 128)).toBe(small); // cached
    // The original model's layers are untouched (still one graph each).
    expect(() => m.model.getLayer('conv2d_1').output).not.toThrow();
    tf.dispose([x, y, conv16!, x224]);
  });

  it('shows the first-layer filters as a tiled RGB image in 0..1', () => {
    const kernel = firstLayerFilters(m);
    expect(kernel.shape).toEqual([3, 3, 3, 16]);
    const grid = filterGrid(kernel);
    expect(grid.shape).toEqual([4 * 4 + 1, 4 * 4 + 1, 3]);
    const [lo, hi] = [grid.min().dataSync()[0]!, grid.max().dataSync()[0]!];
    expect(lo).toBeGreaterThanOrEqual(0);
    expect(hi).toBeLessThanOrEqual(1);
    const wide = filterGrid(kernel, { columns: 8, padding: 2, background: 0 });
    expect(wide.shape).toEqual([2 * 5 + 2, 8 * 5 + 2, 3]);
    tf.dispose([kernel, grid, wide]);
  });

  it('fromFiles loads the same model from the chosen files (extra files ignored)', async () => {
    const files = [...darknetFiles(), { name: 'README.md', bytes: new ArrayBuffer(10) }];
    const own = await fromFiles(files);
    expect(own.model.countParams()).toBe(1_046_488);
    expect(own.inputSize).toEqual([224, 224, 3]);
    expect(own.classes).toBeNull();
    const x = tf.randomUniform([1, 224, 224, 3], 0, 1, 'float32', 5);
    const d = tf.max(tf.abs(tf.sub(own.model.predict(x) as tf.Tensor, m.model.predict(x) as tf.Tensor))).dataSync()[0]!;
    expect(d).toBeLessThan(1e-5);
    // Logits → classify applies softmax automatically ('auto').
    const top = await own.classify(generateImage('stripes', 64), 3);
    expect(top[0]!.label).toMatch(/^class \d+$/);
    tf.dispose(x);
    own.dispose();
  });

  it('fromFiles names a missing weight file and a file of the wrong size', async () => {
    const files = darknetFiles();
    const missing = await errorOf(fromFiles(files.filter((f) => f.name !== 'group17-shard1of1' && f.name !== 'group3-shard1of1')));
    expect(missing).toBeInstanceOf(ModelLoadError);
    expect(missing.message).toMatch(/2 weight files that were not chosen: .*group3-shard1of1/);
    expect(missing.message).toContain('group17-shard1of1');
    const cut = files.map((f) => (f.name === 'group19-shard1of1' ? { name: f.name, bytes: f.bytes.slice(0, 1000) } : f));
    const wrong = await errorOf(fromFiles(cut));
    expect(wrong.message).toMatch(/group19-shard1of1 holds 1000 bytes, but model\.json expects 1179648 bytes/);
  });
});

describe('without network', () => {
  it('tiny-darknet fails with a clear message that offers the book CNN; loadWithFallback uses it', async () => {
    const t = testSink({ siteDir, offline: true });
    setSink(t.sink);
    const err = await errorOf(load('tiny-darknet'));
    expect(err).toBeInstanceOf(ModelLoadError);
    expect((err as ModelLoadError).fallback).toBe('book-cnn');
    expect(err.message).toMatch(/Could not load Tiny Darknet/);
    expect(err.message).toMatch(/offline/);
    expect(err.message).toMatch(/book's own MNIST CNN.*models\.load\('book-cnn'\)/);
    const m = await loadWithFallback();
    expect(m.fellBack).toBe(true);
    expect(m.name).toBe('book-cnn');
    expect(t.logs.some((l) => l.level === 'warn' && /Using book-cnn instead/.test(l.text))).toBe(true);
    m.dispose();
  });
});

describe('book CNN loader (a small multi-shard model in its place)', () => {
  let m: LoadedModel;
  beforeAll(async () => {
    setSink(testSink({ siteDir }).sink);
    m = await load('book-cnn');
  });
  afterAll(() => m?.dispose());

  it('loads from models/book-cnn through the sink, with digit classes', async () => {
    expect(m.name).toBe('book-cnn');
    expect(m.inputSize).toEqual([28, 28, 1]);
    expect(m.classes).toEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9']);
    expect(m.layers().map((l) => l.name)).toEqual(['conv1', 'pool1', 'conv2', 'pool2', 'drop', 'flatten', 'dense']);
    // RGB input of another size is greyscaled and resized; outputs are already probabilities.
    const top = await m.classify(generateImage('shapes', 64), 10);
    expect(top).toHaveLength(10);
    expect(top.reduce((s, p) => s + p.probability, 0)).toBeCloseTo(1, 4);
  });

  it('withInputSize keeps only the convolutional part (up to pool2)', () => {
    const big = m.withInputSize(56, 84);
    expect(big.layers[0]!.getClassName()).toBe('InputLayer');
    expect(big.layers.slice(1).map((l) => l.name)).toEqual(['conv1', 'pool1', 'conv2', 'pool2']);
    expect(big.outputs[0]!.shape).toEqual([null, 14, 21, 8]);
    const x = tf.randomUniform([1, 28, 28, 1], 0, 1, 'float32', 1) as tf.Tensor4D;
    // At the original size, the rebuilt part matches the original's pool2 activations.
    const [pool2] = m.activations(x, ['pool2']);
    const same = m.withInputSize(28, 28).predict(x) as tf.Tensor;
    expect(tf.max(tf.abs(tf.sub(pool2!, same))).dataSync()[0]).toBeLessThan(1e-6);
    // Activations of a larger input come from the flexible copy; dense layers say why they can't.
    const [conv2] = tf.tidy(() => m.activations(tf.zeros([2, 40, 60, 1]), ['conv2']));
    expect(conv2!.shape).toEqual([2, 20, 30, 8]);
    expect(() => tf.tidy(() => m.activations(tf.zeros([1, 40, 60, 1]), ['dense']))).toThrow(/needs inputs of 28×28.*Flatten/);
    tf.dispose([x, pool2!, same, conv2!]);
  });

  it('first-layer filters of a greyscale model tile into a one-channel image', () => {
    const kernel = firstLayerFilters(m.model);
    expect(kernel.shape).toEqual([3, 3, 1, 4]);
    const grid = filterGrid(kernel, { columns: 3 });
    expect(grid.shape).toEqual([2 * 4 + 1, 3 * 4 + 1, 1]);
    // The sixth tile (row 2, column 3) has no filter: it is all background (white).
    const blank = grid.slice([5, 9, 0], [3, 3, 1]);
    expect(Array.from(blank.dataSync())).toEqual(new Array(9).fill(1));
    blank.dispose();
    tf.dispose([kernel, grid]);
  });

  it('dispose frees the model, its rebuilt copies and nothing else', async () => {
    const before = tf.memory().numTensors;
    const other = await load('book-cnn');
    const weights = tf.memory().numTensors - before;
    expect(weights).toBe(other.model.getWeights().length);
    other.withInputSize(null, null);
    const input = tf.zeros([1, 40, 40, 1]) as tf.Tensor4D;
    const [a] = other.activations(input, ['conv1']);
    tf.dispose([input, a!]);
    other.dispose();
    expect(tf.memory().numTensors).toBe(before);
    expect(() => other.withInputSize(10, 10)).toThrow(/disposed/);
    // The other wrapper's model is still usable.
    expect(await m.classify(tf.zeros([28, 28, 1]) as tf.Tensor3D, 1)).toHaveLength(1);
  });
});

describe('fromFiles (a small model saved to memory)', () => {
  it('loads model.json + sharded weights; extra files ignored; classes.json names the outputs', async () => {
    const classes = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine'];
    const own = await fromFiles([
      ...smallFiles,
      { name: 'notes.txt', bytes: new TextEncoder().encode('hello').buffer as ArrayBuffer },
      { name: 'classes.json', bytes: new TextEncoder().encode(JSON.stringify(classes)).buffer as ArrayBuffer },
    ]);
    expect(own.name).toBe('small_cnn');
    expect(own.classes).toEqual(classes);
    const top = await own.classify(tf.zeros([28, 28, 1]) as tf.Tensor3D, 2);
    expect(classes).toContain(top[0]!.label);
    own.dispose();
  });

  it('says clearly what is wrong', async () => {
    const json = smallFiles[0]!;
    const weights = smallFiles.slice(1);
    const text = (s: string) => new TextEncoder().encode(s).buffer as ArrayBuffer;

    const none = await errorOf(fromFiles(weights));
    expect(none.message).toMatch(/No model\.json among the chosen files \(group1-shard1of1\.bin, /);
    const keras = await errorOf(fromFiles([{ name: 'model.h5', bytes: new ArrayBuffer(8) }]));
    expect(keras.message).toMatch(/tensorflowjs_converter/);

    const invalid = await errorOf(fromFiles([{ name: 'model.json', bytes: text('{"modelTopology": ') }, ...weights]));
    expect(invalid.message).toMatch(/model\.json is not valid JSON/);

    const graph = await errorOf(
      fromFiles([{ name: 'model.json', bytes: text(JSON.stringify({ format: 'graph-model', modelTopology: { node: [] }, weightsManifest: [] })) }]),
    );
    expect(graph.message).toMatch(/graph model.*layers models only/);
    const graphNoFormat = await errorOf(
      fromFiles([{ name: 'model.json', bytes: text(JSON.stringify({ modelTopology: { node: [], versions: {} }, weightsManifest: [] })) }]),
    );
    expect(graphNoFormat.message).toMatch(/graph model/);
    const notModel = await errorOf(fromFiles([{ name: 'model.json', bytes: text('{"hello": 1}') }]));
    expect(notModel.message).toMatch(/no "modelTopology"/);

    const missing = await errorOf(fromFiles([json, weights[0]!, weights[2]!]));
    expect(missing.message).toMatch(/needs a weight file that was not chosen: group2-shard1of2\.bin/);

    const short = await errorOf(fromFiles([json, weights[0]!, weights[1]!, { name: weights[2]!.name, bytes: weights[2]!.bytes.slice(4) }]));
    expect(short.message).toMatch(/Weight files group2-shard1of2\.bin, group2-shard2of2\.bin hold (\d+) bytes, but model\.json expects (\d+) bytes/);
    const [, got, expected] = /hold (\d+) bytes, but model\.json expects (\d+)/.exec(short.message)!;
    expect(Number(expected) - Number(got)).toBe(4);

    const topology = JSON.parse(new TextDecoder().decode(json.bytes)) as { modelTopology: { config: { layers: Array<{ class_name: string }> } } };
    topology.modelTopology.config.layers[1]!.class_name = 'MyCustomLayer';
    const custom = await errorOf(fromFiles([{ name: 'model.json', bytes: text(JSON.stringify(topology)) }, ...weights]));
    expect(custom.message).toMatch(/Could not build the model from model\.json: .*MyCustomLayer/);
  });
});

describe('the real book CNN (public/models/book-cnn)', () => {
  it('loads and classifies MNIST test digits', async () => {
    setSink(testSink().sink);
    const m = await load('book-cnn');
    expect(m.inputSize).toEqual([28, 28, 1]);
    expect(m.classes).toHaveLength(10);
    // Its convolutional part runs at other sizes and stops before Flatten.
    const big = m.withInputSize(56, 56);
    expect(big.outputs[0]!.shape).toHaveLength(4);
    expect(big.layers.map((l) => l.getClassName())).not.toContain('Flatten');
    expect(['Conv2D', 'MaxPooling2D', 'AveragePooling2D']).toContain(big.layers.at(-1)!.getClassName());
    const images = gunzipSync(readFileSync(join(PUBLIC_DIR, 'data/mnist/images.u8.gz')));
    const labels = readFileSync(join(PUBLIC_DIR, 'data/mnist/labels.u8'));
    const meta = JSON.parse(readFileSync(join(PUBLIC_DIR, 'data/mnist/meta.json'), 'utf8')) as { splits: { test: { offset: number } } };
    const n = 50;
    let correct = 0;
    for (let k = 0; k < n; k++) {
      const i = meta.splits.test.offset + k;
      const pixels = Float32Array.from(images.subarray(i * 784, (i + 1) * 784), (v) => v / 255);
      const digit = tf.tensor3d(pixels, [28, 28, 1]);
      const [best] = await m.classify(digit, 1);
      if (best!.index === labels[i]) correct++;
      digit.dispose();
    }
    console.log(`[models.test] book CNN: ${correct}/${n} MNIST test digits right`);
    expect(correct / n).toBeGreaterThanOrEqual(0.8);
    m.dispose();
  });
});
