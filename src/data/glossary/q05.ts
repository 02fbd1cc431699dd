/** Glossary terms that question 5 explains (see ../glossary.ts). */
import type { GlossaryEntry } from '../glossary.ts';

export const q05: readonly GlossaryEntry[] = [
  {
    id: 'convolutional-layer',
    term: 'convolutional layer',
    definition:
      'A layer that slides a set of small learned filters over its input and makes one feature map per filter, with the same weights at every position.',
    question: 5,
  },
  {
    id: 'pooling',
    term: 'pooling',
    definition: 'A layer without weights that summarises each small window of a feature map by one number, so the map gets smaller.',
    question: 5,
  },
  {
    id: 'max-pooling',
    term: 'max pooling',
    definition: 'Pooling that keeps the largest value in each window.',
    question: 5,
  },
  {
    id: 'average-pooling',
    term: 'average pooling',
    definition: 'Pooling that keeps the mean of each window.',
    question: 5,
  },
  {
    id: 'global-average-pooling',
    term: 'global average pooling',
    definition: 'Averaging each whole feature map to a single number, which turns a stack of maps into one vector whatever the image size.',
    question: 5,
  },
  {
    id: 'fully-connected-layer',
    term: 'fully connected layer',
    definition: 'A layer in which every output unit has its own weight for every input number; also called a dense layer.',
    question: 5,
  },
  {
    id: 'one-by-one-convolution',
    term: '1×1 convolution',
    definition:
      'A convolution whose filters are one pixel wide: at each position it mixes the input channels into new channels, like a fully connected layer applied pixel by pixel.',
    question: 5,
  },
  {
    id: 'bottleneck-layer',
    term: 'bottleneck',
    definition: 'A 1×1 convolution that reduces the number of channels before a costly convolution, to save parameters and arithmetic.',
    question: 5,
  },
  {
    id: 'inception-module',
    term: 'Inception module',
    definition: 'A block of GoogLeNet that runs 1×1, 3×3 and 5×5 convolutions and a pooling side by side on the same input and stacks their outputs.',
    question: 5,
  },
  {
    id: 'strided-convolution',
    term: 'strided convolution',
    definition: 'A convolution evaluated only at every second (or n-th) position, which shrinks its output like pooling but with learned weights.',
    question: 5,
  },
];
