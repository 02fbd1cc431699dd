// Backpropagation by hand. A tiny network, 2 inputs → 2 hidden units → 1 output, sees one example.
// We run it forward, measure how wrong it is, then send the error backwards with the chain rule,
// one layer at a time, to get the gradient of the cost for all nine weights and biases. Then we
// ask TensorFlow.js for the same gradient with tf.grads and compare, and take one step downhill.
import * as tf from '@tensorflow/tfjs';
import { log, param, table } from 'playground';

const activation = param('activation', 'sigmoid');
const x = [param('x1', 1), param('x2', 0.5)]; // the input
const target = param('target', 1); // what the output should be
const STEP = 0.5; // learning rate of the step at the end

// The weights: W1[j][i] connects input i to hidden unit j; w2[j] connects hidden unit j to the output.
const W1 = [
  [0.4, -0.6],
  [0.7, 0.2],
];
const b1 = [0.1, -0.3];
const w2 = [0.8, -0.5];
const b2 = 0.2;

// The hidden units' nonlinearity f and its slope f′, written in terms of z (before) and a (after).
const f: Record<string, { f: (z: number) => number; slope: (z: number, a: number) => number }> = {
  sigmoid: { f: (z) => 1 / (1 + Math.exp(-z)), slope: (_z, a) => a * (1 - a) },
  tanh: { f: Math.tanh, slope: (_z, a) => 1 - a * a },
  relu: { f: (z) => Math.max(0, z), slope: (z) => (z > 0 ? 1 : 0) },
};
const act = f[activation] ?? f.sigmoid!;

// ---- forward pass: keep every intermediate value, the backward pass needs them ----------------
const z1 = W1.map((row, j) => row[0]! * x[0]! + row[1]! * x[1]! + b1[j]!);
const a1 = z1.map(act.f);
const y = w2[0]! * a1[0]! + w2[1]! * a1[1]! + b2;
const cost = 0.5 * (y - target) ** 2;
log(`Forward: hidden inputs z = [${z1.map((v) => v.toFixed(4))}], hidden outputs a = [${a1.map((v) => v.toFixed(4))}]`);
log(`Output y = ${y.toFixed(4)}, target ${target}, cost ½(y − target)² = ${cost.toFixed(5)}`);

// ---- backward pass: the chain rule, from the cost back to the first layer ----------------------
// 1. How the cost changes with the output: dC/dy = y − target (the error).
const dy = y - target;
// 2. Output layer: y = w2·a + b2, so dC/dw2[j] = dy · a[j] and dC/db2 = dy.
const dw2 = a1.map((a) => dy * a);
const db2 = dy;
// 3. Back through the output weights: dC/da[j] = dy · w2[j] (each hidden unit's share of the blame).
const da1 = w2.map((w) => dy * w);
// 4. Back through the nonlinearity: dC/dz[j] = dC/da[j] · f′(z[j]).
const dz1 = da1.map((d, j) => d * act.slope(z1[j]!, a1[j]!));
// 5. First layer: z[j] = Σ W1[j][i] x[i] + b1[j], so dC/dW1[j][i] = dz[j] · x[i] and dC/db1[j] = dz[j].
const dW1 = W1.map((row, j) => row.map((_, i) => dz1[j]! * x[i]!));
const db1 = dz1;
log(`Backward: error dC/dy = ${dy.toFixed(4)}, hidden errors dC/dz = [${dz1.map((v) => v.toFixed(4))}]`);

// ---- the same gradient from TensorFlow.js's automatic differentiation -------------------------
const tfAct = { sigmoid: tf.sigmoid, tanh: tf.tanh, relu: tf.relu }[activation] ?? tf.sigmoid;
const params = {
  W1: tf.tensor2d(W1),
  b1: tf.tensor1d(b1),
  w2: tf.tensor1d(w2),
  b2: tf.scalar(b2),
};
const xs = tf.tensor1d(x);
const costOf = (p: typeof params) =>
  tf.tidy(() => {
    const hidden = tfAct(tf.add(tf.squeeze(tf.matMul(p.W1, tf.reshape(xs, [2, 1]))), p.b1));
    const out = tf.add(tf.sum(tf.mul(p.w2, hidden)), p.b2);
    return tf.mul(0.5, tf.square(tf.sub(out, target))) as tf.Scalar;
  });
const names = Object.keys(params) as Array<keyof typeof params>;
const grads = tf.grads((W1t: tf.Tensor, b1t: tf.Tensor, w2t: tf.Tensor, b2t: tf.Tensor) =>
  costOf({ W1: W1t as tf.Tensor2D, b1: b1t as tf.Tensor1D, w2: w2t as tf.Tensor1D, b2: b2t as tf.Scalar }),
)(names.map((n) => params[n]));
const auto = Object.fromEntries(names.map((n, k) => [n, Array.from(grads[k]!.dataSync())]));

const byHand: Record<string, number[]> = { W1: dW1.flat(), b1: db1, w2: dw2, b2: [db2] };
const labels: Record<string, string[]> = {
  W1: ['W1[1][1]', 'W1[1][2]', 'W1[2][1]', 'W1[2][2]'],
  b1: ['b1[1]', 'b1[2]'],
  w2: ['w2[1]', 'w2[2]'],
  b2: ['b2'],
};
let worst = 0;
const rows = names.flatMap((n) =>
  byHand[n]!.map((hand, k) => {
    const diff = Math.abs(hand - auto[n]![k]!);
    worst = Math.max(worst, diff);
    return { weight: labels[n]![k]!, 'by hand': hand.toFixed(6), 'tf.grads': auto[n]![k]!.toFixed(6), difference: diff.toExponential(1) };
  }),
);
table(rows, `dC/d(weight): the chain rule by hand against automatic differentiation (${activation})`);
log(`Largest difference: ${worst.toExponential(2)} (float32 arithmetic in TF.js, float64 here).`);

// ---- one step downhill: every weight moves against its gradient -------------------------------
const after = tf.tidy(() =>
  costOf({
    W1: tf.sub(params.W1, tf.mul(STEP, grads[0]!)) as tf.Tensor2D,
    b1: tf.sub(params.b1, tf.mul(STEP, grads[1]!)) as tf.Tensor1D,
    w2: tf.sub(params.w2, tf.mul(STEP, grads[2]!)) as tf.Tensor1D,
    b2: tf.sub(params.b2, tf.mul(STEP, grads[3]!)) as tf.Scalar,
  }).dataSync()[0]!,
);
log(`One step of size ${STEP} against the gradient: cost ${cost.toFixed(5)} → ${after.toFixed(5)}.`);

tf.dispose([...Object.values(params), xs, ...grads]);
