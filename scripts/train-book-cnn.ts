/**
 * Train the book's small MNIST CNN in Node on the WASM backend and write it as a TF.js layers
 * model with its provenance. The recipe (network, augmentation, schedule, loop) is book-recipe.ts.
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
import { data, type Mnist } from '../playground/runtime/data.ts';
import { AUGMENTATION, countCorrect, type EpochRecord, type RecipeOptions, trainBookRecipe } from './book-recipe.ts';
import { prettyJson } from './pretty-json.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const DEFAULT_OUT_DIR = join(ROOT, 'public', 'models', 'book-cnn');

export interface TrainOptions extends RecipeOptions {
  /** Train on the first n training examples only (quick checks). */
  limit?: number;
  outDir?: string;
  /** Write the model and provenance (default true). */
  save?: boolean;
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
  const started = Date.now();
  const cpuStart = process.cpuUsage();
  const { model, history } = await trainBookRecipe(mnist, { ...options, epochs, batchSize, seed, learningRate: peakLr, augment, log });
  const paramCount = model.countParams();
  const trainingSeconds = +((Date.now() - started) / 1000).toFixed(1);
  const cpu = process.cpuUsage(cpuStart);
  const trainingCpuSeconds = +((cpu.user + cpu.system) / 1e6).toFixed(1);

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
