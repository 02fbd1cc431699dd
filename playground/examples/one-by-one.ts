// A 1×1 convolution looks at one pixel at a time, but at all of that pixel's channels: each output
// channel is a weighted sum of the input channels at the same position. On a colour photo (3 input
// channels: red, green, blue) it is a colour mixer. Set the weights in the grid above (one row per
// output channel, one column per input colour), pick a preset, or drop in a photo of your own.
//
// Second half: why networks use 1×1 convolutions before costly ones, in numbers.
import * as tf from '@tensorflow/tfjs';
import { fromRgba, generateImage, inputs, log, param, plot, show, showGrid, table } from 'playground';

// ---- 1. a per-pixel colour mixer --------------------------------------------------------------

// Rows: output channels; columns: how much of red, green and blue goes into each.
const mix = param('mix', [
  [0.299, 0.587, 0.114],
  [0.5, -0.5, 0],
  [-0.25, -0.25, 0.5],
]);
const picked = inputs().image;
const rgb = picked ? fromRgba(picked) : generateImage('shapes', 160);
const [height, width] = rgb.shape;

const [mixed, byHand, difference] = tf.tidy(() => {
  // TF.js wants the kernel as [1, 1, input channels, output channels]: the transpose of the grid.
  const kernel = tf.tensor2d(mix).transpose().reshape([1, 1, 3, mix.length]) as tf.Tensor4D;
  const out = tf.conv2d(rgb, kernel as unknown as tf.Tensor4D, 1, 'valid') as tf.Tensor3D;
  // The same thing as a fully connected layer applied to every pixel: a matrix product.
  const pixels = rgb.reshape([height * width, 3]);
  const dense = tf.matMul(pixels, tf.tensor2d(mix), false, true).reshape([height, width, mix.length]) as tf.Tensor3D;
  return [out, dense, tf.max(tf.abs(tf.sub(out, dense)))];
});
const maxDifference = (await difference.data())[0];
log(`${height}×${width} pixels × 3 colours in, ${mix.length} channels out: ${3 * mix.length} weights in all, the same at every pixel.`);
log(`The 1×1 convolution and a fully connected layer applied pixel by pixel agree to ${maxDifference.toExponential(1)} (rounding).`);

await show(rgb, { label: picked ? `your image “${picked.name}”` : 'the generated picture', group: 'mixer' });
const channels = tf.unstack(mixed, 2);
await showGrid(channels, {
  title: 'Output channels of the 1×1 convolution (each stretched to black…white)',
  labels: mix.map((w, i) => `channel ${i + 1} = ${w.map((v, c) => `${v >= 0 && c > 0 ? '+' : ''}${Number(v.toFixed(3))}·${'RGB'[c]}`).join(' ')}`),
  normalize: 'each',
});
tf.dispose([rgb, mixed, byHand, difference, ...channels]);

// ---- 2. the bottleneck: shrink the channels before a 5×5 convolution ---------------------------

const size = param('size', 28); // feature map height = width
const inChannels = param('inChannels', 192);
const reduceTo = param('reduceTo', 16);
const outChannels = param('outChannels', 32);
const k = 5;

// Counted by hand (weights + biases; multiply-adds for one image)...
const direct = { params: k * k * inChannels * outChannels + outChannels, macs: size * size * outChannels * k * k * inChannels };
const squeeze = { params: inChannels * reduceTo + reduceTo, macs: size * size * reduceTo * inChannels };
const after = { params: k * k * reduceTo * outChannels + outChannels, macs: size * size * outChannels * k * k * reduceTo };
const bottleneck = { params: squeeze.params + after.params, macs: squeeze.macs + after.macs };

// ...and checked against TF.js, which builds both and counts their weights itself.
function countWithTfjs(layers: tf.layers.Layer[]): number {
  const model = tf.sequential({ layers: [tf.layers.inputLayer({ inputShape: [size, size, inChannels] }), ...layers] });
  const n = model.countParams();
  model.dispose();
  return n;
}
const tfDirect = countWithTfjs([tf.layers.conv2d({ filters: outChannels, kernelSize: k, padding: 'same' })]);
const tfBottleneck = countWithTfjs([
  tf.layers.conv2d({ filters: reduceTo, kernelSize: 1 }),
  tf.layers.conv2d({ filters: outChannels, kernelSize: k, padding: 'same' }),
]);
if (tfDirect !== direct.params || tfBottleneck !== bottleneck.params) throw new Error('hand count and TF.js disagree');

const fmt = (n: number) => n.toLocaleString('en-US');
table(
  [
    { path: `5×5 convolution, ${inChannels} → ${outChannels} channels`, parameters: fmt(direct.params), 'multiply-adds': fmt(direct.macs), 'TF.js countParams()': fmt(tfDirect) },
    {
      path: `1×1 to ${reduceTo}, then 5×5 to ${outChannels}`,
      parameters: fmt(bottleneck.params),
      'multiply-adds': fmt(bottleneck.macs),
      'TF.js countParams()': fmt(tfBottleneck),
    },
  ],
  `A 5×5 convolution on a ${size}×${size}×${inChannels} input, with and without a 1×1 bottleneck`,
);
plot.bars(
  'Cost of the 5×5 path, with and without the 1×1 bottleneck',
  {
    categories: ['parameters (thousands)', 'multiply-adds (millions)'],
    series: { direct: [direct.params / 1e3, direct.macs / 1e6], 'with bottleneck': [bottleneck.params / 1e3, bottleneck.macs / 1e6] },
  },
  { description: 'Thousands of parameters and millions of multiply-adds of a 5×5 convolution applied directly and after a 1×1 convolution that reduces the channels.' },
);
log(`The bottleneck needs ${(direct.params / bottleneck.params).toFixed(1)}× fewer parameters and ${(direct.macs / bottleneck.macs).toFixed(1)}× fewer multiply-adds.`);
