// An electrophysiology experiment on one unit of a trained network. We "record" from a unit in the
// first layer of the book's digit CNN (its convolution followed by a ReLU, at the centre of the image)
// and characterise it the way a V1 cell is characterised: tuning curves from drifting gratings, and
// a receptive field recovered by reverse correlation with white noise. Unlike in the lab, we can then
// open the cell and compare the recovered receptive field with its actual weights.
import * as tf from '@tensorflow/tfjs';
import { chart, log, models, nextFrame, param, plot, progress, setSeed, showGrid } from 'playground';

setSeed(param('seed', 1));
const UNIT = Math.round(param('unit', 4)) - 1; // which of the 20 first-layer units (1-based in the control)
const TRIALS = Math.round(param('trials', 8000)); // white-noise frames for reverse correlation
const SPIKES = param('spikes', true); // turn the unit's output into Poisson spike counts, as a real cell would
const SIZE = 28;
const CENTRE = 12; // the unit whose 5×5 receptive field covers pixels 12..16 of the 28×28 image

const cnn = await models.load('book-cnn');
const layer = cnn.layers().find((l) => l.className === 'Conv2D')!.name;
const weights = tf.tidy(() => models.firstLayerFilters(cnn).slice([0, 0, 0, UNIT], [5, 5, 1, 1]).reshape([5, 5]) as tf.Tensor2D);
log(`Recording from unit ${UNIT + 1} of 20 in layer “${layer}” (5×5 weights, then ReLU), at the centre of the image.`);

/** The unit's response (ReLU output) to a batch of images [n, 28, 28] with values in 0..1. */
function respond(images: tf.Tensor3D): Float32Array {
  return tf.tidy(() => {
    const [maps] = cnn.activations(images.expandDims(3) as tf.Tensor4D, [layer]);
    return maps!.slice([0, CENTRE, CENTRE, UNIT], [-1, 1, 1, 1]).reshape([-1]).dataSync() as Float32Array;
  });
}

// --- Experiment 1: drifting gratings at every orientation and spatial frequency ---------------------
const ORIENTATIONS = Array.from({ length: 12 }, (_, i) => i * 15); // degrees
const FREQUENCIES = [0.04, 0.06, 0.08, 0.1, 0.13, 0.16, 0.2, 0.25, 0.3, 0.4]; // cycles per pixel
const PHASES = 8; // a drifting grating passes every phase; we average the response over one cycle
function gratings(): tf.Tensor3D {
  const pixels = new Float32Array(ORIENTATIONS.length * FREQUENCIES.length * PHASES * SIZE * SIZE);
  let k = 0;
  for (const angle of ORIENTATIONS) {
    const [c, s] = [Math.cos((angle * Math.PI) / 180), Math.sin((angle * Math.PI) / 180)];
    for (const f of FREQUENCIES) {
      for (let p = 0; p < PHASES; p++) {
        for (let y = 0; y < SIZE; y++) {
          for (let x = 0; x < SIZE; x++) pixels[k++] = 0.5 + 0.5 * Math.cos(2 * Math.PI * f * (x * c + y * s) + (2 * Math.PI * p) / PHASES);
        }
      }
    }
  }
  return tf.tensor3d(pixels, [ORIENTATIONS.length * FREQUENCIES.length * PHASES, SIZE, SIZE]);
}
const stimuli = gratings();
const raw = respond(stimuli);
stimuli.dispose();
// Mean response over the phases of each (orientation, frequency): what a cell's mean rate would be.
const mean = (o: number, f: number) => {
  let sum = 0;
  for (let p = 0; p < PHASES; p++) sum += raw[(o * FREQUENCIES.length + f) * PHASES + p]!;
  return sum / PHASES;
};
let best = { o: 0, f: 0, r: -1 };
ORIENTATIONS.forEach((_, o) => {
  FREQUENCIES.forEach((_, f) => {
    if (mean(o, f) > best.r) best = { o, f, r: mean(o, f) };
  });
});
const orientationCurve = ORIENTATIONS.map((angle, o) => [angle, mean(o, best.f)] as [number, number]);
const frequencyCurve = FREQUENCIES.map((f, i) => [f, mean(best.o, i)] as [number, number]);
plot.lines(`Orientation tuning at ${FREQUENCIES[best.f]} cycles/pixel`, { [`unit ${UNIT + 1}`]: orientationCurve }, { xLabel: 'grating orientation (°)', yLabel: 'mean response', compare: true });
plot.lines(`Spatial-frequency tuning at ${ORIENTATIONS[best.o]}°`, { [`unit ${UNIT + 1}`]: frequencyCurve }, { xLabel: 'spatial frequency (cycles/pixel)', yLabel: 'mean response', compare: true });
const responses = orientationCurve.map(([, r]) => r);
const selectivity = (Math.max(...responses) - Math.min(...responses)) / Math.max(1e-9, Math.max(...responses) + Math.min(...responses));
log(
  `Preferred grating: ${ORIENTATIONS[best.o]}° at ${FREQUENCIES[best.f]} cycles/pixel (a period of ${(1 / FREQUENCIES[best.f]!).toFixed(1)} pixels). ` +
    `Orientation selectivity (max − min)/(max + min) = ${selectivity.toFixed(2)}.`,
);

// --- Experiment 2: reverse correlation with white noise -----------------------------------------------
// Each frame is independent black-or-white pixels. We add up the frames, weighted by the spikes each
// evoked (the spike-triggered average, STA), in a 9×9 window around the receptive field.
const WINDOW = 9;
const OFFSET = CENTRE - 2; // the window starts 2 pixels before the 5×5 field
const sta = new Float64Array(WINDOW * WINDOW);
let spikes = 0;
const truth = tf.tidy(() => tf.pad(weights, [[2, 2], [2, 2]]).dataSync() as Float32Array); // weights in the same 9×9 window
const fit = chart('Recovered receptive field vs the actual weights', { series: ['correlation'], xLabel: 'white-noise frames', yLabel: 'correlation', compare: true });
const bar = progress('Presenting white noise', TRIALS);
const BATCH = 500;
const gain = 2 / Math.max(1e-6, best.r); // about 2 spikes per frame at the preferred grating's mean response
for (let shown = 0; shown < TRIALS; shown += BATCH) {
  const n = Math.min(BATCH, TRIALS - shown);
  const frames = tf.tidy(() => tf.randomUniform([n, SIZE, SIZE]).greater(0.5).toFloat() as tf.Tensor3D);
  const rates = respond(frames);
  const pixels = frames.dataSync();
  frames.dispose();
  for (let i = 0; i < n; i++) {
    const count = SPIKES ? poisson(rates[i]! * gain) : rates[i]!;
    if (count === 0) continue;
    spikes += count;
    for (let y = 0; y < WINDOW; y++) {
      for (let x = 0; x < WINDOW; x++) {
        const j = y * WINDOW + x;
        sta[j] = sta[j]! + count * (pixels[i * SIZE * SIZE + (OFFSET + y) * SIZE + OFFSET + x]! - 0.5);
      }
    }
  }
  fit.push(shown + n, { correlation: correlation(sta, truth) });
  bar.set(shown + n);
  await nextFrame();
}
const r = correlation(sta, truth);
const staImage = tf.tensor2d(Float32Array.from(sta, (v) => v / Math.max(1, spikes)), [WINDOW, WINDOW]);
const truthImage = tf.tensor2d(truth, [WINDOW, WINDOW]);
await showGrid([truthImage, staImage], { title: `Unit ${UNIT + 1}: weights and spike-triggered average (9×9 window)`, labels: ['actual weights', 'recovered by reverse correlation'], scale: 14 });
log(`${SPIKES ? `${Math.round(spikes).toLocaleString('en')} spikes from ` : ''}${TRIALS.toLocaleString('en')} white-noise frames: the STA correlates r = ${r.toFixed(2)} with the unit's actual weights.`);
tf.dispose([weights, staImage, truthImage]);
cnn.dispose();

/** Pearson correlation of two equally long arrays. */
function correlation(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const n = a.length;
  let [ma, mb] = [0, 0];
  for (let i = 0; i < n; i++) [ma, mb] = [ma + a[i]! / n, mb + b[i]! / n];
  let [ab, aa, bb] = [0, 0, 0];
  for (let i = 0; i < n; i++) {
    ab += (a[i]! - ma) * (b[i]! - mb);
    aa += (a[i]! - ma) ** 2;
    bb += (b[i]! - mb) ** 2;
  }
  return aa > 0 && bb > 0 ? ab / Math.sqrt(aa * bb) : 0;
}

/** A Poisson-distributed count with the given mean (Knuth's method; means here are small). */
function poisson(mean: number): number {
  const limit = Math.exp(-mean);
  let [k, p] = [0, Math.random()];
  while (p > limit) {
    k++;
    p *= Math.random();
  }
  return k;
}
