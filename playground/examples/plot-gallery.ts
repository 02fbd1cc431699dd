// Every kind of plot a lab can draw, on small questions about activation functions and gradient
// descent. Pick another activation above: its curve joins the earlier ones (compare: true), until
// you press "Clear runs". Each plot has a data table and PNG/CSV downloads.
import { chart, log, mulberry32, param, plot } from 'playground';

const activation = param('activation', 'relu');
const learningRate = param('lr', 0.1);

const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));
const functions = {
  relu: (x: number) => Math.max(0, x),
  sigmoid,
  tanh: (x: number) => Math.tanh(x),
};
const slopes = {
  relu: (x: number) => (x > 0 ? 1 : 0),
  sigmoid: (x: number) => sigmoid(x) * (1 - sigmoid(x)),
  tanh: (x: number) => 1 - Math.tanh(x) ** 2,
};
type Activation = keyof typeof functions;
const names = Object.keys(functions) as Activation[];
const chosen: Activation = names.find((n) => n === activation) ?? 'relu';
const f = functions[chosen];
const slope = slopes[chosen];

// Line, kept across runs: the activation and its slope from -4 to 4.
const xs = Array.from({ length: 81 }, (_, i) => -4 + i * 0.1);
plot.lines(
  'Activation function',
  { output: xs.map((x) => [x, f(x)]), slope: xs.map((x) => [x, slope(x)]) },
  { xLabel: 'input', yLabel: 'value', compare: true },
);

// Bars: for inputs spread evenly over [-4, 4], how often is the slope almost 0 (learning stalls)?
const grid = Array.from({ length: 8001 }, (_, i) => -4 + i * 0.001);
const share = (test: (x: number) => boolean) => grid.filter(test).length / grid.length;
plot.bars(
  'Where the slope vanishes',
  {
    categories: names,
    series: {
      'slope < 0.05': names.map((n) => share((x) => slopes[n](x) < 0.05)),
      'slope = 0': names.map((n) => share((x) => slopes[n](x) === 0)),
    },
  },
  { yLabel: 'share of inputs in [-4, 4]' },
);

// Histogram: outputs of the activation for 5,000 inputs drawn from a standard normal distribution.
const random = mulberry32(7);
const normal = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
const inputs = Array.from({ length: 5000 }, normal);
plot.histogram(`Outputs of ${chosen} for normal inputs`, { inputs, outputs: inputs.map(f) }, { bins: 40, xLabel: 'value' });

// Scatter with a label per point: a few inputs and what the activation makes of them.
const samples = Array.from({ length: 12 }, () => 3 * normal());
plot.scatter(
  'Samples through the activation',
  [{ name: chosen, points: samples.map((x) => [x, f(x)]), labels: samples.map((x, i) => `sample ${i + 1}: input ${x.toFixed(2)}`) }],
  { xLabel: 'input', yLabel: 'output' },
);

// Heatmap with named rows and columns, values printed in the cells, colours centred on 0.
plot.heatmap(
  'Sobel kernel (vertical edges)',
  [
    [-1, 0, 1],
    [-2, 0, 2],
    [-1, 0, 1],
  ],
  { xTicks: ['left', 'centre', 'right'], yTicks: ['top', 'middle', 'bottom'], showValues: true, scheme: 'diverging', colorLabel: 'weight' },
);

// Gradient descent on an elongated bowl, cost(w1, w2) = (w1² + 10·w2²) / 2.
const cost = (w1: number, w2: number) => (w1 * w1 + 10 * w2 * w2) / 2;
let w: [number, number] = [-4, 1.6];
const path: Array<[number, number]> = [w];
const loss = chart('Cost during gradient descent', { series: ['cost'], xLabel: 'step', yScale: 'log' });
for (let step = 0; step <= 60; step++) {
  loss.push(step, { cost: cost(w[0], w[1]) });
  w = [w[0] - learningRate * w[0], w[1] - learningRate * 10 * w[1]];
  path.push(w);
}

// Heatmap of a continuous plane (top row first: w2 from 2 down to -2), with the path on top.
const side = 60;
const surface = Array.from({ length: side }, (_, r) => {
  const w2 = 2 - (4 * (r + 0.5)) / side;
  return Array.from({ length: side }, (_, c) => cost(-5 + (10 * (c + 0.5)) / side, w2));
});
plot.heatmap('Cost surface and the descent path', surface, {
  x: [-5, 5],
  y: [2, -2],
  xLabel: 'w1',
  yLabel: 'w2',
  colorLabel: 'cost',
  paths: { [`learning rate ${learningRate}`]: path },
});

log(`After 60 steps with learning rate ${learningRate}: w = (${w[0].toFixed(4)}, ${w[1].toFixed(4)}), cost ${cost(w[0], w[1]).toExponential(2)}.`);
