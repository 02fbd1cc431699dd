// How hard does each cost push when the network is wrong? Build score vectors for which the softmax
// gives the right class a probability q, from almost 0 (confidently wrong) to almost 1 (confidently
// right), and ask automatic differentiation for −∂cost/∂z_right: how strongly learning will raise
// the right class's score. The costs are the same three as in the loss switcher.
import * as tf from '@tensorflow/tfjs';
import { log, param, plot, table } from 'playground';

const CLASSES = Math.max(2, Math.round(param('classes', 10)));
const RIVAL = param('rival', 'one'); // 'one': the wrong probability sits on one rival; 'spread': on all
const SMOOTHING = param('smoothing', 0); // label smoothing for cross-entropy (0 = hard targets)

// Each cost here returns one value per row (per answer), not the batch average.
const COSTS: Record<string, (y: tf.Tensor2D, z: tf.Tensor2D) => tf.Tensor> = {
  'cross-entropy': (y, z) => tf.losses.softmaxCrossEntropy(y, z, undefined, SMOOTHING, tf.Reduction.NONE),
  'squared error': (y, z) => tf.sum(tf.square(tf.sub(tf.softmax(z), y)), 1),
  hinge: (y, z) => {
    const right = tf.sum(tf.mul(z, y), 1);
    const bestWrong = tf.max(tf.sub(z, tf.mul(y, 1e9)), 1);
    return tf.relu(tf.add(tf.sub(bestWrong, right), 1));
  },
};
const NAMES = Object.keys(COSTS);

// Probabilities: class 0 is right and gets q; the rest goes to class 1 ('one') or is shared ('spread').
const qs = Array.from({ length: 199 }, (_, i) => (i + 1) / 200);
function probabilities(q: number): number[] {
  const p = new Array<number>(CLASSES).fill(RIVAL === 'one' ? 1e-9 : (1 - q) / (CLASSES - 1));
  p[0] = q;
  if (RIVAL === 'one') p[1] = 1 - q;
  return p;
}
// Scores whose softmax gives those probabilities: the logarithms (softmax ignores a common shift).
// Hinge has no probabilities of its own; here its scores are read the same way.
const z = tf.tensor2d(qs.map((q) => probabilities(q).map(Math.log)));
const y = tf.tidy(() => tf.oneHot(tf.zeros([qs.length], 'int32') as tf.Tensor1D, CLASSES).toFloat() as tf.Tensor2D);

const push: Record<string, Array<[number, number]>> = {};
const cost: Record<string, Array<[number, number]>> = {};
for (const name of NAMES) {
  tf.tidy(() => {
    // Summing over rows keeps each row's gradient its own: row i of dz is ∂cost_i/∂z_i.
    const dz = tf.grad((s: tf.Tensor) => tf.sum(COSTS[name]!(y, s as tf.Tensor2D)))(z).arraySync() as number[][];
    const perRow = COSTS[name]!(y, z).arraySync() as number[];
    push[name] = qs.map((q, i) => [q, -dz[i]![0]!]);
    cost[name] = qs.map((q, i) => [q, perRow[i]!]);
  });
}
tf.dispose([z, y]);

const setting = `${CLASSES} classes, the wrong probability on ${RIVAL === 'one' ? 'one rival' : 'all other classes'}${SMOOTHING ? `, label smoothing ${SMOOTHING}` : ''}`;
plot.lines(`How hard each cost pushes the right score up (${setting})`, push, {
  xLabel: 'probability given to the right class',
  yLabel: '−∂cost/∂score of the right class',
  description: 'Left is confidently wrong, right is confidently right. Cross-entropy pushes hardest when most wrong; squared error hardly at all.',
});
plot.lines(`The cost of one answer (${setting})`, cost, {
  xLabel: 'probability given to the right class',
  yLabel: 'cost',
  yScale: 'log',
  description: 'Each cost as a function of the probability given to the right class (hinge is 0 once the margin is met; zeros are not drawn on a log axis).',
});

// A few points in a table, and the sentence the chapter interprets.
const at = (name: string, q: number) => push[name]!.find(([x]) => Math.abs(x - q) < 1e-9)![1];
const checkpoints = [0.01, 0.1, 0.5, 0.9, 0.99];
table(
  checkpoints.map((q) => ({
    'right class probability': q,
    ...Object.fromEntries(NAMES.map((n) => [n, Number(at(n, q).toFixed(4))])),
  })),
  'Push on the right score',
);
log(
  `Confidently wrong (q = 0.01): cross-entropy pushes with ${at('cross-entropy', 0.01).toFixed(3)}, ` +
    `squared error with ${at('squared error', 0.01).toFixed(3)} ` +
    `(${(at('cross-entropy', 0.01) / at('squared error', 0.01)).toFixed(0)} times less), hinge with ${at('hinge', 0.01).toFixed(3)}.`,
);
