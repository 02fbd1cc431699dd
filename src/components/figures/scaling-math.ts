/**
 * The computation behind chapter 6's double-descent figure, run at build time: a network with one
 * hidden layer of p ReLU units whose input weights are frozen at random (random features, the kind
 * of model in which Belkin et al. showed double descent), and whose output weights
 * are fitted by least squares to n noisy samples of a smooth curve. With p < n the fit is ordinary
 * least squares; with p ≥ n many weight vectors fit the samples exactly and we take the one of
 * smallest norm, as gradient descent from zero would. Plain doubles; the problems are tiny.
 */
import { solve } from './regularization-math.ts';

/** A small seeded generator (mulberry32) so that the figure is the same at every build. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Dimensions of the input. */
export const INPUT_DIMENSIONS = 3;

/** The function the samples come from: a smooth ridge along a fixed direction of the input. */
export function target(x: number[]): number {
  const along = x.reduce((s, v, i) => s + v * (i % 2 ? -1 : 1), 0) / Math.sqrt(x.length);
  return Math.sin(along);
}

export interface RandomFeatureOptions {
  /** Training samples. */
  n?: number;
  /** Numbers of hidden units to try. */
  widths?: number[];
  /** Independent draws of data and hidden units per width; the figure shows the median. */
  trials?: number;
  /** Standard deviation of the noise added to each training sample. */
  noise?: number;
  seed?: number;
}

export interface RandomFeatureCurve {
  n: number;
  trials: number;
  widths: number[];
  /** Median mean-squared error on the training samples, per width. */
  train: number[];
  /** Median mean-squared error against the noise-free function on 200 new inputs, per width. */
  test: number[];
}

const dot = (a: number[], b: number[]) => a.reduce((s, v, i) => s + v * b[i]!, 0);
const median = (values: number[]) => {
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};

/** Least-squares output weights; the minimum-norm solution once there are more units than samples. */
export function fitOutputWeights(features: number[][], y: number[]): number[] {
  const n = features.length;
  const p = features[0]!.length;
  const ridge = 1e-10; // only to keep the solver away from exact singularity
  if (p <= n) {
    const gram = Array.from({ length: p }, (_, i) =>
      Array.from({ length: p }, (_, j) => features.reduce((s, row) => s + row[i]! * row[j]!, 0) + (i === j ? ridge : 0)),
    );
    return solve(
      gram,
      Array.from({ length: p }, (_, i) => features.reduce((s, row, k) => s + row[i]! * y[k]!, 0)),
    );
  }
  const kernel = features.map((a, i) => features.map((b, j) => dot(a, b) + (i === j ? ridge : 0)));
  const alpha = solve(kernel, y);
  return Array.from({ length: p }, (_, j) => features.reduce((s, row, k) => s + row[j]! * alpha[k]!, 0));
}

/** Train and test error of random-ReLU-feature fits against the number of hidden units. */
export function randomFeatureCurve(options: RandomFeatureOptions = {}): RandomFeatureCurve {
  const {
    n = 40,
    widths = [...Array.from({ length: 60 }, (_, i) => i + 1), ...Array.from({ length: 34 }, (_, i) => 70 + 10 * i)],
    trials = 21,
    noise = 0.2,
    seed = 6,
  } = options;
  const rand = seededRandom(seed);
  const gauss = () => Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
  const point = () => Array.from({ length: INPUT_DIMENSIONS }, gauss);
  const testPoints = Array.from({ length: 200 }, point);
  const train: number[][] = widths.map(() => []);
  const test: number[][] = widths.map(() => []);
  for (let t = 0; t < trials; t++) {
    const xs = Array.from({ length: n }, point);
    const ys = xs.map((x) => target(x) + noise * gauss());
    const maxWidth = Math.max(...widths);
    // Each hidden unit is a ReLU of a random direction of the input plus a random bias, with input weights
    // scaled so that what the ReLU receives has about unit variance.
    const units = Array.from({ length: maxWidth }, () => ({ w: point().map((v) => v / Math.sqrt(INPUT_DIMENSIONS)), b: gauss() }));
    const featuresOf = (x: number[], p: number) => units.slice(0, p).map((u) => Math.max(0, dot(u.w, x) + u.b));
    const trainFeatures = xs.map((x) => featuresOf(x, maxWidth));
    const testFeatures = testPoints.map((x) => featuresOf(x, maxWidth));
    widths.forEach((p, w) => {
      const weights = fitOutputWeights(
        trainFeatures.map((f) => f.slice(0, p)),
        ys,
      );
      const predict = (f: number[]) => dot(f.slice(0, p), weights);
      train[w]!.push(trainFeatures.reduce((s, f, k) => s + (predict(f) - ys[k]!) ** 2, 0) / n);
      test[w]!.push(testFeatures.reduce((s, f, k) => s + (predict(f) - target(testPoints[k]!)) ** 2, 0) / testPoints.length);
    });
  }
  return { n, trials, widths, train: train.map(median), test: test.map(median) };
}
