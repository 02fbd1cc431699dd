// Hello, tensor: the objects every network is made of.
import * as tf from '@tensorflow/tfjs';
import { log, table } from 'playground';

// A tensor is an n-dimensional array of numbers with a shape.
const image = tf.tensor2d([
  [0, 1, 2],
  [3, 4, 5],
]);
log('A 2×3 tensor:', image);

// Arithmetic works element by element…
const brighter = image.add(10);
log('Plus 10:', brighter);

// …and matrix multiplication is what a fully connected layer does.
const weights = tf.tensor2d([[1], [0], [-1]]);
const response = image.matMul(weights);
log('Times a 3×1 weight matrix:', response);

// Reductions summarise a tensor.
const total = image.sum().dataSync()[0];
table([
  { quantity: 'shape', value: image.shape.join(' × ') },
  { quantity: 'sum of entries', value: total },
  { quantity: 'mean', value: image.mean().dataSync()[0] },
], 'Facts about the tensor');

log(`The backend doing the arithmetic: ${tf.getBackend()}`);
