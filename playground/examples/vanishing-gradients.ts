// How much learning signal reaches each layer? Backpropagation hands every layer a gradient: how
// the loss would change if that layer's weights changed. Here we measure its size (the norm) in
// every layer of a deep network, for four activations, first at initialisation and then while the
// networks train. Layer 1 sits next to the pixels; the last layer produces the ten digit scores.
import * as tf from '@tensorflow/tfjs';
import { chart, data, log, nextFrame, param, plot, progress, setSeed, table } from 'playground';

setSeed(param('seed', 1));
const DEPTH = Math.round(param('depth', 10)); // hidden layers
const WIDTH = Math.round(param('width', 64));
const INIT = param('init', 'matched'); // 'matched' | 'glorot' | 'he'
const STEPS = Math.round(param('steps', 100)); // training steps per network
const LEARNING_RATE = param('learningRate', 0.01); // SGD with momentum 0.9
const BATCH = 64;

const ACTIVATIONS: Record<string, (z: tf.Tensor) => tf.Tensor> = {
  sigmoid: (z) => tf.sigmoid(z),
  tanh: (z) => tf.tanh(z),
  relu: (z) => tf.relu(z),
  'leaky relu': (z) => tf.leakyRelu(z, 0.01),
};
const NAMES = Object.keys(ACTIVATIONS);
const LAYERS = DEPTH + 1; // hidden layers plus the output layer

// Data: 2,048 training digits as rows of 784 pixels, and a fixed probe batch of 256 of them on
// which every gradient below is measured (the same images for every network and every moment).
const mnist = await data.mnist({ splits: ['train'], trainLimit: 2048 });
const probeX = tf.tidy(() => mnist.train.xs.slice([0, 0, 0, 0], [256, 28, 28, 1]).reshape([256, 784]));
const probeY = mnist.train.ys.slice([0, 0], [256, 10]);

// The same uniform noise for every network, scaled by Glorot's rule (sigmoid, tanh) or He's (ReLUs).
const sizes = [784, ...Array<number>(DEPTH).fill(WIDTH), 10];
const noise = sizes.slice(1).map((fanOut, l) => tf.randomUniform([sizes[l]!, fanOut], -1, 1));
const usesHe = (name: string) => INIT === 'he' || (INIT === 'matched' && name.includes('relu'));

/** A variable holding `value` (the temporary tensor is freed). Each lab stands alone, so activation-race.ts has this helper too. */
function variableFrom(value: tf.Tensor, trainable = true): tf.Variable {
  const v = tf.variable(value, trainable);
  value.dispose();
  return v;
}

interface Net {
  name: string;
  weights: tf.Variable[];
  biases: tf.Variable[];
  velocity: tf.Variable[];
}

const nets: Net[] = NAMES.map((name) => {
  const weights = noise.map((u, l) => {
    const [fanIn, fanOut] = [sizes[l]!, sizes[l + 1]!];
    return variableFrom(tf.mul(u, usesHe(name) ? Math.sqrt(6 / fanIn) : Math.sqrt(6 / (fanIn + fanOut))));
  });
  const biases = sizes.slice(1).map((n) => variableFrom(tf.zeros([n])));
  const velocity = [...weights, ...biases].map((p) => variableFrom(tf.zerosLike(p), false));
  return { name, weights, biases, velocity };
});
tf.dispose(noise);

function loss(net: Net, x: tf.Tensor, y: tf.Tensor): tf.Scalar {
  const f = ACTIVATIONS[net.name]!;
  let h = x;
  net.weights.forEach((w, l) => {
    const z = tf.add(tf.matMul(h, w), net.biases[l]!);
    h = l < DEPTH ? f(z) : z;
  });
  return tf.losses.softmaxCrossEntropy(y, h) as tf.Scalar;
}

/** The gradient's norm (square root of the sum of squares) for each layer's weight matrix, on the probe batch. */
async function gradientNorms(net: Net): Promise<number[]> {
  const { value, grads } = tf.variableGrads(() => loss(net, probeX, probeY), net.weights);
  const norms = tf.tidy(() => tf.stack(net.weights.map((w) => tf.norm(grads[w.name]!))));
  const out = Array.from(await norms.data());
  tf.dispose([value, grads, norms]);
  return out;
}

/** One step of SGD with momentum 0.9 on a mini-batch. */
function trainStep(net: Net, x: tf.Tensor, y: tf.Tensor): void {
  const params = [...net.weights, ...net.biases];
  const { value, grads } = tf.variableGrads(() => loss(net, x, y), params);
  tf.tidy(() => {
    params.forEach((p, i) => {
      const v = net.velocity[i]!;
      v.assign(tf.add(tf.mul(v, 0.9), grads[p.name]!));
      p.assign(tf.sub(p, tf.mul(v, LEARNING_RATE)));
    });
  });
  tf.dispose([value, grads]);
}

const byLayer = (norms: number[]) => norms.map((g, l) => [l + 1, g] as [number, number]);
const layerAxis = { xLabel: 'layer (1 = next to the pixels)', yLabel: 'gradient norm', yScale: 'log' as const, compare: true };

// 1. At initialisation: one backward pass per network, nothing learned yet.
const atStart: Record<string, number[]> = {};
for (const net of nets) atStart[net.name] = await gradientNorms(net);
plot.lines('Gradient per layer at initialisation', Object.fromEntries(NAMES.map((n) => [n, byLayer(atStart[n]!)])), {
  ...layerAxis,
  description: 'Size of the loss gradient reaching each layer before any training, one line per activation, on a log scale.',
});

// 2. During training: each network trains for STEPS mini-batches; the first layer's gradient is
// measured on the probe batch every 5 steps.
const firstLayer = chart('Gradient reaching layer 1 during training', {
  series: NAMES,
  xLabel: 'step',
  yLabel: 'gradient norm, layer 1',
  yScale: 'log',
  compare: true,
  description: 'Size of the gradient of the layer next to the pixels while each network trains.',
});
const bar = progress(`Training ${NAMES.length} networks, ${STEPS} steps each`, NAMES.length * STEPS);
const afterTraining: Record<string, number[]> = {};
for (const net of nets) {
  let step = 0;
  for (let epoch = 0; step < STEPS; epoch++) {
    for (const batch of mnist.batches('train', BATCH, epoch)) {
      if (step < STEPS) {
        const x = batch.xs.reshape([-1, 784]);
        trainStep(net, x, batch.ys);
        x.dispose();
        step++;
        if (step % 5 === 0 || step === 1) firstLayer.push(step, { [net.name]: (await gradientNorms(net))[0]! });
        bar.tick();
      }
      tf.dispose([batch.xs, batch.ys]);
      await nextFrame();
    }
  }
  afterTraining[net.name] = await gradientNorms(net);
}
plot.lines(`Gradient per layer after ${STEPS} steps`, Object.fromEntries(NAMES.map((n) => [n, byLayer(afterTraining[n]!)])), {
  ...layerAxis,
  description: `Size of the loss gradient reaching each layer after ${STEPS} training steps, one line per activation.`,
});

// Show: how much weaker the signal is at layer 1 than at the output layer, and across activations.
const fmt = (v: number) => v.toExponential(1);
table(
  NAMES.map((n) => ({
    activation: n,
    'layer 1, start': fmt(atStart[n]![0]!),
    [`layer ${LAYERS}, start`]: fmt(atStart[n]![LAYERS - 1]!),
    'layer 1 ÷ last, start': fmt(atStart[n]![0]! / atStart[n]![LAYERS - 1]!),
    [`layer 1, step ${STEPS}`]: fmt(afterTraining[n]![0]!),
  })),
  'Gradient norms (first and last layer)',
);
const ratio = atStart.relu![0]! / atStart.sigmoid![0]!;
log(
  `At initialisation the first layer's gradient is ${fmt(atStart.sigmoid![0]!)} with sigmoid and ${fmt(atStart.relu![0]!)} with ReLU: ` +
    `${fmt(ratio)} times smaller with sigmoid (about ${Math.round(Math.log10(ratio))} orders of magnitude).`,
);

for (const net of nets) tf.dispose([...net.weights, ...net.biases, ...net.velocity]);
tf.dispose([probeX, probeY]);
mnist.dispose();
