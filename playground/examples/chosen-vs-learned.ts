// Question: does it matter whether a network's first-layer filters are learned, chosen by hand, or
// left random? We train the same small CNN on handwritten digits three times. Only its first layer
// differs: a hand-made bank of Gabor filters (or edge detectors) that stays fixed, random filters
// that stay fixed, or filters that start random and are learned. Every later layer learns in all three.
import * as tf from '@tensorflow/tfjs';
import { chart, data, log, nextFrame, param, plot, progress, setSeed, show, table } from 'playground';

setSeed(param('seed', 1));
const STEPS = Math.round(param('steps', 300)); // training steps (mini-batches of 32 digits)
const FILTERS = 8; // first-layer filters, 5×5 pixels
const CHOSEN = param('chosen', 'gabor'); // which hand-made bank: 'gabor' or 'edges'
const TEST_EVERY = 50;

const mnist = await data.mnist({ splits: ['train', 'validation'] });

// --- The first layers: one chosen by hand, one random, both 5×5 × 8 filters --------------------
/** Gabor filters: 4 orientations × 2 phases (even: a bar, odd: an edge), period 4 px, envelope σ 1.5 px. */
function gaborBank(): tf.Tensor4D {
  const taps = new Float32Array(5 * 5 * FILTERS);
  for (let k = 0; k < FILTERS; k++) {
    const theta = (Math.floor(k / 2) * Math.PI) / 4;
    const phase = k % 2 === 0 ? 0 : Math.PI / 2;
    for (let y = 0; y < 5; y++) {
      for (let x = 0; x < 5; x++) {
        const [u, v] = [(x - 2) * Math.cos(theta) + (y - 2) * Math.sin(theta), -(x - 2) * Math.sin(theta) + (y - 2) * Math.cos(theta)];
        taps[(y * 5 + x) * FILTERS + k] = Math.exp(-(u * u + v * v) / (2 * 1.5 ** 2)) * Math.cos((2 * Math.PI * u) / 4 + phase);
      }
    }
  }
  return tf.tidy(() => {
    const bank = tf.tensor4d(taps, [5, 5, 1, FILTERS]);
    return bank.sub(bank.mean([0, 1, 2], true)).div(bank.square().sum([0, 1, 2], true).sqrt()) as tf.Tensor4D; // zero mean, unit length
  });
}

/** Sobel edge detectors at 4 orientations and both signs (dark-to-light and light-to-dark), in a 5×5 frame. */
function edgeBank(): tf.Tensor4D {
  const sobel = [
    [-1, 0, 1],
    [-2, 0, 2],
    [-1, 0, 1],
  ];
  const diagonal = [
    [0, 1, 2],
    [-1, 0, 1],
    [-2, -1, 0],
  ];
  const base = [sobel, sobel[0]!.map((_, i) => sobel.map((row) => row[i]!)), diagonal, diagonal.map((row) => [...row].reverse())];
  const taps = new Float32Array(5 * 5 * FILTERS);
  for (let k = 0; k < FILTERS; k++) {
    const sign = k % 2 === 0 ? 1 : -1;
    const kernel = base[Math.floor(k / 2)]!;
    for (let y = 0; y < 3; y++) for (let x = 0; x < 3; x++) taps[((y + 1) * 5 + x + 1) * FILTERS + k] = (sign * kernel[y]![x]!) / Math.sqrt(12);
  }
  return tf.tensor4d(taps, [5, 5, 1, FILTERS]);
}

// --- The model: the same CNN three times, differing only in the first layer --------------------
function makeModel(): tf.Sequential {
  return tf.sequential({
    layers: [
      tf.layers.conv2d({ inputShape: [28, 28, 1], filters: FILTERS, kernelSize: 5, activation: 'relu', name: 'first' }),
      tf.layers.maxPooling2d({ poolSize: 2 }),
      tf.layers.conv2d({ filters: 16, kernelSize: 5, activation: 'relu' }),
      tf.layers.maxPooling2d({ poolSize: 2 }),
      tf.layers.flatten(),
      tf.layers.dense({ units: 10, activation: 'softmax' }),
    ],
  });
}

const VARIANTS = ['learned', 'random, fixed', `${CHOSEN === 'edges' ? 'edges' : 'Gabor'}, fixed`] as const;
const nets = VARIANTS.map(() => makeModel());
// All three start from the same random weights, so the only difference is what happens to layer one.
const start = nets[0]!.getWeights();
for (const net of nets.slice(1)) net.setWeights(start);
const first = (net: tf.Sequential) => net.getLayer('first');
const chosen = CHOSEN === 'edges' ? edgeBank() : gaborBank();
// Give the chosen bank the same overall size as the random filters it replaces, so only the shapes differ.
const [randomKernel, randomBias] = first(nets[0]!).getWeights();
const scaled = tf.tidy(() => chosen.mul(randomKernel!.norm().div(chosen.norm())));
first(nets[2]!).setWeights([scaled, randomBias!]);
const startKernel = randomKernel!.clone(); // to measure later how far learning moved the filters
first(nets[1]!).trainable = false;
first(nets[2]!).trainable = false;
const optimizers = nets.map(() => tf.train.adam(0.003));
for (const [i, net] of nets.entries()) net.compile({ optimizer: optimizers[i]!, loss: 'categoricalCrossentropy' });
await showFirstLayers('before training');

// --- Run: the same mini-batches for all three; test on 1,000 validation digits as they learn ------
function accuracy(net: tf.Sequential): number {
  return tf.tidy(() => (net.predict(mnist.validation.xs) as tf.Tensor).argMax(1).equal(mnist.validation.ys.argMax(1)).mean().dataSync()[0]!);
}
const curves = chart('Validation accuracy', { series: [...VARIANTS], xLabel: 'training step', yLabel: 'accuracy', compare: true });
curves.push(0, Object.fromEntries(VARIANTS.map((v, i) => [v, accuracy(nets[i]!)])));
const bar = progress('Training three networks', STEPS);
let step = 0;
for (let epoch = 1; step < STEPS; epoch++) {
  for (const batch of mnist.batches('train', 32, epoch)) {
    if (step >= STEPS) {
      tf.dispose([batch.xs, batch.ys]);
      break;
    }
    for (const net of nets) await net.trainOnBatch(batch.xs, batch.ys);
    tf.dispose([batch.xs, batch.ys]);
    step++;
    if (step % TEST_EVERY === 0 || step === STEPS) curves.push(step, Object.fromEntries(VARIANTS.map((v, i) => [v, accuracy(nets[i]!)])));
    bar.tick();
    await nextFrame();
  }
}

// --- Show: final accuracies side by side, and what the learned filters became --------------------
const final = VARIANTS.map((_, i) => accuracy(nets[i]!));
plot.bars(`Validation accuracy after ${STEPS} steps`, Object.fromEntries(VARIANTS.map((v, i) => [v, final[i]!])), { yLabel: 'accuracy', compare: true });
table(
  VARIANTS.map((v, i) => ({
    'first layer': v,
    'validation accuracy': `${(100 * final[i]!).toFixed(1)} %`,
    'trainable parameters': nets[i]!.trainableWeights.reduce((n, w) => n + w.shape.reduce((a: number, b) => a * (b ?? 1), 1), 0),
  })),
  'Same network, three first layers',
);
await showFirstLayers(`after ${STEPS} steps`);
// How far did learning move the first layer? The correlation of its weights with their random start.
const moved = tf.tidy(() => {
  const [x, y] = [startKernel.flatten(), (first(nets[0]!).getWeights()[0] as tf.Tensor).flatten()];
  const [dx, dy] = [x.sub(x.mean()), y.sub(y.mean())];
  return dx.mul(dy).sum().div(dx.norm().mul(dy.norm())).dataSync()[0]!;
});
log(`The learned first layer still correlates r = ${moved.toFixed(2)} with its random starting values.`);
const [learned, random, hand] = final.map((a) => (100 * a).toFixed(1));
log(`Learned first layer: ${learned} %; fixed random: ${random} %; fixed ${VARIANTS[2]!.split(',')[0]}: ${hand} % (chance is 10 %).`);

tf.dispose([chosen, scaled, startKernel]); // getWeights() hands out the layers' own tensors: disposing the models frees them
for (const [i, net] of nets.entries()) {
  net.dispose();
  optimizers[i]!.dispose();
}
mnist.dispose();

async function showFirstLayers(when: string): Promise<void> {
  for (const [i, net] of nets.entries()) {
    const kernel = first(net).getWeights()[0] as tf.Tensor4D;
    const grid = tf.tidy(() => {
      // Each filter stretched to black..white on its own; 5 px tiles, one row of 8.
      const f = kernel.transpose([3, 0, 1, 2]);
      const lo = f.min([1, 2, 3], true);
      const hi = f.max([1, 2, 3], true);
      const tiles = f.sub(lo).div(hi.sub(lo).maximum(1e-8)).pad([[0, 0], [0, 0], [0, 1], [0, 0]], 1);
      return tiles.transpose([1, 0, 2, 3]).reshape([5, FILTERS * 6, 1]);
    });
    await show(grid, { label: `${VARIANTS[i]} (${when})`, scale: 8, group: `first-${when === 'before training' ? 'before' : 'after'}` });
    grid.dispose();
  }
}
