// Draw a digit on the pad, press Run, and let the book's CNN read it.
// The network has only ever seen MNIST digits, so first we turn your drawing into one, with the
// same steps that turned scanned handwriting into MNIST's 28×28 images.
import * as tf from '@tensorflow/tfjs';
import { data, fromRgba, inputs, log, models, plot, show, table, type InputImage } from 'playground';

/** Any pixel brighter than this (0..1) counts as ink. */
const INK = 0.1;

/** First and last index whose value is above INK, or null when there is none. */
function inkSpan(values: ArrayLike<number>): [number, number] | null {
  let first = -1;
  let last = -1;
  for (let i = 0; i < values.length; i++) {
    if (values[i] > INK) {
      if (first < 0) first = i;
      last = i;
    }
  }
  return first < 0 ? null : [first, last];
}

/**
 * A drawing (RGBA, white ink on black) → an MNIST-style digit [28, 28, 1] in 0..1, or null when
 * nothing is drawn. MNIST's description (LeCun, Cortes & Burges, "The MNIST database of handwritten
 * digits", yann.lecun.com/exdb/mnist): each digit was size-normalised to fit a 20×20 box keeping
 * its aspect ratio (anti-aliasing gave grey levels), then centred in a 28×28 image by its centre of
 * mass. We do the same.
 */
function toMnist(drawing: InputImage): tf.Tensor3D | null {
  // 1. Greyscale in 0..1: ink is bright, the background is black.
  const grey = tf.tidy(() => fromRgba(drawing).mean(2)) as tf.Tensor2D;

  // 2. The bounding box of the ink: the rows and columns that hold any ink.
  const [rowMax, colMax] = tf.tidy(() => [grey.max(1).dataSync(), grey.max(0).dataSync()]);
  const rows = inkSpan(rowMax);
  const cols = inkSpan(colMax);
  if (!rows || !cols) {
    grey.dispose();
    return null;
  }

  const mnistDigit = tf.tidy(() => {
    // 3. Crop to the box, pad it to a square (so a '1' stays thin), and shrink it to 20×20.
    //    Shrinking in two steps (bilinear to 80×80, then the mean of each 4×4 block) blends
    //    edges into grey levels, like MNIST's anti-aliasing; resizing straight to 20×20 would
    //    skip most pixels and give jagged strokes.
    const [h, w] = [rows[1] - rows[0] + 1, cols[1] - cols[0] + 1];
    const side = Math.max(h, w);
    const crop = grey.slice([rows[0], cols[0]], [h, w]);
    const square = crop.pad([
      [Math.floor((side - h) / 2), Math.ceil((side - h) / 2)],
      [Math.floor((side - w) / 2), Math.ceil((side - w) / 2)],
    ]);
    const big = tf.image.resizeBilinear(square.expandDims(-1) as tf.Tensor3D, [80, 80]);
    const digit = tf.avgPool(big, 4, 4, 'valid') as tf.Tensor3D; // [20, 20, 1]

    // 4. The centre of mass: the mean position of the pixels, weighted by their brightness.
    const pixels = digit.squeeze([2]);
    const centres = tf.range(0, 20).add(0.5); // the centre of each pixel row/column
    const mass = pixels.sum();
    const [cy, cx] = tf.stack([pixels.sum(1).mul(centres).sum().div(mass), pixels.sum(0).mul(centres).sum().div(mass)]).dataSync();

    // 5. Place the 20×20 digit in a 28×28 field so that its centre of mass lands on the field's
    //    centre (14, 14), moving by whole pixels and keeping the digit inside the field.
    const clamp = (v: number) => Math.max(0, Math.min(8, v));
    const top = clamp(Math.round(14 - cy));
    const left = clamp(Math.round(14 - cx));
    return digit.pad([[top, 8 - top], [left, 8 - left], [0, 0]]) as tf.Tensor3D;
  });
  grey.dispose();
  return mnistDigit;
}

// Get data: your drawing, made into an MNIST digit.
const drawing = inputs().image;
let digit = drawing ? toMnist(drawing) : null;
if (!digit) {
  // Nothing drawn yet: rather than classify a black square, show the pipeline on a real MNIST
  // digit from the test split, which the network never saw while it trained.
  log('Draw a digit first: use the pad above, then press Run again.');
  // ✏️ Try another index, 0–999.
  const index = 1;
  const mnist = await data.mnist({ splits: ['test'] });
  digit = tf.tidy(() => mnist.test.xs.slice([index, 0, 0, 0], [1, 28, 28, 1]).squeeze([0]) as tf.Tensor3D);
  log(`Meanwhile, MNIST test digit #${index}, labelled ${mnist.test.labels[index]}:`);
  mnist.dispose();
}

// Load the model: the book's own CNN, trained on 8,000 MNIST digits.
const model = await models.load('book-cnn');

// Run it and show what it sees and what it thinks.
await show(digit, { label: 'what the network sees (28×28)', scale: 6 });
const ranked = await model.classify(digit, 10); // all ten digits, most probable first
const top3 = ranked.slice(0, 3);
plot.bars(
  'Probability of each digit',
  Object.fromEntries([...ranked].sort((a, b) => a.index - b.index).map((p) => [p.label, 100 * p.probability])),
  { xLabel: 'digit', yLabel: 'probability (%)', description: 'The network’s probability for each of the ten digits; they sum to 100 %.' },
);
table(
  top3.map((p) => ({ digit: p.label, probability: `${(100 * p.probability).toFixed(1)} %` })),
  'Top 3 digits',
);
log(`The network reads: ${top3[0].label} (${(100 * top3[0].probability).toFixed(1)} % sure).`);

digit.dispose();
model.dispose();
