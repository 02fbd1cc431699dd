// Does max pooling make a network tolerant to small shifts? Slide a picture by 0, 1, 2, … pixels,
// pass each version through the same convolutional layer (4 oriented edge filters + ReLU), and
// measure how much the feature maps change compared with the unshifted picture, at the same
// positions, before pooling and after pooling.
//
// The change is relative: ‖maps(shifted) − maps(original)‖ / ‖maps(original)‖ (0 = identical;
// about 1.4 = as different as two unrelated maps of the same strength).
import * as tf from '@tensorflow/tfjs';
import { fromRgba, generateImage, inputs, log, param, plot, showGrid, table } from 'playground';

const maxShift = param('maxShift', 4); // pixels
const poolSize = Number(param('poolSize', '4')); // the larger pooling window compared (2×2 is always shown)
const direction = param('direction', 'diagonal');

// ---- data: a grey picture, and windows cut from it at growing offsets ---------------------------
const picked = inputs().image;
const grey = tf.tidy(() => (picked ? fromRgba(picked) : generateImage('shapes', 160)).mean(2, true) as tf.Tensor3D);
const crop = Math.min(grey.shape[0], grey.shape[1]) - maxShift;
if (crop < 16) throw new Error(`the picture is too small for shifts of ${maxShift} pixels`);
const window = (shift: number): tf.Tensor4D => {
  const dy = direction === 'horizontal' ? 0 : shift;
  const dx = shift;
  return grey.slice([dy, dx, 0], [crop, crop, 1]).expandDims(0) as tf.Tensor4D;
};

// ---- model: one convolutional layer with fixed oriented filters (7×7 Gabor patches) ------------
function gabor(angle: number, size = 7, wavelength = 5, sigma = 1.8): number[] {
  const half = (size - 1) / 2;
  const w: number[] = [];
  for (let y = -half; y <= half; y++)
    for (let x = -half; x <= half; x++) {
      const u = x * Math.cos(angle) + y * Math.sin(angle);
      w.push(Math.exp(-(x * x + y * y) / (2 * sigma * sigma)) * Math.sin((2 * Math.PI * u) / wavelength));
    }
  return w;
}
const angles = [0, 45, 90, 135];
const filters = tf.tidy(() => tf.stack(angles.map((a) => tf.tensor(gabor((a * Math.PI) / 180), [7, 7, 1]))).transpose([1, 2, 3, 0]) as tf.Tensor4D);

type Stage = { name: string; apply: (maps: tf.Tensor4D) => tf.Tensor4D };
const allStages: Stage[] = [
  { name: 'no pooling', apply: (m) => m },
  { name: 'max pool 2×2', apply: (m) => tf.maxPool(m, 2, 2, 'valid') },
  { name: `max pool ${poolSize}×${poolSize}`, apply: (m) => tf.maxPool(m, poolSize, poolSize, 'valid') },
  { name: `average pool ${poolSize}×${poolSize}`, apply: (m) => tf.avgPool(m, poolSize, poolSize, 'valid') },
  { name: 'global max pool', apply: (m) => tf.max(m, [1, 2], true) },
];
const stages = allStages.filter((s, i) => allStages.findIndex((t) => t.name === s.name) === i); // poolSize 2 would repeat a line

const featureMaps = (shift: number) => tf.tidy(() => tf.relu(tf.conv2d(window(shift), filters, 1, 'same')) as tf.Tensor4D);

// ---- run: change of each stage's output, shift by shift ----------------------------------------
const reference = featureMaps(0);
const referenceOut = stages.map((s) => tf.tidy(() => s.apply(reference)));
const change: Record<string, Array<[number, number]>> = Object.fromEntries(stages.map((s) => [s.name, [[0, 0]]]));
for (let shift = 1; shift <= maxShift; shift++) {
  const maps = featureMaps(shift);
  for (const [i, s] of stages.entries()) {
    const relative = tf.tidy(() => tf.div(tf.norm(tf.sub(s.apply(maps), referenceOut[i]!)), tf.norm(referenceOut[i]!)));
    change[s.name]!.push([shift, (await relative.data())[0]!]);
    relative.dispose();
  }
  maps.dispose();
}

plot.lines('How much the feature maps change when the picture shifts', change, {
  xLabel: `shift (pixels, ${direction})`,
  yLabel: 'relative change',
  compare: true,
  description: 'Relative change of the feature maps against the shift of the input, before pooling and after max, average and global max pooling.',
});
table(
  stages.map((s) => ({
    stage: s.name,
    'map size': referenceOut[stages.indexOf(s)]!.shape.slice(1, 3).join('×'),
    ...Object.fromEntries(change[s.name]!.slice(1).map(([x, y]) => [`${x} px`, y.toFixed(3)])),
  })),
  'Relative change of the maps, by shift',
);
const at1 = (name: string) => change[name]![1]![1];
log(
  `A 1-pixel shift changes the unpooled maps by ${at1('no pooling').toFixed(2)}, ` +
    `after 2×2 max pooling by ${at1('max pool 2×2').toFixed(2)}, after ${poolSize}×${poolSize} by ${at1(`max pool ${poolSize}×${poolSize}`).toFixed(2)}, ` +
    `after global max pooling by ${at1('global max pool').toFixed(2)}.`,
);

// ---- show: the vertical-edge map (filter at 0°) before and after a 1-pixel shift -----------------
const shifted = featureMaps(1);
const pick = (m: tf.Tensor4D) => m.slice([0, 0, 0, 0], [1, -1, -1, 1]).squeeze([0]) as tf.Tensor3D;
const views = tf.tidy(() => {
  const pooled = (m: tf.Tensor4D) => tf.maxPool(m, poolSize, poolSize, 'valid');
  const a = pick(reference);
  const b = pick(shifted);
  const pa = pick(pooled(reference));
  const pb = pick(pooled(shifted));
  // One grey scale for all six (0 = black, the strongest response = white), so they compare.
  const top = tf.max(tf.stack([a.max(), pa.max(), b.max()]));
  return [a, b, tf.abs(tf.sub(a, b)), pa, pb, tf.abs(tf.sub(pa, pb))].map((v) => tf.div(v, top));
});
await showGrid(views, {
  title: 'One filter’s map (0°), original and shifted by 1 pixel, and their difference: before and after max pooling',
  labels: ['map', 'map, shifted 1 px', '|difference|', `max-pooled ${poolSize}×${poolSize}`, 'pooled, shifted 1 px', '|difference| after pooling'],
  normalize: false,
});
tf.dispose([grey, filters, reference, shifted, ...referenceOut, ...views]);
