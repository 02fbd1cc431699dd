/** Glossary terms that question 8 explains (see ../glossary.ts). */
import type { GlossaryEntry } from '../glossary.ts';

const q = 8;

export const q08: readonly GlossaryEntry[] = [
  {
    id: 'multiply-add',
    term: 'multiply-add',
    definition:
      'One multiplication and one addition, the step of every dot product: the unit in which the arithmetic of convolutional and dense layers is counted (two FLOPs).',
    question: q,
  },
  {
    id: 'parameter',
    term: 'parameter',
    definition: 'A number the network learns, every weight and every bias; a layer’s parameter count is how many numbers it must store.',
    question: q,
  },
  {
    id: 'activation-memory',
    term: 'activation memory',
    definition:
      'The memory that holds the values every layer outputs during the forward pass, kept until the backward pass has used them; it grows with the batch size.',
    question: q,
  },
  {
    id: 'im2col',
    term: 'im2col',
    definition:
      'Copying every patch a convolution sees into a column of a large matrix, so that the whole layer becomes one matrix product that fast linear-algebra libraries compute.',
    question: q,
  },
  {
    id: 'winograd-convolution',
    term: 'Winograd convolution',
    definition:
      'A way to compute small convolutions with fewer multiplications, by transforming tiles of input and filter so that most products become element-wise; exact up to rounding.',
    question: q,
  },
  {
    id: 'roofline-model',
    term: 'roofline model',
    definition:
      'A picture of a chip’s speed limit: a program runs at most at peak arithmetic or at memory bandwidth times its arithmetic intensity, whichever is lower.',
    question: q,
  },
  {
    id: 'memory-bound',
    term: 'memory-bound',
    definition:
      'Limited by how fast data moves to and from memory rather than by arithmetic: true of layers that do a few operations per value, such as ReLU and pooling.',
    question: q,
  },
  {
    id: 'depthwise-separable-convolution',
    term: 'depthwise-separable convolution',
    definition:
      'A convolution split in two: one small spatial filter per input channel (depthwise), then a 1×1 convolution that mixes channels (pointwise); far cheaper than a full convolution.',
    question: q,
  },
  {
    id: 'gradient-checkpointing',
    term: 'gradient checkpointing',
    definition:
      'Keeping only some layers’ activations during the forward pass and recomputing the rest during the backward pass: less memory for more arithmetic.',
    question: q,
  },
];
