/**
 * Train the book's small MNIST CNN in Node on the WASM backend and write it as a TF.js layers
 * model with its provenance.
 *
 *   npm run train                                  # = npx tsx scripts/train-book-cnn.ts
 *   npx tsx scripts/train-book-cnn.ts --epochs 2 --limit 512 --out /tmp/cnn
 *
 * Flags: --epochs N (default 15), --limit N (train on the first N training examples),
 *        --out DIR (default public/models/book-cnn), --batch N (default 64), --seed N.
 *
 * Everything random is seeded: weight initialisers, the per-epoch shuffle, the augmentation
 * (small random rotations, scalings and shifts, done in JS on the uint8 pixels) and the dropout
 * masks (the Dropout layer's seed is advanced every step; a fixed seed would give the same mask
 * every step). Validation and test accuracy are reported after every epoch; neither steers
 * training (fixed epochs and schedule, the last epoch's weights are saved).
 *
 * Output (DIR): model.json + weights.bin (a tf.loadLayersModel-compatible pair) and
 * provenance.json. tfjs-node is not available, so the files are written by a custom save handler.
 */
import * as tf from '@tensorflow/tfjs';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { initBackend } from '../playground/runtime/backends.ts';
import { data, shuffledIndices, type Mnist } from '../playground/runtime/data.ts';
import { prettyJson } from './pretty-json.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const DEFAULT_OUT_DIR = join(ROOT, 'public', 'models', 'book-cnn');

export interface TrainOptions {
  epochs?: number;
  /** Train on the first n training examples only (quick checks). */
  limit?: number;
  outDir?: string;
  batchSize?: number;
  seed?: number;
  /** Peak Adam learning rate (after a one-epoch warm-up; cosine decay to 2 % of it). */
  learningRate?: number;
  /** Random affine augmentation of the training images (default on). */
  augment?: boolean;
  /** Write the model and provenance (default true). */
  save?: boolean;
  /** Line logger (default console.log). */
  log?: (line: string) => void;
}

export interface EpochRecord {
  epoch: number;
  learningRate: number;
  loss: number;
  trainAccuracy: number;
  validationAccuracy: number;
  testAccuracy: number;
  seconds: number;
}

export interface LayerSummary {
  name: string;
  type: string;
  outputShape: Array<number | null>;
  params: number;
  config: string;
}

export interface TrainResult {
  validationAccuracy: number;
  testAccuracy: number;
  validationCorrect: number;
  testCorrect: number;
  paramCount: number;
  trainingSeconds: number;
  history: EpochRecord[];
  layers: LayerSummary[];
  outDir: string | null;
  files: Array<{ name: string; bytes: number }>;
  model: tf.LayersModel;
}

export { mulberry32 } from '../playground/runtime/random.ts';
import { mulberry32 } from '../playground/runtime/random.ts';

export const AUGMENTATION = {
  maxRotationDeg: 12,
  minScale: 0.9,
  maxScale: 1.1,
  maxShear: 0.15,
  maxShiftPx: 2.5,
} as const;

/**
 * Copy image `src` (28×28 uint8) into `out` at `outOffset` as floats 0..1, through a random
 * affine map about the centre (rotation, scale, shear, shift) with bilinear sampling; pixels
 * from outside the source are black.
 */
export function augmentInto(src: Uint8Array, srcOffset: number, out: Float32Array, outOffset: number, rand: () => number): void {
  const A = AUGMENTATION;
  const angle = ((rand() * 2 - 1) * A.maxRotationDeg * Math.PI) / 180;
  const scale = A.minScale + rand() * (A.maxScale - A.minScale);
  const shear = (rand() * 2 - 1) * A.maxShear;
  const tx = (rand() * 2 - 1) * A.maxShiftPx;
  const ty = (rand() * 2 - 1) * A.maxShiftPx;
  // Forward map M = R(angle) · [[1, shear], [0, 1]] · scale; sample with its inverse.
  const c = Math.cos(angle);
  const s = Math.sin(angle);
  const m00 = c * scale;
  const m01 = (c * shear - s) * scale;
  const m10 = s * scale;
  const m11 = (s * shear + c) * scale;
  const det = m00 * m11 - m01 * m10;
  const i00 = m11 / det;
  const i01 = -m01 / det;
  const i10 = -m10 / det;
  const i11 = m00 / det;
  const centre = 13.5;
  for (let y = 0; y < 28; y++) {
    for (let x = 0; x < 28; x++) {
      const dx = x - centre - tx;
      const dy = y - centre - ty;
      const sx = i00 * dx + i01 * dy + centre;
      const sy = i10 * dx + i11 * dy + centre;
      const x0 = Math.floor(sx);
      const y0 = Math.floor(sy);
      const fx = sx - x0;
      const fy = sy - y0;
      let v = 0;
      if (x0 >= -1 && x0 < 28 && y0 >= -1 && y0 < 28) {
        const p = (yy: number, xx: number) => (yy >= 0 && yy < 28 && xx >= 0 && xx < 28 ? src[srcOffset + yy * 28 + xx]! : 0);
        v = (1 - fy) * ((1 - fx) * p(y0, x0) + fx * p(y0, x0 + 1)) + fy * ((1 - fx) * p(y0 + 1, x0) + fx * p(y0 + 1, x0 + 1));
      }
      out[outOffset + y * 28 + x] = v / 255;
    }
  }
}

/**
 * conv1 20@5×5 → pool1 2×2 → conv2 50@5×5 → pool2 2×2 → flatten → dense1 128 → dropout 0.4 →
 * output 10 (softmax). A LeNet-style net: 'valid' convolutions, ReLU, He-normal kernels.
 *
 * Why not four 3×3 convolutions: when this net was chosen, TF.js 4.22's native WASM kernel for the
 * gradient with respect to a conv layer's input (Conv2DBackpropInput) ran ~8× slower than a
 * forward conv, so every conv layer after the first was expensive to train. wasm-kernels.ts now
 * replaces that kernel with a faster rewrite; the committed model keeps this architecture.
 */
export function buildBookCnn(seed: number): tf.Sequential {
  let k = 0;
  const init = () => tf.initializers.heNormal({ seed: seed + ++k });
  const model = tf.sequential({ name: 'book_cnn' });
  model.add(tf.layers.conv2d({ name: 'conv1', inputShape: [28, 28, 1], filters: 20, kernelSize: 5, activation: 'relu', kernelInitializer: init() }));
  model.add(tf.layers.maxPooling2d({ name: 'pool1', poolSize: 2 }));
  model.add(tf.layers.conv2d({ name: 'conv2', filters: 50, kernelSize: 5, activation: 'relu', kernelInitializer: init() }));
  model.add(tf.layers.maxPooling2d({ name: 'pool2', poolSize: 2 }));
  model.add(tf.layers.flatten({ name: 'flatten' }));
  model.add(tf.layers.dense({ name: 'dense1', units: 128, activation: 'relu', kernelInitializer: init() }));
  model.add(tf.layers.dropout({ name: 'dropout', rate: 0.4 }));
  model.add(
    tf.layers.dense({ name: 'output', units: 10, activation: 'softmax', kernelInitializer: tf.initializers.glorotUniform({ seed: seed + ++k }) }),
  );
  return model;
}

export function summarize(model: tf.LayersModel): LayerSummary[] {
  return model.layers.map((layer) => {
    const cfg = layer.getConfig() as Record<string, unknown>;
    const bits: string[] = [];
    if (cfg.filters != null) bits.push(`${cfg.filters} filters ${(cfg.kernelSize as number[]).join('×')}`);
    if (cfg.units != null) bits.push(`${cfg.units} units`);
    if (cfg.poolSize != null) bits.push(`max ${(cfg.poolSize as number[]).join('×')}`);
    if (cfg.rate != null) bits.push(`rate ${cfg.rate}`);
    if (cfg.activation != null && cfg.activation !== 'linear') bits.push(String(cfg.activation));
    if (cfg.padding != null) bits.push(String(cfg.padding));
    const shape = layer.outputShape as Array<number | null>;
    return { name: layer.name, type: layer.getClassName(), outputShape: shape, params: layer.countParams(), config: bits.join(', ') };
  });
}

/** Number of correct predictions of `model` on (xs, labels), in chunks. */
export function countCorrect(model: tf.LayersModel, xs: tf.Tensor4D, labels: Int32Array, chunk = 250): number {
  let correct = 0;
  for (let start = 0; start < labels.length; start += chunk) {
    const size = Math.min(chunk, labels.length - start);
    const pred = tf.tidy(() => tf.argMax(model.predict(tf.slice(xs, start, size)) as tf.Tensor2D, 1).dataSync());
    for (let i = 0; i < size; i++) if (pred[i] === labels[start + i]) correct++;
  }
  return correct;
}

/** Write model.json + weights.bin into dir (Node; tfjs-node's file:// handler is not available). */
export async function saveModelToDir(model: tf.LayersModel, dir: string): Promise<Array<{ name: string; bytes: number }>> {
  mkdirSync(dir, { recursive: true });
  const files: Array<{ name: string; bytes: number }> = [];
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      const weights = new Uint8Array(tf.io.CompositeArrayBuffer.join(artifacts.weightData ?? new ArrayBuffer(0)));
      const modelJson = {
        format: 'layers-model',
        generatedBy: `TensorFlow.js tfjs-layers v${tf.version_layers}`,
        convertedBy: null,
        modelTopology: artifacts.modelTopology,
        weightsManifest: [{ paths: ['weights.bin'], weights: artifacts.weightSpecs ?? [] }],
      };
      const text = JSON.stringify(modelJson);
      writeFileSync(join(dir, 'model.json'), text);
      writeFileSync(join(dir, 'weights.bin'), weights);
      files.push({ name: 'model.json', bytes: Buffer.byteLength(text) }, { name: 'weights.bin', bytes: weights.byteLength });
      return { modelArtifactsInfo: tf.io.getModelArtifactsInfoForJSON(artifacts) };
    }),
  );
  return files;
}

/** Load a layers model written by saveModelToDir (or any model.json + local shards) from disk. */
export async function loadModelFromDir(dir: string): Promise<tf.LayersModel> {
  const json = JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8')) as tf.io.ModelJSON;
  const weightSpecs = json.weightsManifest.flatMap((g) => g.weights);
  const shards = json.weightsManifest.flatMap((g) => g.paths.map((p) => readFileSync(join(dir, p))));
  const weightData = tf.io.CompositeArrayBuffer.join(shards.map((b) => b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer));
  return tf.loadLayersModel(tf.io.fromMemory({ modelTopology: json.modelTopology, weightSpecs, weightData, format: json.format }));
}

/** Learning rate for a 1-based epoch: a third of the peak for epoch 1 (warm-up), then cosine decay to 2 %. */
export function learningRateAt(epoch: number, epochs: number, peak: number): number {
  if (epochs <= 1) return peak;
  if (epoch === 1) return peak / 3;
  const t = (epoch - 2) / Math.max(1, epochs - 2);
  return peak * (0.02 + 0.98 * 0.5 * (1 + Math.cos(Math.PI * t)));
}

/** Train, evaluate and (by default) save the book CNN. */
export async function trainBookCnn(options: TrainOptions = {}): Promise<TrainResult> {
  const epochs = options.epochs ?? 15;
  const batchSize = options.batchSize ?? 64;
  const seed = options.seed ?? 1234;
  const peakLr = options.learningRate ?? 2e-3;
  const augment = options.augment ?? true;
  const log = options.log ?? ((line: string) => console.log(line));

  const backend = await initBackend('wasm', { onNotice: (m) => log(m) });
  if (backend !== 'wasm') throw new Error(`The WASM backend did not start (got ${backend})`);

  const mnist: Mnist = await data.mnist({ trainLimit: options.limit, progress: false });
  const n = mnist.train.count;
  const pixels = mnist.train.pixels;
  const trainLabels = mnist.train.labels;

  const model = buildBookCnn(seed);
  const optimizer = tf.train.adam(peakLr);
  model.compile({ optimizer, loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
  const dropoutLayers = model.layers.filter((l) => l.getClassName() === 'Dropout') as unknown as Array<{ seed?: number }>;
  const paramCount = model.countParams();
  log(`Book CNN: ${paramCount} parameters; training on ${n} images, ${epochs} epochs, batch ${batchSize}, seed ${seed}, backend ${tf.getBackend()}`);

  const history: EpochRecord[] = [];
  const rand = mulberry32(seed ^ 0x5eed);
  const started = Date.now();
  const cpuStart = process.cpuUsage();
  let step = 0;
  for (let epoch = 1; epoch <= epochs; epoch++) {
    const epochStart = Date.now();
    const lr = learningRateAt(epoch, epochs, peakLr);
    (optimizer as unknown as { learningRate: number }).learningRate = lr;
    const order = shuffledIndices(n, seed * 1000 + epoch);
    let lossSum = 0;
    let accSum = 0;
    let seen = 0;
    for (let start = 0; start < n; start += batchSize) {
      const size = Math.min(batchSize, n - start);
      const xsData = new Float32Array(size * 784);
      const labels = new Int32Array(size);
      for (let i = 0; i < size; i++) {
        const src = order[start + i]!;
        labels[i] = trainLabels[src]!;
        if (augment) augmentInto(pixels, src * 784, xsData, i * 784, rand);
        else for (let p = 0; p < 784; p++) xsData[i * 784 + p] = pixels[src * 784 + p]! / 255;
      }
      const xs = tf.tensor4d(xsData, [size, 28, 28, 1]);
      const ys = tf.tidy(() => tf.cast(tf.oneHot(tf.tensor1d(labels, 'int32'), 10), 'float32'));
      for (const d of dropoutLayers) d.seed = (seed * 7919 + ++step) >>> 0;
      const [loss, acc] = (await model.trainOnBatch(xs, ys)) as [number, number];
      tf.dispose([xs, ys]);
      lossSum += loss * size;
      accSum += acc * size;
      seen += size;
    }
    const valCorrect = countCorrect(model, mnist.validation.xs, mnist.validation.labels);
    const testCorrect = countCorrect(model, mnist.test.xs, mnist.test.labels);
    const record: EpochRecord = {
      epoch,
      learningRate: +lr.toPrecision(4),
      loss: +(lossSum / seen).toFixed(4),
      trainAccuracy: +(accSum / seen).toFixed(4),
      validationAccuracy: valCorrect / mnist.validation.count,
      testAccuracy: testCorrect / mnist.test.count,
      seconds: +((Date.now() - epochStart) / 1000).toFixed(1),
    };
    history.push(record);
    log(
      `epoch ${epoch}/${epochs}  lr ${record.learningRate}  loss ${record.loss.toFixed(4)}  train ${(100 * record.trainAccuracy).toFixed(2)}%  ` +
        `val ${(100 * record.validationAccuracy).toFixed(1)}%  test ${(100 * record.testAccuracy).toFixed(1)}%  (${record.seconds}s)`,
    );
  }
  const trainingSeconds = +((Date.now() - started) / 1000).toFixed(1);
  const cpu = process.cpuUsage(cpuStart);
  const trainingCpuSeconds = +((cpu.user + cpu.system) / 1e6).toFixed(1);
  for (const d of dropoutLayers) d.seed = undefined; // keep the saved config free of the step seed

  const validationCorrect = countCorrect(model, mnist.validation.xs, mnist.validation.labels);
  const testCorrect = countCorrect(model, mnist.test.xs, mnist.test.labels);
  const validationAccuracy = validationCorrect / mnist.validation.count;
  const testAccuracy = testCorrect / mnist.test.count;
  log(
    `Final: validation ${(100 * validationAccuracy).toFixed(1)}% (${validationCorrect}/${mnist.validation.count}), ` +
      `test ${(100 * testAccuracy).toFixed(1)}% (${testCorrect}/${mnist.test.count}); ${trainingSeconds}s of training (${trainingCpuSeconds}s CPU)`,
  );

  const layers = summarize(model);
  let files: Array<{ name: string; bytes: number }> = [];
  let outDir: string | null = null;
  if (options.save ?? true) {
    outDir = resolve(options.outDir ?? DEFAULT_OUT_DIR);
    files = await saveModelToDir(model, outDir);
    const provenance = {
      model: 'book-cnn',
      description: "Small CNN trained on the book's 8,000-image MNIST training split (public/data/mnist), for the first playgrounds.",
      script: 'scripts/train-book-cnn.ts',
      command: `npx tsx scripts/train-book-cnn.ts --epochs ${epochs}${options.limit != null ? ` --limit ${options.limit}` : ''} --batch ${batchSize} --seed ${seed}`,
      seed,
      epochs,
      batchSize,
      trainExamples: n,
      optimizer: { name: 'adam', peakLearningRate: peakLr, schedule: 'epoch 1 at peak/3, then cosine decay per epoch to 2% of peak' },
      loss: 'categoricalCrossentropy',
      augmentation: augment ? { ...AUGMENTATION, sampling: 'bilinear affine about the centre, per image, seeded' } : null,
      data: {
        asset: 'data/mnist',
        source: `${mnist.meta.source.package}@${mnist.meta.source.version} (${mnist.meta.source.license})`,
        splitSeed: mnist.meta.seed,
        imagesSha256: mnist.meta.files.images.sha256,
        labelsSha256: mnist.meta.files.labels.sha256,
      },
      architectureSummary: layers.map((l) => (l.config ? `${l.name} (${l.config})` : l.name)).join(' → '),
      architecture: layers,
      paramCount,
      validationAccuracy,
      validationCorrect,
      validationCount: mnist.validation.count,
      testAccuracy,
      testCorrect,
      testCount: mnist.test.count,
      history,
      trainingSeconds,
      trainingCpuSeconds,
      date: new Date().toISOString(),
      tfjsVersion: tf.version.tfjs,
      backend: tf.getBackend(),
      node: process.version,
      files,
    };
    const text = prettyJson(provenance);
    writeFileSync(join(outDir, 'provenance.json'), text);
    files.push({ name: 'provenance.json', bytes: Buffer.byteLength(text) });
    log(`Wrote ${relative(process.cwd(), outDir) || '.'}: ${files.map((f) => `${f.name} ${(f.bytes / 1024).toFixed(1)} KiB`).join(', ')}`);
  }
  mnist.dispose();
  return { validationAccuracy, testAccuracy, validationCorrect, testCorrect, paramCount, trainingSeconds, history, layers, outDir, files, model };
}

function parseArgs(argv: string[]): TrainOptions {
  const opts: TrainOptions = {};
  const num = (flag: string, v: string | undefined) => {
    const x = Number(v);
    if (v === undefined || !Number.isFinite(x)) throw new Error(`${flag} needs a number`);
    return x;
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--epochs') opts.epochs = num(a, argv[++i]);
    else if (a === '--limit') opts.limit = num(a, argv[++i]);
    else if (a === '--batch') opts.batchSize = num(a, argv[++i]);
    else if (a === '--seed') opts.seed = num(a, argv[++i]);
    else if (a === '--lr') opts.learningRate = num(a, argv[++i]);
    else if (a === '--no-augment') opts.augment = false;
    else if (a === '--out') {
      const v = argv[++i];
      if (!v) throw new Error('--out needs a directory');
      opts.outDir = v;
    } else throw new Error(`Unknown flag ${a} (use --epochs N, --limit N, --out DIR, --batch N, --seed N, --lr X, --no-augment)`);
  }
  return opts;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  trainBookCnn(parseArgs(process.argv.slice(2))).then(
    () => process.exit(0),
    (e: unknown) => {
      console.error(e instanceof Error ? (e.stack ?? e.message) : e);
      process.exit(1);
    },
  );
}
