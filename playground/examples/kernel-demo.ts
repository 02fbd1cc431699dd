// Edit a 3×3 kernel and watch it filter an image.
// Try the presets below, or invent your own. Upload or drop a photo to filter it instead.
import * as tf from '@tensorflow/tfjs';
import { generateImage, inputs, log, show } from 'playground';

const presets = {
  identity: [[0, 0, 0], [0, 1, 0], [0, 0, 0]],
  blur: [[1 / 9, 1 / 9, 1 / 9], [1 / 9, 1 / 9, 1 / 9], [1 / 9, 1 / 9, 1 / 9]],
  sharpen: [[0, -1, 0], [-1, 5, -1], [0, -1, 0]],
  // Sobel: responds to vertical edges (brightness changing from left to right).
  verticalEdges: [[-1, 0, 1], [-2, 0, 2], [-1, 0, 1]],
  horizontalEdges: [[-1, -2, -1], [0, 0, 0], [1, 2, 1]],
  // Centre-surround, like a retinal ganglion cell's receptive field.
  centreSurround: [[-1, -1, -1], [-1, 8, -1], [-1, -1, -1]],
};

// ✏️ Change this line to another preset, or write your own 3×3 numbers.
const kernel: number[][] = presets.verticalEdges;

const picked = inputs().image;
const rgb = picked
  ? tf.tensor3d(Float32Array.from(picked.rgba.filter((_, i) => i % 4 !== 3), (v) => v / 255), [picked.height, picked.width, 3])
  : generateImage('shapes', 128);

// Greyscale [h, w, 1]: the kernel then has one input channel and one output channel.
const grey = rgb.mean(2, true) as tf.Tensor3D;
const filter = tf.tensor4d(kernel.flat(), [3, 3, 1, 1]);
const filtered = tf.conv2d(grey, filter, 1, 'same');

const [min, max] = [filtered.min().dataSync()[0], filtered.max().dataSync()[0]];
log(`Image ${grey.shape[1]}×${grey.shape[0]} from ${picked ? `your file “${picked.name}”` : 'the generated scene'}.`);
log(`Kernel sum ${kernel.flat().reduce((a, b) => a + b, 0).toFixed(2)}; output range ${min.toFixed(2)} … ${max.toFixed(2)}.`);

await show(rgb, { label: 'input', group: 'kernel' });
await show(grey, { label: 'greyscale', group: 'kernel' });
// Edge kernels give negative values: stretch the output to the visible range.
await show(filtered, { label: 'filtered (stretched to 0–255)', normalize: true, group: 'kernel' });
