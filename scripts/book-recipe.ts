/**
 * The book CNN's training recipe, in plain TF.js: the network, the augmentation, the learning-rate
 * schedule and the epoch loop. No Node and no page APIs, so the same code trains the committed
 * model in Node (scripts/train-book-cnn.ts, which adds saving and provenance) and runs inside the
 * playground for bench:train's time to 98 % in the browser (bundled by scripts/bench-train/browser-recipe.ts).
 */
import * as tf from '@tensorflow/tfjs';
import type { Mnist } from '../playground/runtime/data.ts';
import { mulberry32, shuffledIndices } from '../playground/runtime/random.ts';

export interface EpochRecord {
  epoch: number;
  learningRate: number;
  loss: number;
  trainAccuracy: number;
  validationAccuracy: number;
  testAccuracy: number;
  seconds: number;
}

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

/** Learning rate for a 1-based epoch: a third of the peak for epoch 1 (warm-up), then cosine decay to 2 %. */
export function learningRateAt(epoch: number, epochs: number, peak: number): number {
  if (epochs <= 1) return peak;
  if (epoch === 1) return peak / 3;
  const t = (epoch - 2) / Math.max(1, epochs - 2);
  return peak * (0.02 + 0.98 * 0.5 * (1 + Math.cos(Math.PI * t)));
}

export interface RecipeOptions {
  epochs?: number;
  batchSize?: number;
  seed?: number;
  /** Peak Adam learning rate (after a one-epoch warm-up; cosine decay to 2 % of it). */
  learningRate?: number;
  /** Random affine augmentation of the training images (default on). */
  augment?: boolean;
  /** Line logger (default: none). */
  log?: (line: string) => void;
  /** Called after every epoch's evaluation; returning true ends training there (bench:train's time to 98 %). */
  onEpoch?: (record: EpochRecord) => boolean | undefined;
}

/**
 * Train a fresh book CNN on `mnist` (train split), evaluating validation and test accuracy after
 * every epoch; neither steers training (fixed epochs and schedule, the last epoch's weights kept).
 */
export async function trainBookRecipe(mnist: Mnist, options: RecipeOptions = {}): Promise<{ model: tf.Sequential; history: EpochRecord[] }> {
  const epochs = options.epochs ?? 15;
  const batchSize = options.batchSize ?? 64;
  const seed = options.seed ?? 1234;
  const peakLr = options.learningRate ?? 2e-3;
  const augment = options.augment ?? true;
  const log = options.log ?? (() => undefined);
  const n = mnist.train.count;
  const pixels = mnist.train.pixels;
  const trainLabels = mnist.train.labels;

  const model = buildBookCnn(seed);
  const optimizer = tf.train.adam(peakLr);
  model.compile({ optimizer, loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
  const dropoutLayers = model.layers.filter((l) => l.getClassName() === 'Dropout') as unknown as Array<{ seed?: number }>;
  log(
    `Book CNN: ${model.countParams()} parameters; training on ${n} images, ${epochs} epochs, batch ${batchSize}, seed ${seed}, backend ${tf.getBackend()}`,
  );

  const history: EpochRecord[] = [];
  const rand = mulberry32(seed ^ 0x5eed);
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
      // A fixed Dropout seed would draw the same mask every step: advance it, seeded.
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
    if (options.onEpoch?.(record)) break;
  }
  for (const d of dropoutLayers) d.seed = undefined; // keep the saved config free of the step seed
  optimizer.dispose();
  return { model, history };
}
