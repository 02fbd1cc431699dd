// Gradient descent you can see. A model neuron with two weights, a gain and a baseline, predicts
// a firing rate from stimulus contrast: rate = gain · contrast + baseline. Its cost (the mean
// squared error over 40 recorded trials) is a surface over the two weights; training walks
// downhill on it. Three walkers start at the same point and see the same mini-batches: plain
// stochastic gradient descent, SGD with momentum, and Adam. Move the learning rate and watch.
import { log, param, plot, setSeed, table } from 'playground';

setSeed(param('seed', 1));
const learningRate = param('learningRate', 0.1);
const steps = Math.round(param('steps', 60));
const batchSize = Number(param('batchSize', '10'));

// ---- data: 40 trials, contrast in 0..1, rate = 2 · contrast + 0.5 plus noise -----------------
const TRIALS = 40;
const contrast = Array.from({ length: TRIALS }, () => Math.random());
const rate = contrast.map((c) => 2 * c + 0.5 + 0.3 * (Math.random() - 0.5));

/** Mean squared error of the weights (gain, baseline) over the trials in `which`. */
function cost(gain: number, baseline: number, which: readonly number[] = contrast.map((_, i) => i)): number {
  let sum = 0;
  for (const i of which) sum += (gain * contrast[i]! + baseline - rate[i]!) ** 2;
  return sum / which.length;
}

// The steepest curvature of this cost sets the largest learning rate plain gradient descent
// survives: λ, the largest eigenvalue of its Hessian 2 · [mean c², mean c; mean c, 1]. Each step
// multiplies the error along that direction by (1 − rate · λ), so beyond 2/λ it grows.
const sxx = contrast.reduce((s, c) => s + c * c, 0) / TRIALS;
const sx = contrast.reduce((s, c) => s + c, 0) / TRIALS;
const lambdaMax = sxx + 1 + Math.sqrt((sxx - 1) ** 2 + 4 * sx * sx);
log(`Full-batch gradient descent diverges above a learning rate of 2/λ = ${(2 / lambdaMax).toFixed(2)}.`);

// The same sequence of mini-batches for every optimizer: a fresh shuffle each epoch.
const batches: number[][] = [];
while (batches.length < steps) {
  const order = contrast.map((_, i) => i).sort(() => Math.random() - 0.5);
  for (let i = 0; i < TRIALS && batches.length < steps; i += batchSize) batches.push(order.slice(i, i + batchSize));
}

// ---- the walk: the same start and batches, three update rules ---------------------------------
const START: [number, number] = [-1, 2.5];
const PLANE = { gain: [-2, 4] as [number, number], baseline: [-1.5, 3] as [number, number] };
const inPlane = ([g, b]: number[]) => g! >= PLANE.gain[0] && g! <= PLANE.gain[1] && b! >= PLANE.baseline[0] && b! <= PLANE.baseline[1];

/** The gradient of the mini-batch cost: how much it rises per unit of gain and of baseline. */
function gradient([gain, baseline]: number[], batch: readonly number[]): [number, number] {
  let dGain = 0;
  let dBaseline = 0;
  for (const i of batch) {
    const error = gain! * contrast[i]! + baseline! - rate[i]!;
    dGain += (2 * error * contrast[i]!) / batch.length;
    dBaseline += (2 * error) / batch.length;
  }
  return [dGain, dBaseline];
}

/** An update rule: given the weights, their gradient and the step number, move the weights. */
type Rule = (w: number[], g: number[], t: number) => void;

const rules: Record<string, () => Rule> = {
  // Plain SGD: a step against the gradient, proportional to it.
  SGD: () => (w, g) => {
    for (let k = 0; k < 2; k++) w[k]! -= learningRate * g[k]!;
  },
  // Momentum: the step is a velocity that keeps 90 % of the last one and adds the new gradient.
  momentum: () => {
    const velocity = [0, 0];
    return (w, g) => {
      for (let k = 0; k < 2; k++) {
        velocity[k] = 0.9 * velocity[k]! - learningRate * g[k]!;
        w[k]! += velocity[k]!;
      }
    };
  },
  // Adam (Kingma & Ba 2015): running means of the gradient and of its square; each weight's step
  // is the first divided by the root of the second, so every weight moves at about the same pace.
  Adam: () => {
    const [beta1, beta2, epsilon] = [0.9, 0.999, 1e-8];
    const m = [0, 0];
    const v = [0, 0];
    return (w, g, t) => {
      for (let k = 0; k < 2; k++) {
        m[k] = beta1 * m[k]! + (1 - beta1) * g[k]!;
        v[k] = beta2 * v[k]! + (1 - beta2) * g[k]! ** 2;
        const mHat = m[k]! / (1 - beta1 ** t);
        const vHat = v[k]! / (1 - beta2 ** t);
        w[k]! -= (learningRate * mHat) / (Math.sqrt(vHat) + epsilon);
      }
    };
  },
};

const paths: Record<string, Array<[number, number]>> = {};
const curves: Record<string, Array<[number, number]>> = {};
const rows: Array<Record<string, string | number>> = [];
for (const [name, makeRule] of Object.entries(rules)) {
  const update = makeRule();
  const w = [...START];
  const path: Array<[number, number]> = [START];
  const curve: Array<[number, number]> = [[0, cost(START[0], START[1])]];
  let diverged = false;
  for (const [step, batch] of batches.entries()) {
    update(w, gradient(w, batch), step + 1);
    const c = cost(w[0]!, w[1]!);
    if (!Number.isFinite(c) || c > 1e6) {
      diverged = true;
      break;
    }
    curve.push([step + 1, c]);
    // Draw the path only while it stays on the plotted plane.
    if (path.length === curve.length - 1 && inPlane(w)) path.push([w[0]!, w[1]!]);
  }
  paths[name] = path;
  curves[name] = curve;
  rows.push({
    optimizer: name,
    'cost at the end': diverged ? 'diverged' : curve.at(-1)![1].toFixed(4),
    'gain, baseline': diverged ? '—' : w.map((v) => v.toFixed(2)).join(', '),
  });
}

// ---- show: the cost surface with the three paths, and cost against step -------------------------
const COLS = 61;
const ROWS = 46;
const surface = Array.from({ length: ROWS }, (_, r) => {
  // Rows run top to bottom: the top row is the largest baseline.
  const baseline = PLANE.baseline[1] - (r / (ROWS - 1)) * (PLANE.baseline[1] - PLANE.baseline[0]);
  return Array.from({ length: COLS }, (_, c) => Math.log10(cost(PLANE.gain[0] + (c / (COLS - 1)) * (PLANE.gain[1] - PLANE.gain[0]), baseline)));
});
plot.heatmap(`Cost surface and ${steps} steps at learning rate ${learningRate}`, surface, {
  x: PLANE.gain,
  y: [PLANE.baseline[1], PLANE.baseline[0]],
  xLabel: 'gain (weight 1)',
  yLabel: 'baseline (weight 2)',
  colorLabel: 'log₁₀ cost',
  paths,
  description: 'The mean squared error over the two weights, darker where lower, with the path of each optimizer from the same start.',
});
plot.lines('Cost at each step', curves, {
  xLabel: 'step',
  yLabel: 'cost (mean squared error)',
  yScale: 'log',
  description: 'The cost on all 40 trials after each step, for each optimizer.',
});
table(rows, `After ${steps} steps of ${batchSize} trials (cost at the start ${cost(START[0], START[1]).toFixed(3)}, lowest possible ${bestCost().toFixed(4)})`);

/** The lowest cost any weights can reach: least squares, solved exactly. */
function bestCost(): number {
  const sy = rate.reduce((s, r) => s + r, 0) / TRIALS;
  const sxy = contrast.reduce((s, c, i) => s + c * rate[i]!, 0) / TRIALS;
  const gain = (sxy - sx * sy) / (sxx - sx * sx);
  return cost(gain, sy - gain * sx);
}
