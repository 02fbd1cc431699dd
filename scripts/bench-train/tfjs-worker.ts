/**
 * The project's runtime in Node for `npm run bench:train`: TF.js on the WASM backend with the
 * project's kernels (playground/runtime/backends.ts), the same calls the examples make.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../../playground/runtime/backends.ts';
import { data, type Mnist } from '../../playground/runtime/data.ts';
import { dream } from '../../playground/runtime/deepdream.ts';
import { generateImage } from '../../playground/runtime/images.ts';
import { fromFiles } from '../../playground/runtime/models.ts';
import { trainBookCnn } from '../train-book-cnn.ts';
import { buildNet } from '../train-nets.ts';
import { type Command, cpuSeconds, serve } from './protocol.ts';

let mnist: Mnist | null = null;

async function ready(): Promise<Mnist> {
  if ((await initBackend('wasm')) !== 'wasm') throw new Error('the WASM backend did not start');
  mnist ??= await data.mnist({ splits: ['train'], progress: false });
  return mnist;
}

async function train(net: 'book' | 'mnist', steps: number, batch: number) {
  const m = await ready();
  const model = buildNet(net, 1);
  const optimizer = tf.train.adam(1e-3);
  model.compile({ optimizer, loss: 'categoricalCrossentropy' });
  let epoch = 0;
  let batches = m.batches('train', batch, epoch);
  const step = async () => {
    let next = batches.next();
    if (next.done) {
      batches = m.batches('train', batch, ++epoch);
      next = batches.next();
    }
    if (next.done) throw new Error('no training data');
    await model.trainOnBatch(next.value.xs, next.value.ys);
    tf.dispose([next.value.xs, next.value.ys]);
  };
  for (let i = 0; i < 3; i++) await step();
  const cpu0 = cpuSeconds();
  const wall0 = performance.now();
  for (let i = 0; i < steps; i++) await step();
  const result = { steps, cpuSeconds: cpuSeconds() - cpu0, wallSeconds: (performance.now() - wall0) / 1000 };
  model.dispose();
  optimizer.dispose();
  return result;
}

async function matmul(size: number, reps: number) {
  await ready();
  const a = tf.randomNormal([size, size], 0, 1, 'float32', 1) as tf.Tensor2D;
  const b = tf.randomNormal([size, size], 0, 1, 'float32', 2) as tf.Tensor2D;
  const once = () => tf.tidy(() => tf.matMul(a, b)).dataSync();
  for (let i = 0; i < 2; i++) once();
  const cpu0 = cpuSeconds();
  for (let i = 0; i < reps; i++) once();
  const cpu = cpuSeconds() - cpu0;
  tf.dispose([a, b]);
  return { gflops: (2 * size ** 3 * reps) / cpu / 1e9, cpuSeconds: cpu };
}

async function deepDream(dir: string, octaves: number, stepsPerOctave: number, size: number) {
  await ready();
  const files = readdirSync(dir).map((name) => {
    const b = readFileSync(path.join(dir, name));
    return { name, bytes: b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer };
  });
  const loaded = await fromFiles(files);
  const net = loaded.withInputSize(null, null);
  const picture = generateImage('shapes', size);
  const cpu0 = cpuSeconds();
  const out = await dream(net, picture, { layer: 'leaky_re_lu_8', octaves, stepsPerOctave });
  await out.data();
  const cpu = cpuSeconds() - cpu0;
  tf.dispose([out, picture]);
  loaded.dispose();
  return { cpuSeconds: cpu };
}

/** The book recipe (scripts/train-book-cnn.ts) until the test accuracy reaches `target`. */
async function timeToAccuracy(seed: number, target: number, epochs: number) {
  await ready();
  const history: Array<{ epoch: number; testAccuracy: number; cpuSeconds: number }> = [];
  const cpu0 = cpuSeconds();
  const result = await trainBookCnn({
    seed,
    epochs,
    save: false,
    log: () => undefined,
    onEpoch: (record) => {
      history.push({ epoch: record.epoch, testAccuracy: record.testAccuracy, cpuSeconds: cpuSeconds() - cpu0 });
      return record.testAccuracy >= target;
    },
  });
  result.model.dispose();
  const last = history[history.length - 1];
  return { reached: (last?.testAccuracy ?? 0) >= target, epoch: last?.epoch ?? 0, cpuSeconds: last?.cpuSeconds ?? 0, history };
}

serve(async (c: Command) => {
  switch (c.cmd) {
    case 'info':
      await ready();
      return { tfjs: tf.version.tfjs, backend: tf.getBackend(), simd: tf.env().getBool('WASM_HAS_SIMD_SUPPORT'), node: process.version };
    case 'train':
      return train(c.net, c.steps, c.batch);
    case 'matmul':
      return matmul(c.size, c.reps);
    case 'dream':
      return deepDream(c.dir, c.octaves, c.steps, c.size);
    case 'tta':
      return timeToAccuracy(c.seed, c.target, c.epochs);
  }
});
