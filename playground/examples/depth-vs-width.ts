// Does depth help when the number of weights is fixed? Four networks, with 1, 2, 4 and 8 hidden
// layers, each get (about) the same number of weights, the same data and the same number of steps,
// and learn the same task: say whether a point lies on a black or a white square of a checkerboard,
// a composition of simple steps: "which column?", "which row?", then "odd or even?". Try more steps
// too: the question is what depth buys within a given amount of training as well as in principle.
import * as tf from '@tensorflow/tfjs';
import { chart, log, nextFrame, param, plot, progress, setSeed, showGrid, table } from 'playground';

setSeed(param('seed', 1));
const BUDGET = Math.round(param('budget', 2500)); // weights and biases per network
const CELLS = Math.round(param('cells', 6)); // squares along each side of the board
const STEPS = Math.round(param('steps', 1500));
const LEARNING_RATE = param('learningRate', 0.005);
const DEPTHS = [1, 2, 4, 8]; // hidden layers
const BATCH = 128;
const POINTS = 4000; // training points; as many again, drawn separately, for testing
const EVERY = 100; // steps between test-accuracy measurements

// ---- Data: random points in the square [-1, 1]², labelled 1 on black squares and 0 on white ----
function square(x: number, y: number): number {
  const column = Math.min(CELLS - 1, Math.floor(((x + 1) / 2) * CELLS));
  const row = Math.min(CELLS - 1, Math.floor(((y + 1) / 2) * CELLS));
  return (column + row) % 2;
}

function sample(n: number): { x: tf.Tensor2D; y: tf.Tensor2D } {
  const xy = new Float32Array(2 * n);
  const labels = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    xy[2 * i] = 2 * Math.random() - 1;
    xy[2 * i + 1] = 2 * Math.random() - 1;
    labels[i] = square(xy[2 * i]!, xy[2 * i + 1]!);
  }
  return { x: tf.tensor2d(xy, [n, 2]), y: tf.tensor2d(labels, [n, 1]) };
}
const train = sample(POINTS);
const test = sample(POINTS);

// ---- Models: the width that brings each depth closest to the budget of weights ----
/** Weights and biases of a network 2 → width × depth → 1. */
function weightsOf(depth: number, width: number): number {
  return 2 * width + width + (depth - 1) * (width * width + width) + width + 1;
}

function widthFor(depth: number): number {
  let best = 1;
  for (let width = 2; width <= BUDGET; width++) {
    if (Math.abs(weightsOf(depth, width) - BUDGET) < Math.abs(weightsOf(depth, best) - BUDGET)) best = width;
  }
  return best;
}

function build(depth: number, width: number): tf.Sequential {
  const model = tf.sequential();
  for (let l = 0; l < depth; l++) {
    // He initialisation suits ReLU units (see the chapter on ReLUs).
    model.add(
      tf.layers.dense({
        units: width,
        activation: 'relu',
        kernelInitializer: 'heNormal',
        // First layer: random biases spread each unit's kink line across the square instead of
        // through its centre (with zero biases every line would start through the origin).
        biasInitializer: l === 0 ? tf.initializers.randomUniform({ minval: -1, maxval: 1 }) : 'zeros',
        inputShape: l === 0 ? [2] : undefined,
      }),
    );
  }
  model.add(tf.layers.dense({ units: 1 })); // one score: above 0 means "black square"
  return model;
}

const nets = DEPTHS.map((depth) => {
  const width = widthFor(depth);
  const model = build(depth, width);
  return { depth, width, model, name: `${depth} hidden layer${depth > 1 ? 's' : ''}`, optimizer: tf.train.adam(LEARNING_RATE) };
});
const names = nets.map((n) => n.name);
table(
  nets.map((n) => ({ 'hidden layers': n.depth, 'units per layer': n.width, weights: n.model.countParams() })),
  `Four networks with about ${BUDGET} weights each`,
);

/** Share of points a network puts on the right colour. */
function accuracy(model: tf.Sequential, data: { x: tf.Tensor2D; y: tf.Tensor2D }): number {
  return tf.tidy(() => {
    const guess = tf.cast(tf.greater(model.predict(data.x) as tf.Tensor, 0), 'float32');
    return tf.mean(tf.equal(guess, data.y)).dataSync()[0]!;
  });
}

// ---- Run: every step, one shared mini-batch trains all four networks once ----
log(`A ${CELLS}×${CELLS} checkerboard, ${POINTS} training points, ${STEPS} steps of Adam (learning rate ${LEARNING_RATE}), batches of ${BATCH}.`);
const curve = chart('Test accuracy during training', {
  series: names,
  xLabel: 'step',
  yLabel: 'share of test points right',
  description: 'Share of test points each network colours correctly, measured every 100 steps.',
});
const bar = progress(`Training ${nets.length} networks for ${STEPS} steps`, STEPS);
for (let step = 1; step <= STEPS; step++) {
  const batch = tf.tidy(() => {
    const pick = tf.tensor1d(Array.from({ length: BATCH }, () => Math.floor(Math.random() * POINTS)), 'int32');
    return { x: tf.gather(train.x, pick), y: tf.gather(train.y, pick) };
  });
  for (const net of nets) {
    const cost = net.optimizer.minimize(() => tf.losses.sigmoidCrossEntropy(batch.y, net.model.apply(batch.x) as tf.Tensor) as tf.Scalar, true);
    cost?.dispose();
  }
  tf.dispose([batch.x, batch.y]);
  if (step % EVERY === 0) curve.push(step, Object.fromEntries(nets.map((n) => [n.name, accuracy(n.model, test)])));
  bar.tick();
  await nextFrame();
}

// ---- Show: accuracy against depth, and each network's map of the board ----
const results = nets.map((n) => ({ ...n, train: accuracy(n.model, train), test: accuracy(n.model, test) }));
plot.lines(
  'Test accuracy against depth (same number of weights)',
  { [`${BUDGET} weights, ${CELLS}×${CELLS} board`]: results.map((r) => [r.depth, r.test] as [number, number]) },
  {
    xLabel: 'hidden layers',
    yLabel: 'test accuracy',
    xScale: 'log',
    compare: true,
    description: 'Test accuracy of networks with 1, 2, 4 and 8 hidden layers and the same number of weights.',
  },
);
table(
  results.map((r) => ({
    'hidden layers': r.depth,
    'units per layer': r.width,
    weights: r.model.countParams(),
    'train accuracy': Number(r.train.toFixed(3)),
    'test accuracy': Number(r.test.toFixed(3)),
  })),
  'Result',
);

// Each network's answer over a 48×48 grid of the square: white where it says "white square".
const SIDE = 48;
const grid = tf.tidy(() => {
  const ticks = tf.linspace(-1 + 1 / SIDE, 1 - 1 / SIDE, SIDE);
  const [gx, gy] = tf.meshgrid(ticks, ticks);
  return tf.stack([gx!.flatten(), gy!.flatten()], 1) as tf.Tensor2D;
});
const truth = tf.tidy(() => {
  const xy = grid.arraySync();
  return tf.tensor2d(
    xy.map(([x, y]) => 1 - square(x!, y!)),
    [SIDE, SIDE],
  );
});
const maps = results.map((r) => tf.tidy(() => tf.sub(1, tf.sigmoid(r.model.predict(grid) as tf.Tensor)).reshape([SIDE, SIDE])));
await showGrid([truth, ...maps], {
  title: 'The board, and how each network colours it',
  labels: ['the task', ...results.map((r) => `${r.name}: ${(100 * r.test).toFixed(1)} %`)],
  normalize: false,
  scale: 3,
});

const [shallow, , , deepest] = results;
const best = results.reduce((a, b) => (b.test > a.test ? b : a));
log(
  `With about ${BUDGET} weights, one hidden layer of ${shallow!.width} units colours ${(100 * shallow!.test).toFixed(1)} % of test points correctly; ` +
    `${deepest!.depth} layers of ${deepest!.width} units, ${(100 * deepest!.test).toFixed(1)} %. Best: ${best.name}.`,
);

tf.dispose([train.x, train.y, test.x, test.y, grid, truth, ...maps]);
for (const n of nets) {
  n.model.dispose();
  n.optimizer.dispose();
}
