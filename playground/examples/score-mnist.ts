// How good is a trained network? Score the book's CNN on 1,000 handwritten digits it never saw
// while it learned: first the one number papers report (accuracy), then what hides behind it:
// which digits it confuses (the confusion matrix), the mistakes themselves, and whether its
// confidence can be trusted (calibration). A corruption shows how robust the score is.
import * as tf from '@tensorflow/tfjs';
import { data, log, models, nextFrame, param, plot, progress, setSeed, showGrid, table } from 'playground';

setSeed(param('seed', 1));
const SPLIT = param('split', 'test'); // 'test', 'validation' or 'train' (its first 1,000 digits)
const CORRUPTION = param('corruption', 'none'); // 'none', 'noise', 'blur', 'shift', 'rotate', 'invert'
const STRENGTH = param('strength', 0.5); // 0…1, how hard the corruption hits
const MAX_SHOWN = 24; // mistakes in the gallery
const BINS = 10; // confidence bins for calibration
const digits = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'];

// Get data: one split of the book's MNIST digits (28×28, white on black, values 0…1).
const split = SPLIT === 'train' || SPLIT === 'validation' ? SPLIT : 'test';
const mnist = await data.mnist({ splits: [split], trainLimit: 1000 });
const { xs, labels, count } = mnist[split];

// The corruption, applied to digits [start, start + size) before the network sees them.
function corrupted(start: number, size: number): tf.Tensor4D {
  return tf.tidy(() => {
    const batch = xs.slice([start, 0, 0, 0], [size, 28, 28, 1]);
    const s = Math.max(0, Math.min(1, STRENGTH));
    switch (CORRUPTION) {
      case 'noise': // Gaussian pixel noise, standard deviation up to 0.6
        return batch.add(tf.randomNormal(batch.shape, 0, 0.6 * s)).clipByValue(0, 1) as tf.Tensor4D;
      case 'blur': {
        // A Gaussian blur with a standard deviation of up to 2 pixels, as a depthwise convolution.
        const sigma = Math.max(0.01, 2 * s);
        const taps = tf.range(-4, 5).square().div(-2 * sigma * sigma).exp() as tf.Tensor1D;
        const kernel1d = taps.div(taps.sum()) as tf.Tensor1D;
        const kernel = tf.outerProduct(kernel1d, kernel1d).reshape([9, 9, 1, 1]) as tf.Tensor4D;
        return tf.conv2d(batch, kernel, 1, 'same');
      }
      case 'shift': {
        // Move every digit down and to the right by up to 8 pixels (MNIST centres its digits).
        const p = Math.round(8 * s);
        return batch.pad([[0, 0], [p, 0], [p, 0], [0, 0]]).slice([0, 0, 0, 0], batch.shape) as tf.Tensor4D;
      }
      case 'rotate': // turn every digit about its centre by up to 90 degrees
        return tf.image.rotateWithOffset(batch, (s * Math.PI) / 2, 0);
      case 'invert': // black ink on white paper, the way digits are usually written
        return tf.scalar(1).sub(batch) as tf.Tensor4D;
      default:
        return batch.clone();
    }
  });
}

// Load the model: the book's own CNN, trained on the 8,000 training digits only.
const model = await models.load('book-cnn');

// Run: the network's probabilities for every digit, 100 digits at a time.
const probabilities = new Float32Array(count * 10);
const seenPixels = new Float32Array(count * 784); // what the network saw, for the gallery
const bar = progress(`Scoring ${count} ${split} digits`, count);
for (let start = 0; start < count; start += 100) {
  const size = Math.min(100, count - start);
  const batch = corrupted(start, size);
  const out = model.model.predict(batch) as tf.Tensor;
  probabilities.set(await out.data(), start * 10);
  seenPixels.set(await batch.data(), start * 784);
  tf.dispose([batch, out]);
  bar.set(start + size);
  await nextFrame();
}

// Score: the predicted digit is the most probable one; count right and wrong per true digit.
const confusion = digits.map(() => new Array<number>(10).fill(0)); // [true digit][predicted digit]
const predicted = new Int32Array(count);
const confidence = new Float32Array(count);
let top2 = 0;
for (let i = 0; i < count; i++) {
  const p = probabilities.subarray(10 * i, 10 * i + 10);
  const order = Array.from(p.keys()).sort((a, b) => p[b]! - p[a]!);
  predicted[i] = order[0]!;
  confidence[i] = p[order[0]!]!;
  if (order[0] === labels[i] || order[1] === labels[i]) top2++;
  confusion[labels[i]!]![predicted[i]!]! += 1;
}
const correct = digits.reduce((sum, _, d) => sum + confusion[d]![d]!, 0);
const accuracy = correct / count;

// Calibration: in each confidence bin, how often is the network right? A calibrated network that
// says "90 %" is right 90 % of the time. The expected calibration error (ECE) averages the gap
// between confidence and accuracy over the bins, weighted by how many digits fall in each.
const bins = Array.from({ length: BINS }, () => ({ n: 0, right: 0, confidence: 0 }));
for (let i = 0; i < count; i++) {
  const b = bins[Math.min(BINS - 1, Math.floor(confidence[i]! * BINS))]!;
  b.n++;
  b.confidence += confidence[i]!;
  if (predicted[i] === labels[i]) b.right++;
}
const ece = bins.reduce((sum, b) => sum + (b.n ? (b.n / count) * Math.abs(b.right / b.n - b.confidence / b.n) : 0), 0);
const meanConfidence = confidence.reduce((a, b) => a + b, 0) / count;

// Show: the headline numbers, then what lies behind them.
const setting = CORRUPTION === 'none' ? 'clean digits' : `${CORRUPTION}, strength ${STRENGTH}`;
const seen = (i: number) => tf.tensor3d(seenPixels.subarray(784 * i, 784 * (i + 1)), [28, 28, 1]);
const firstEight = Array.from({ length: Math.min(8, count) }, (_, i) => seen(i));
await showGrid(firstEight, { title: `What the network sees (${setting})`, labels: Array.from(labels.subarray(0, 8), String), normalize: false });
const percent = (x: number) => `${(100 * x).toFixed(1)} %`;
table(
  [
    { measure: 'accuracy (top-1)', value: percent(accuracy) },
    { measure: 'error rate (top-1)', value: percent(1 - accuracy) },
    { measure: 'top-2 accuracy', value: percent(top2 / count) },
    { measure: 'mean confidence', value: percent(meanConfidence) },
    { measure: 'expected calibration error', value: percent(ece) },
  ],
  `Scores on ${count} ${split} digits (${setting})`,
);
log(`The book CNN reads ${correct} of ${count} ${split} digits correctly: accuracy ${percent(accuracy)}, so ${count - correct} mistakes.`);

plot.heatmap('Confusion matrix', confusion, {
  xTicks: digits,
  yTicks: digits,
  xLabel: 'predicted digit',
  yLabel: 'true digit',
  showValues: true,
  colorLabel: 'digits',
  description: `Rows are the true digits, columns the network's answers; the diagonal holds the ${correct} correct answers.`,
});

const pairs = [];
for (let t = 0; t < 10; t++) {
  for (let p = 0; p < 10; p++) if (t !== p && confusion[t]![p]! > 0) pairs.push({ t, p, n: confusion[t]![p]! });
}
pairs.sort((a, b) => b.n - a.n || a.t - b.t);
table(
  pairs.slice(0, 6).map(({ t, p, n }) => ({ 'true digit': t, 'read as': p, mistakes: n, 'share of that digit': percent(n / labels.filter((l) => l === t).length) })),
  pairs.length ? 'Most confused pairs' : 'Most confused pairs: none, every digit was read correctly',
);

plot.bars(
  'Accuracy per digit',
  Object.fromEntries(digits.map((d, k) => [d, (100 * confusion[k]![k]!) / Math.max(1, confusion[k]!.reduce((a, b) => a + b, 0))])),
  { xLabel: 'true digit', yLabel: 'accuracy (%)', description: 'The share of each digit read correctly.' },
);

// The gallery of mistakes, the most confident first: these are the ones a single accuracy hides.
const mistakes = Array.from(predicted.keys())
  .filter((i) => predicted[i] !== labels[i])
  .sort((a, b) => confidence[b]! - confidence[a]!)
  .slice(0, MAX_SHOWN);
if (mistakes.length > 0) {
  const images = mistakes.map(seen);
  await showGrid(images, {
    title: `Mistakes (${Math.min(MAX_SHOWN, count - correct)} of ${count - correct}, most confident first): true → read as (confidence)`,
    labels: mistakes.map((i) => `${labels[i]} → ${predicted[i]} (${Math.round(100 * confidence[i]!)} %)`),
    normalize: false,
  });
  tf.dispose(images);
}

plot.lines(
  'Calibration: is the network right as often as it is sure?',
  {
    'perfectly calibrated': [
      [0, 0],
      [100, 100],
    ],
    network: bins.filter((b) => b.n > 0).map((b) => [(100 * b.confidence) / b.n, (100 * b.right) / b.n]),
  },
  {
    xLabel: 'confidence (%)',
    yLabel: 'accuracy (%)',
    description: 'For digits grouped by the confidence of the answer, the share answered correctly, against the diagonal of perfect calibration.',
  },
);
log(`Mean confidence ${percent(meanConfidence)} against accuracy ${percent(accuracy)}; expected calibration error ${percent(ece)}.`);

tf.dispose(firstEight);
model.dispose();
mnist.dispose();
