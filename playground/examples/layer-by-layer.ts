// What does each stage of a deep network make of a picture? An image passes through a trained
// network, and for every layer that ends in a nonlinearity we look at:
//   - its feature maps: one small image per channel (the most active few are shown);
//   - its receptive field: how large a patch of the picture one unit can see;
//   - its tolerance: how similar its response stays when the picture is shifted a little.
// Tiny Darknet (16 learned layers, trained on ImageNet photos) takes your photo or a scene the
// playground draws; the book's CNN (4 learned layers, trained on digits) takes a handwritten digit.
import * as tf from '@tensorflow/tfjs';
import { data, generateImage, inputs, log, models, param, plot, progress, showGrid, table } from 'playground';

const NETWORK = param('network', 'tiny-darknet'); // 'tiny-darknet' | 'book-cnn'
const SHOWN = Math.round(param('maps', 6)); // feature maps shown per layer
const SHIFT = param('shift', 7); // % of the picture's width, for the tolerance test
const DIGIT = Math.round(param('digit', 4)); // which test digit the book's CNN sees

// ---- Model: Tiny Darknet comes from a public CDN (4.2 MB); offline, the book's CNN stands in ----
const bar = progress('Loading the network', 100);
const model = await models.loadWithFallback(NETWORK === 'book-cnn' ? 'book-cnn' : 'tiny-darknet', {
  onProgress: (loaded, total) => bar.set(Math.floor((100 * loaded) / Math.max(1, total))),
});
bar.set(100);
if (model.fellBack) log('Tiny Darknet could not be downloaded, so the book’s digit CNN is shown instead.');
const digits = model.name === 'book-cnn';
const [size] = model.inputSize ?? [224];

// ---- Data: a square picture, and the same picture shifted sideways by SHIFT % ----
const photo = inputs().image;
const source: tf.Tensor3D = tf.tidy(() => {
  if (photo) {
    const rgb = tf.tensor3d(new Int32Array(photo.rgba), [photo.height, photo.width, 4]).slice([0, 0, 0], [-1, -1, 3]).div(255);
    const side = Math.min(photo.height, photo.width); // the centre square keeps shapes undistorted
    return rgb.slice([Math.floor((photo.height - side) / 2), Math.floor((photo.width - side) / 2), 0], [side, side, 3]) as tf.Tensor3D;
  }
  return generateImage('shapes', 256);
});
let picture = source;
if (digits && !photo) {
  const mnist = await data.mnist({ splits: ['test'], progress: false });
  picture = tf.tidy(() => mnist.test.xs.slice([DIGIT % mnist.test.count, 0, 0, 0], [1, 28, 28, 1]).squeeze([0]) as tf.Tensor3D);
  log(`Test digit number ${DIGIT % mnist.test.count}, a handwritten ${mnist.test.labels[DIGIT % mnist.test.count]}.`);
  mnist.dispose();
} else {
  log(photo ? `Your picture “${photo.name}”.` : 'No photo chosen: a scene the playground draws (a house under the sun).');
}
const shift = Math.max(1, Math.round((SHIFT / 100) * size));
const [view, shifted] = tf.tidy(() => {
  const wide = tf.image.resizeBilinear(picture, [size + shift, size + shift], true);
  return [wide.slice([0, 0, 0], [size, size, -1]), wide.slice([0, shift, 0], [size, size, -1])];
});
const input = model.preprocess(view);
const inputShifted = model.preprocess(shifted);

// ---- Walk the layers: the receptive field grows by (kernel − 1) × (product of earlier strides) ----
interface Stage {
  layer: string;
  depth: number; // learned layers (convolutions and dense layers) up to and including this one
  field: number; // receptive field in pixels (capped at the picture for dense layers)
}
const stages: Stage[] = [];
let field = 1;
let jump = 1; // distance in pixels between neighbouring units of the current layer
let depth = 0;
for (const layer of model.model.layers) {
  const config = layer.getConfig() as { kernelSize?: number[]; poolSize?: number[]; strides?: number[]; activation?: string };
  const kind = layer.getClassName();
  const window = config.kernelSize?.[0] ?? config.poolSize?.[0];
  if (window !== undefined) {
    field += (window - 1) * jump;
    jump *= config.strides?.[0] ?? 1;
  }
  if (kind === 'Dense') field = size; // a dense unit sees every pixel
  if (kind === 'Conv2D' || kind === 'Dense') depth++;
  // A stage ends where a nonlinearity is applied: a ReLU inside the layer, or an activation layer.
  const nonlinear = /ReLU|Activation/.test(kind) || ((kind === 'Conv2D' || kind === 'Dense') && !['linear', 'softmax', undefined].includes(config.activation));
  if (nonlinear) stages.push({ layer: layer.name, depth, field: Math.min(field, size) });
}
log(`${model.name}: ${depth} learned layers between the pixels and the answer; ${stages.length} of them end in a nonlinearity.`);

// ---- Run the picture and its shifted copy through the network; show each stage ----
const names = stages.map((s) => s.layer);
const outputs = model.activations(input, names);
const outputsShifted = model.activations(inputShifted, names);
const rows: Array<Record<string, string | number>> = [];
for (const [i, stage] of stages.entries()) {
  const a = outputs[i]!;
  const b = outputsShifted[i]!;
  // Tolerance: correlation between the two responses, unit by unit (same positions, same channels).
  const similarity = tf.tidy(() => {
    const p = tf.sub(a.flatten(), tf.mean(a));
    const q = tf.sub(b.flatten(), tf.mean(b));
    return tf.div(tf.sum(tf.mul(p, q)), tf.sqrt(tf.mul(tf.sum(tf.square(p)), tf.sum(tf.square(q))))).dataSync()[0]!;
  });
  const shape = a.shape.slice(1) as number[];
  const isMap = shape.length === 3;
  rows.push({
    stage: i + 1,
    layer: stage.layer,
    'learned layers so far': stage.depth,
    output: shape.join(' × '),
    'each unit sees (px)': isMap ? `${stage.field} × ${stage.field}` : 'everything',
    'similarity after shift': Number(similarity.toFixed(2)),
  });
  if (!isMap) continue; // a dense layer's units are not laid out as a picture
  // The SHOWN most active channels, each drawn at a readable size.
  const maps = tf.tidy(() => {
    const [h, w, c] = shape as [number, number, number];
    const strongest = tf.topk(tf.mean(a, [0, 1, 2]), Math.min(SHOWN, c)).indices.arraySync() as number[];
    // Large maps are shrunk smoothly, small ones enlarged with crisp pixels, to 48–96 px.
    const side = Math.min(96, Math.max(h, 48));
    const resize = h > side ? tf.image.resizeBilinear : tf.image.resizeNearestNeighbor;
    return strongest.map((k) => resize(a.slice([0, 0, 0, k], [1, h, w, 1]) as tf.Tensor4D, [side, side], true).squeeze([0]));
  });
  await showGrid(maps, {
    title: `Stage ${i + 1} (${stage.layer}, ${stage.depth} learned layer${stage.depth > 1 ? 's' : ''} deep): ${shape.join(' × ')}, each unit sees ${stage.field} × ${stage.field} px`,
    labels: maps.map((_, k) => `map ${k + 1}`),
    normalize: 'each',
    scale: 1,
  });
  tf.dispose(maps);
}
table(rows, `${model.name}, stage by stage (picture ${size} × ${size} px, shifted by ${shift} px)`);
plot.lines(
  'How much of the picture one unit sees',
  { 'receptive field (px)': stages.map((s, i) => [i + 1, s.field] as [number, number]) },
  { xLabel: 'stage', yLabel: 'pixels across', yScale: 'log', description: 'Receptive-field width of one unit at each stage, in pixels, on a log axis.' },
);
plot.lines(
  `Response similarity after a ${shift}-pixel shift`,
  { similarity: rows.map((r) => [r.stage as number, r['similarity after shift'] as number] as [number, number]) },
  { xLabel: 'stage', yLabel: 'correlation', yDomain: [-0.2, 1], compare: true, description: 'Correlation between each stage’s response to the picture and to the shifted picture.' },
);

// ---- The answer at the top of the stack ----
const top = await model.classify(view, 3);
table(
  top.map((p, i) => ({ rank: i + 1, class: p.label, probability: `${(100 * p.probability).toFixed(1)} %` })),
  `What ${model.name} answers`,
);

tf.dispose([source, picture, view, shifted, input, inputShifted, ...outputs, ...outputsShifted]);
model.dispose();
