// Convolution from scratch, then checked against TensorFlow.js.
// Deep-learning libraries compute *cross-correlation*: the kernel slides over the image
// without being flipped. That is what we write here.
import * as tf from '@tensorflow/tfjs';
import { log, table } from 'playground';

type Padding = 'valid' | 'same';

/** 2-D cross-correlation of one greyscale image with one kernel. */
function conv2d(image: number[][], kernel: number[][], stride = 1, padding: Padding = 'valid'): number[][] {
  const [h, w] = [image.length, image[0].length];
  const [kh, kw] = [kernel.length, kernel[0].length];
  // 'same' pads with zeros so that, at stride 1, the output has the input's size.
  const outH = padding === 'same' ? Math.ceil(h / stride) : Math.floor((h - kh) / stride) + 1;
  const outW = padding === 'same' ? Math.ceil(w / stride) : Math.floor((w - kw) / stride) + 1;
  const padTop = padding === 'same' ? Math.floor(Math.max((outH - 1) * stride + kh - h, 0) / 2) : 0;
  const padLeft = padding === 'same' ? Math.floor(Math.max((outW - 1) * stride + kw - w, 0) / 2) : 0;
  const pixel = (y: number, x: number) => (y >= 0 && y < h && x >= 0 && x < w ? image[y][x] : 0);

  const out: number[][] = [];
  for (let oy = 0; oy < outH; oy++) {
    const row: number[] = [];
    for (let ox = 0; ox < outW; ox++) {
      // One output value: the weighted sum of the window under the kernel.
      let sum = 0;
      for (let ky = 0; ky < kh; ky++) {
        for (let kx = 0; kx < kw; kx++) {
          sum += kernel[ky][kx] * pixel(oy * stride - padTop + ky, ox * stride - padLeft + kx);
        }
      }
      row.push(sum);
    }
    out.push(row);
  }
  return out;
}

// A tiny worked example you can check by hand.
const image = [
  [1, 2, 0, 1],
  [0, 1, 3, 1],
  [2, 1, 0, 0],
  [1, 0, 1, 2],
];
const kernel = [
  [1, 0],
  [0, -1],
];
log('Our result (valid padding, stride 1):', JSON.stringify(conv2d(image, kernel)));

// Compare with tf.conv2d on random inputs: shapes [height, width, channels] for the image,
// [kh, kw, inChannels, outChannels] for the filter.
const random = (h: number, w: number) => Array.from({ length: h }, () => Array.from({ length: w }, () => Math.random() * 2 - 1));
const rows = [];
for (const [size, k, stride, padding] of [
  [7, 3, 1, 'valid'],
  [8, 3, 2, 'same'],
  [9, 5, 2, 'valid'],
  [6, 2, 1, 'same'],
] as const) {
  const img = random(size, size);
  const ker = random(k, k);
  const ours = conv2d(img, ker, stride, padding);
  // tf.tidy frees the tensors made inside it, so the loop does not pile them up.
  const theirs = tf.tidy(() => tf.conv2d(tf.tensor3d(img.flat(), [size, size, 1]), tf.tensor4d(ker.flat(), [k, k, 1, 1]), stride, padding).arraySync());
  const expected = theirs.map((r) => r.map((c) => c[0]));
  const maxDiff = Math.max(...ours.flatMap((r, y) => r.map((v, x) => Math.abs(v - expected[y][x]))));
  rows.push({ input: `${size}×${size}`, kernel: `${k}×${k}`, stride, padding, output: `${ours.length}×${ours[0].length}`, maxDiff });
}
table(rows, 'Our convolution against tf.conv2d (largest absolute difference)');
const worst = Math.max(...rows.map((r) => r.maxDiff));
log(worst < 1e-4 ? `Match: every output agrees within ${worst.toExponential(1)}.` : `Mismatch! Largest difference ${worst}.`);
