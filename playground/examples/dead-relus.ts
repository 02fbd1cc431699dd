// What does a ReLU network's activity look like, and what does too large a learning rate do to it?
// The same deep network is trained twice from the same weights: once at a moderate learning rate,
// once at a large one. We record every hidden unit's output on 512 probe digits and count the
// units that are silent for all of them: for a ReLU that means zero output and zero gradient on
// every probe image, so nothing those images could teach it reaches its weights ("dead").
import * as tf from '@tensorflow/tfjs';
import { chart, data, log, nextFrame, param, plot, progress, setSeed, table } from 'playground';

setSeed(param('seed', 1));
const ACTIVATION = param('activation', 'relu'); // 'relu' | 'leaky relu'
const RATES = [param('learningRate', 0.01), param('largeRate', 0.1)]; // SGD with momentum 0.9
const STEPS = Math.round(param('steps', 200));
const DEPTH = Math.round(param('depth', 10));
const WIDTH = Math.round(param('width', 64));
const BATCH = 64;
const PROBE = 512;

const f = (z: tf.Tensor) => (ACTIVATION === 'leaky relu' ? tf.leakyRelu(z, 0.01) : tf.relu(z));
const runName = (rate: number) => `learning rate ${rate}`;

// Data: 2,048 training digits; the first 512 are also the probe set on which activity is measured.
const mnist = await data.mnist({ splits: ['train'], trainLimit: 2048 });
const probeX = tf.tidy(() => mnist.train.xs.slice([0, 0, 0, 0], [PROBE, 28, 28, 1]).reshape([PROBE, 784]));

// Both runs start from the same He-initialised weights (the rule designed for ReLUs).
const sizes = [784, ...Array<number>(DEPTH).fill(WIDTH), 10];
const start = sizes.slice(1).map((fanOut, l) => tf.tidy(() => tf.randomUniform([sizes[l]!, fanOut], -1, 1).mul(Math.sqrt(6 / sizes[l]!))));

function variableFrom(value: tf.Tensor, trainable = true): tf.Variable {
  const v = tf.variable(value, trainable);
  value.dispose();
  return v;
}

interface Run {
  rate: number;
  weights: tf.Variable[];
  biases: tf.Variable[];
  velocity: tf.Variable[];
  smoothed: number;
  divergedAt: number | null;
}

const runs: Run[] = RATES.map((rate) => {
  const weights = start.map((w) => variableFrom(w.clone()));
  const biases = sizes.slice(1).map((n) => variableFrom(tf.zeros([n])));
  const velocity = [...weights, ...biases].map((p) => variableFrom(tf.zerosLike(p), false));
  return { rate, weights, biases, velocity, smoothed: Number.NaN, divergedAt: null };
});
tf.dispose(start);

/** Hidden-layer outputs for x (one tensor per hidden layer) and the ten output scores. */
function forward(run: Run, x: tf.Tensor): { hidden: tf.Tensor[]; logits: tf.Tensor } {
  const hidden: tf.Tensor[] = [];
  let h = x;
  run.weights.forEach((w, l) => {
    const z = tf.add(tf.matMul(h, w), run.biases[l]!);
    h = l < DEPTH ? f(z) : z;
    if (l < DEPTH) hidden.push(h);
  });
  return { hidden, logits: h };
}

function trainStep(run: Run, x: tf.Tensor, y: tf.Tensor): number {
  const params = [...run.weights, ...run.biases];
  const { value, grads } = tf.variableGrads(() => tf.losses.softmaxCrossEntropy(y, forward(run, x).logits) as tf.Scalar, params);
  tf.tidy(() => {
    params.forEach((p, i) => {
      const v = run.velocity[i]!;
      v.assign(tf.add(tf.mul(v, 0.9), grads[p.name]!));
      p.assign(tf.sub(p, tf.mul(v, run.rate)));
    });
  });
  const loss = value.dataSync()[0]!;
  tf.dispose([value, grads]);
  return loss;
}

interface Activity {
  /** Per hidden layer: the share of units silent (output ≤ 0) on every probe digit. */
  dead: number[];
  /** Per hidden layer: the share of all outputs that are exactly zero (how sparse the activity is). */
  zeros: number[];
  /** Per hidden layer: every output on the probe set. */
  values: Float32Array[];
}

async function activity(run: Run): Promise<Activity> {
  const hidden = tf.tidy(() => forward(run, probeX).hidden);
  const result: Activity = { dead: [], zeros: [], values: [] };
  for (const h of hidden) {
    const [silent, zero] = tf.tidy(() => [
      tf.mean(tf.cast(tf.lessEqual(tf.max(h, 0), 0), 'float32')),
      tf.mean(tf.cast(tf.equal(h, 0), 'float32')),
    ]);
    result.dead.push((await silent!.data())[0]!);
    result.zeros.push((await zero!.data())[0]!);
    result.values.push((await h.data()) as Float32Array);
    tf.dispose([silent!, zero!]);
  }
  tf.dispose(hidden);
  return result;
}
const meanOf = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const pct = (x: number) => Number((100 * x).toFixed(1));

// Run: both learning rates train side by side on the same mini-batches.
const atStart = await activity(runs[0]!);
log(`${ACTIVATION}, ${DEPTH} hidden layers of ${WIDTH} units. At initialisation ${pct(meanOf(atStart.dead))} % of hidden units are silent on all ${PROBE} probe digits, and ${pct(meanOf(atStart.zeros))} % of all outputs are exactly zero.`);
const names = runs.map((r) => runName(r.rate));
const deadCurve = chart('Silent units during training (% of hidden units)', {
  series: names,
  xLabel: 'step',
  yLabel: '% silent on every probe digit',
  compare: true,
  description: 'Share of hidden units whose output is zero (or negative) for every probe digit, for two learning rates.',
});
const lossCurve = chart('Training loss (smoothed)', { series: names, xLabel: 'step', yLabel: 'cross-entropy', yScale: 'log', compare: true });
deadCurve.push(0, Object.fromEntries(names.map((n) => [n, pct(meanOf(atStart.dead))])));
const bar = progress(`Training at ${RATES.length} learning rates for ${STEPS} steps`, STEPS);
let step = 0;
for (let epoch = 0; step < STEPS; epoch++) {
  for (const batch of mnist.batches('train', BATCH, epoch)) {
    if (step < STEPS) {
      step++;
      const x = batch.xs.reshape([-1, 784]);
      const losses: Record<string, number> = {};
      for (const run of runs) {
        if (run.divergedAt !== null) continue;
        const loss = trainStep(run, x, batch.ys);
        if (!Number.isFinite(loss)) {
          run.divergedAt = step; // the weights overflowed: nothing sensible left to measure
          continue;
        }
        run.smoothed = Number.isNaN(run.smoothed) ? loss : 0.9 * run.smoothed + 0.1 * loss;
        losses[runName(run.rate)] = run.smoothed;
      }
      x.dispose();
      lossCurve.push(step, losses);
      if (step % 10 === 0) {
        const dead: Record<string, number> = {};
        for (const run of runs) if (run.divergedAt === null) dead[runName(run.rate)] = pct(meanOf((await activity(run)).dead));
        deadCurve.push(step, dead);
      }
      bar.tick();
    }
    tf.dispose([batch.xs, batch.ys]);
    await nextFrame();
  }
}

// Show: silent units per layer, and each layer's histogram of outputs, after training.
const finals = await Promise.all(runs.map((r) => (r.divergedAt === null ? activity(r) : Promise.resolve(null))));
const layers = Array.from({ length: DEPTH }, (_, l) => `layer ${l + 1}`);
const trained = runs.map((r, i) => [r, finals[i]] as const).filter((p): p is readonly [Run, Activity] => p[1] !== null);
plot.bars(
  `Silent units per layer after ${STEPS} steps (%)`,
  { categories: layers, series: Object.fromEntries(trained.map(([r, a]) => [runName(r.rate), a.dead.map(pct)])) },
  { yLabel: '% of the layer’s units', description: 'For each hidden layer, the share of units that output zero for every probe digit.' },
);
for (const [r, a] of trained) {
  // One row per layer: the distribution of that layer's outputs over all units and probe digits.
  let [lo, hi] = [0, 1e-6];
  for (const v of a.values) for (const value of v) [lo, hi] = [Math.min(lo, value), Math.max(hi, value)];
  const bins = 24;
  const rows = a.values.map((v) => {
    const counts = new Array<number>(bins).fill(0);
    for (const value of v) counts[Math.min(bins - 1, Math.floor(((value - lo) / (hi - lo)) * bins))]! += 1;
    return counts.map((c) => Math.log10(1 + c));
  });
  const binCentres = Array.from({ length: bins }, (_, k) => String(Number((lo + ((k + 0.5) * (hi - lo)) / bins).toPrecision(2))));
  plot.heatmap(`Outputs of each layer, ${runName(r.rate)}`, rows, {
    xTicks: binCentres,
    yTicks: layers,
    xLabel: 'unit output (middle of each bin)',
    colorLabel: 'log10(1 + count)',
    description: 'Each row is the histogram of one hidden layer’s outputs over all its units and probe digits; the first column holds the zeros.',
  });
}
table(
  runs.map((r, i) => {
    const a = finals[i];
    return {
      'learning rate': r.rate,
      'final loss': r.divergedAt === null ? Number(r.smoothed.toFixed(3)) : `diverged at step ${r.divergedAt}`,
      'silent units': a ? `${pct(meanOf(a.dead))} %` : 'n/a',
      'silent in layer 1': a ? `${pct(a.dead[0]!)} %` : 'n/a',
      'outputs exactly 0': a ? `${pct(meanOf(a.zeros))} %` : 'n/a',
    };
  }),
  `${ACTIVATION}: activity after ${STEPS} steps`,
);
for (const r of runs) {
  if (r.divergedAt !== null) log(`At learning rate ${r.rate} the loss overflowed to infinity at step ${r.divergedAt}: the steps were so large that the weights blew up.`);
}
const [calm, hot] = finals;
if (calm && hot) {
  log(
    `After ${STEPS} steps, ${pct(meanOf(calm.dead))} % of units are silent at learning rate ${RATES[0]} and ${pct(meanOf(hot.dead))} % at ${RATES[1]} ` +
      `(layer 1: ${pct(calm.dead[0]!)} % versus ${pct(hot.dead[0]!)} %).`,
  );
}

for (const r of runs) tf.dispose([...r.weights, ...r.biases, ...r.velocity]);
probeX.dispose();
mnist.dispose();
