// Filter a picture with a 5×5 kernel of your own. Pick a preset above, edit the numbers (the
// picture updates as you type), or drop in a photo. The code below is all there is to it.
import * as tf from '@tensorflow/tfjs';
import { fromRgba, generateImage, inputs, log, param, show } from 'playground';

// The kernel from the grid above (rows first). Its default leaves the picture as it is.
const kernel = param('kernel', [
  [0, 0, 0, 0, 0],
  [0, 0, 0, 0, 0],
  [0, 0, 1, 0, 0],
  [0, 0, 0, 0, 0],
  [0, 0, 0, 0, 0],
]);
const scene = param('scene', 'shapes');

// Your photo if you chose one, else a picture the playground draws: [height, width, 3] in 0..1.
const picked = inputs().image;
const rgb = picked
  ? fromRgba(picked)
  : generateImage(scene === 'rings' || scene === 'stripes' || scene === 'checkerboard' ? scene : 'shapes', 160);

// One input channel (grey) and one output channel: the filter has shape [5, 5, 1, 1].
const [grey, filtered] = tf.tidy(() => {
  const g = rgb.mean(2, true) as tf.Tensor3D;
  const filter = tf.tensor4d(kernel.flat(), [kernel.length, kernel[0].length, 1, 1]);
  return [g, tf.conv2d(g, filter, 1, 'same')];
});

const [min, max] = tf.tidy(() => [filtered.min().dataSync()[0], filtered.max().dataSync()[0]]);
const sum = kernel.flat().reduce((a, b) => a + b, 0);
log(`Kernel sum ${Number(sum.toFixed(3))}: ${Math.abs(sum) < 1e-9 ? 'flat regions become 0, so only changes show' : Math.abs(sum - 1) < 1e-9 ? 'flat regions keep their brightness' : 'flat regions are scaled by the sum'}.`);
log(`Output values from ${min.toFixed(2)} to ${max.toFixed(2)} (stretched to black…white below).`);

const k = tf.tensor2d(kernel);
await show(k, { label: 'kernel (black = most negative, white = most positive)', normalize: true, group: 'kernel' });
await show(grey, { label: picked ? `your image “${picked.name}”` : `the generated “${scene}” picture`, group: 'kernel' });
await show(filtered, { label: 'filtered', normalize: true, group: 'kernel' });
tf.dispose([k, rgb, grey, filtered]);
