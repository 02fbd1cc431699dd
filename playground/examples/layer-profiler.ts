// Which layers take the time when a network learns? We time the forward and the backward pass of
// every layer, on this device and the backend the page uses, and set each time beside what
// arithmetic predicts: multiply-adds, parameters, and the activations kept for the backward pass.
import * as tf from '@tensorflow/tfjs';
import { backends, log, nextFrame, param, plot, progress, table } from 'playground';

const which = param('network', 'both');
const batch = Number(param('batch', '32'));
const rounds = param('rounds', 5);
const seed = param('seed', 1);

// ---- the networks, layer by layer (ReLU and pooling are layers of their own here) -------------
type Layer =
  | { name: string; kind: 'conv'; filters: number; kernel: number; padding: 'valid' | 'same' }
  | { name: string; kind: 'relu' }
  | { name: string; kind: 'pool'; size: number }
  | { name: string; kind: 'dense'; units: number }; // flattens whatever arrives
interface Net {
  name: string;
  input: [number, number, number];
  layers: Layer[];
}

const conv = (name: string, filters: number, kernel: number, padding: 'valid' | 'same'): Layer => ({ name, kind: 'conv', filters, kernel, padding });
const relu = (name: string): Layer => ({ name, kind: 'relu' });
const pool = (name: string): Layer => ({ name, kind: 'pool', size: 2 });
const dense = (name: string, units: number): Layer => ({ name, kind: 'dense', units });

// The book's MNIST CNN: two 5×5 convolutions and two dense layers.
const BOOK_CNN: Net = {
  name: 'book CNN',
  input: [28, 28, 1],
  layers: [conv('conv1', 20, 5, 'valid'), relu('relu1'), pool('pool1'), conv('conv2', 50, 5, 'valid'), relu('relu2'), pool('pool2'), dense('dense1', 128), relu('relu3'), dense('dense2', 10)],
};
// A small network in the style of VGG: pairs of 3×3 convolutions, channels doubling as maps halve.
const SMALL_VGG: Net = {
  name: 'small VGG',
  input: [32, 32, 3],
  layers: [
    ...[conv('conv1', 16, 3, 'same'), relu('relu1'), conv('conv2', 16, 3, 'same'), relu('relu2'), pool('pool1')],
    ...[conv('conv3', 32, 3, 'same'), relu('relu3'), conv('conv4', 32, 3, 'same'), relu('relu4'), pool('pool2')],
    ...[conv('conv5', 64, 3, 'same'), relu('relu5'), pool('pool3'), dense('dense1', 128), relu('relu6'), dense('dense2', 10)],
  ],
};

// ---- arithmetic: what each layer must compute for one image -------------------------------------
interface Cost {
  output: number[];
  params: number;
  /** Multiply-adds of the forward pass. */
  macs: number;
  /** Multiply-adds of the backward pass: gradient of the weights, and of the input unless it is the image. */
  backwardMacs: number;
  /** Values the layer produces, which training keeps until the backward pass has used them. */
  activations: number;
}

function count(net: Net): Cost[] {
  let [h, w, c] = net.input;
  let shape: number[] = [...net.input]; // what the previous layer output
  return net.layers.map((layer, i) => {
    const first = i === 0;
    if (layer.kind === 'conv') {
      const k = layer.kernel;
      if (layer.padding === 'valid') [h, w] = [h - k + 1, w - k + 1];
      const macs = h * w * layer.filters * k * k * c; // every output value: a k×k×C_in dot product
      const params = k * k * c * layer.filters + layer.filters;
      c = layer.filters;
      shape = [h, w, c];
      return { output: shape, params, macs, backwardMacs: first ? macs : 2 * macs, activations: h * w * c };
    }
    if (layer.kind === 'dense') {
      const inputs = h * w * c;
      [h, w, c] = [1, 1, layer.units];
      shape = [layer.units];
      const macs = inputs * layer.units;
      return { output: [layer.units], params: macs + layer.units, macs, backwardMacs: first ? macs : 2 * macs, activations: layer.units };
    }
    // ReLU and pooling have no weights and do a comparison or two per value: no multiply-adds.
    if (layer.kind === 'relu') return { output: [...shape], params: 0, macs: 0, backwardMacs: 0, activations: h * w * c };
    [h, w] = [Math.floor(h / layer.size), Math.floor(w / layer.size)];
    shape = [h, w, c];
    return { output: shape, params: 0, macs: 0, backwardMacs: 0, activations: h * w * c };
  });
}

// ---- the same layers as TF.js operations, with He-initialised weights ---------------------------
interface Built {
  weights: tf.Variable[];
  apply: (x: tf.Tensor, weights: tf.Tensor[]) => tf.Tensor;
}

function build(layer: Layer, inputShape: number[], layerSeed: number): Built {
  const variable = (shape: number[], fanIn: number) => tf.tidy(() => tf.variable(tf.randomNormal(shape, 0, Math.sqrt(2 / fanIn), 'float32', layerSeed)));
  const zeros = (n: number) => tf.tidy(() => tf.variable(tf.zeros([n])));
  switch (layer.kind) {
    case 'conv': {
      const c = inputShape[3]!;
      const fanIn = layer.kernel * layer.kernel * c;
      const weights = [variable([layer.kernel, layer.kernel, c, layer.filters], fanIn), zeros(layer.filters)];
      return { weights, apply: (x, [k, b]) => tf.add(tf.conv2d(x as tf.Tensor4D, k as tf.Tensor4D, 1, layer.padding), b!) };
    }
    case 'dense': {
      const inputs = inputShape.slice(1).reduce((a, b) => a * b, 1);
      const weights = [variable([inputs, layer.units], inputs), zeros(layer.units)];
      return { weights, apply: (x, [k, b]) => tf.add(tf.matMul(tf.reshape(x, [x.shape[0]!, inputs]), k as tf.Tensor2D), b!) };
    }
    case 'pool':
      return { weights: [], apply: (x) => tf.maxPool(x as tf.Tensor4D, layer.size, layer.size, 'valid') };
    case 'relu':
      return { weights: [], apply: (x) => tf.relu(x) };
  }
}

/** Wait until the backend has really computed `t` (GPU backends queue work and return at once). */
async function settle(t: tf.Tensor): Promise<void> {
  const probe = tf.tidy(() => tf.slice(tf.reshape(t, [-1]), 0, 1));
  await probe.data();
  probe.dispose();
}

/** Milliseconds per call of `run`, averaged over `reps` calls queued back to back. */
async function msPerCall(run: () => tf.Tensor[], reps: number): Promise<number> {
  const start = performance.now();
  let last: tf.Tensor[] = [];
  for (let r = 0; r < reps; r++) {
    tf.dispose(last);
    last = run();
  }
  await settle(last[0]!);
  const ms = (performance.now() - start) / reps;
  tf.dispose(last);
  return ms;
}

interface Timing {
  forwardMs: number;
  backwardMs: number;
}

/**
 * Forward: the layer alone on its real input. Backward: tf.grads of the layer, handed a random
 * upstream gradient `dy` as the layer above would send it; tf.grads runs the forward pass again
 * to record it, so backward time = (forward + backward) − forward. Each is the fastest of
 * `rounds` rounds, because other programs on the machine only ever make a round slower.
 */
async function timeLayer(layer: Built, x: tf.Tensor, first: boolean): Promise<Timing> {
  const dy = tf.tidy(() => tf.randomNormal(layer.apply(x, layer.weights).shape, 0, 1, 'float32', seed));
  const forward = () => [tf.tidy(() => layer.apply(x, layer.weights))];
  // The image needs no gradient: training never changes it, so the first layer skips it.
  const gradient = first ? tf.grads((...w: tf.Tensor[]) => layer.apply(x, w)) : tf.grads((input: tf.Tensor, ...w: tf.Tensor[]) => layer.apply(input, w));
  const backward = () => (first ? gradient(layer.weights, dy) : gradient([x, ...layer.weights], dy));
  // Warm up (GPU backends compile shaders here), then queue enough calls for ≥ 20 ms a round.
  await msPerCall(backward, 1);
  const reps = Math.min(50, Math.max(1, Math.ceil(20 / Math.max(0.05, await msPerCall(backward, 1)))));
  let [forwardMs, bothMs] = [Infinity, Infinity];
  for (let r = 0; r < rounds; r++) {
    forwardMs = Math.min(forwardMs, await msPerCall(forward, reps));
    bothMs = Math.min(bothMs, await msPerCall(backward, reps));
    await nextFrame();
  }
  dy.dispose();
  return { forwardMs, backwardMs: Math.max(0, bothMs - forwardMs) };
}

// ---- run: every layer of each network, on a batch of random images ------------------------------
const nets = which === 'both' ? [BOOK_CNN, SMALL_VGG] : which === 'book-cnn' ? [BOOK_CNN] : [SMALL_VGG];
log(`Backend: ${backends.current()}. Batch of ${batch} random images; each time is the fastest of ${rounds} rounds.`);
const totalLayers = nets.reduce((n, net) => n + net.layers.length, 0);
const bar = progress('Timing layers', totalLayers);
let done = 0;
const pct = (part: number, whole: number) => (whole > 0 ? (100 * part) / whole : 0);
const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

for (const net of nets) {
  const costs = count(net);
  const timings: Timing[] = [];
  let x: tf.Tensor = tf.randomNormal([batch, ...net.input], 0, 1, 'float32', seed);
  for (const [i, layer] of net.layers.entries()) {
    const built = build(layer, x.shape, seed + i);
    timings.push(await timeLayer(built, x, i === 0));
    const next = tf.tidy(() => built.apply(x, built.weights)); // this layer's output feeds the next
    x.dispose();
    x = next;
    tf.dispose(built.weights);
    bar.set(++done);
  }
  x.dispose();

  const names = net.layers.map((l) => l.name);
  table(
    net.layers.map((l, i) => ({
      layer: l.name,
      output: costs[i]!.output.join('×'),
      parameters: costs[i]!.params,
      'multiply-adds / image': costs[i]!.macs,
      'activations kept / image': costs[i]!.activations,
      'forward ms': timings[i]!.forwardMs.toFixed(3),
      'backward ms': timings[i]!.backwardMs.toFixed(3),
    })),
    `${net.name}: per layer, batch of ${batch} on ${backends.current()}`,
  );
  plot.bars(
    `Time per layer, ${net.name} (ms per batch of ${batch})`,
    { categories: names, series: { forward: timings.map((t) => t.forwardMs), backward: timings.map((t) => t.backwardMs) } },
    { yLabel: 'ms', compare: true, description: `Forward and backward milliseconds of each layer of the ${net.name} on ${backends.current()}.` },
  );

  // Shares of the whole: measured time beside the arithmetic that should explain it.
  const time = timings.map((t) => t.forwardMs + t.backwardMs);
  const work = costs.map((c) => c.macs + c.backwardMacs);
  const share = (xs: number[]) => xs.map((v) => pct(v, sum(xs)));
  plot.bars(
    `Share of each layer, ${net.name} (% of the network's total)`,
    {
      categories: names,
      series: {
        'time (forward + backward)': share(time),
        'multiply-adds (forward + backward)': share(work),
        parameters: share(costs.map((c) => c.params)),
        'activations kept': share(costs.map((c) => c.activations)),
      },
    },
    { yLabel: '%', description: `Per layer of the ${net.name}: its share of measured time, of multiply-adds, of parameters and of stored activations.` },
  );

  const kinds = ['conv', 'relu', 'pool', 'dense'] as const;
  const byKind = (xs: number[]) => kinds.map((k) => pct(sum(xs.filter((_, i) => net.layers[i]!.kind === k)), sum(xs)));
  const timeShare = byKind(time);
  const workShare = byKind(work);
  plot.bars(
    `By layer type, ${net.name} (% of the total)`,
    { categories: [...kinds], series: { time: timeShare, 'multiply-adds': workShare, parameters: byKind(costs.map((c) => c.params)) } },
    { yLabel: '%', description: `Share of time, multiply-adds and parameters of convolutional, ReLU, pooling and dense layers in the ${net.name}.` },
  );

  const forward = sum(timings.map((t) => t.forwardMs));
  const backward = sum(timings.map((t) => t.backwardMs));
  log(
    `${net.name}: forward ${forward.toFixed(2)} ms, backward ${backward.toFixed(2)} ms per batch (backward/forward = ${(backward / forward).toFixed(1)}; ` +
      `arithmetic alone predicts ${(sum(costs.map((c) => c.backwardMacs)) / sum(costs.map((c) => c.macs))).toFixed(1)}). ` +
      `Convolutions: ${workShare[0]!.toFixed(1)} % of the multiply-adds, ${timeShare[0]!.toFixed(1)} % of the time; ` +
      `ReLU and pooling: 0 % of the multiply-adds, ${(timeShare[1]! + timeShare[2]!).toFixed(1)} % of the time; ` +
      `dense layers: ${byKind(costs.map((c) => c.params))[3]!.toFixed(1)} % of the parameters.`,
  );
}
