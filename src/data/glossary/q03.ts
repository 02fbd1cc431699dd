/** Glossary terms that question 3 explains (see ../glossary.ts). */
import type { GlossaryEntry } from '../glossary.ts';

export const q03: readonly GlossaryEntry[] = [
  {
    id: 'convolution',
    term: 'convolution',
    definition:
      'An operation that slides a small grid of weights, the kernel, across a signal or image and at every position multiplies the values underneath by the weights and adds the products.',
    question: 3,
  },
  {
    id: 'kernel',
    term: 'kernel (filter)',
    definition: 'The small grid of weights that a convolution slides across its input; deep-learning texts also call it a filter.',
    question: 3,
  },
  {
    id: 'weight',
    term: 'weight',
    definition: 'A single adjustable number by which an input value is multiplied before the products are added up.',
    question: 3,
  },
  {
    id: 'feature-map',
    term: 'feature map',
    definition: 'The output of one kernel: for every position, how strongly the neighbourhood there matches the pattern the kernel encodes.',
    question: 3,
  },
  {
    id: 'stride',
    term: 'stride',
    definition:
      'How many positions the kernel moves between one output value and the next; a stride of 2 roughly halves the output’s width and height.',
    question: 3,
  },
  {
    id: 'padding',
    term: 'padding (valid, same)',
    definition:
      'Extra values, almost always zeros, added around the border of an input so that the kernel can also be centred on edge pixels: “valid” means none, “same” means enough to keep the size at stride 1.',
    question: 3,
  },
  {
    id: 'dilation',
    term: 'dilation',
    definition: 'Gaps left between the weights of a kernel, so that it spans a larger patch of the input without gaining weights.',
    question: 3,
  },
  {
    id: 'channel',
    term: 'channel',
    definition:
      'One of the stacked maps that make up an image or a layer’s output, such as the red, green and blue planes of a photo or the feature maps of a layer.',
    question: 3,
  },
  {
    id: 'bias',
    term: 'bias',
    definition: 'A learned constant added to every output of a kernel (or of a unit) after the weighted sum.',
    question: 3,
  },
  {
    id: 'tensor',
    term: 'tensor',
    definition: 'A multi-dimensional array of numbers, for example a batch of colour images stored as [images, height, width, channels].',
    question: 3,
  },
  {
    id: 'cross-correlation',
    term: 'cross-correlation',
    definition: 'Convolution without flipping the kernel first, which is what deep-learning libraries compute under the name “convolution”.',
    question: 3,
  },
  {
    id: 'weight-sharing',
    term: 'weight sharing',
    definition:
      'Using the same kernel weights at every position of the input, which is why a convolutional layer needs far fewer parameters than a fully connected one.',
    question: 3,
  },
  {
    id: 'translation-equivariance',
    term: 'translation equivariance',
    definition: 'The property that shifting a layer’s input shifts its output by the same amount and changes it in no other way.',
    question: 3,
  },
  {
    id: 'invariance',
    term: 'invariance',
    definition: 'An output that stays the same when the input is transformed in a given way, for example shifted, rather than moving with it.',
    question: 3,
  },
  {
    id: 'receptive-field',
    term: 'receptive field',
    definition: 'The patch of the input that can influence a given unit; in a convolutional network it grows with every layer.',
    question: 3,
  },
  {
    id: 'effective-receptive-field',
    term: 'effective receptive field',
    definition: 'The central part of a unit’s receptive field that has a sizeable influence on it, usually much smaller than the whole.',
    question: 3,
  },
  {
    id: 'gabor-function',
    term: 'Gabor function',
    definition: 'A sinusoidal grating multiplied by a Gaussian envelope, the classic model of a V1 simple cell’s receptive field.',
    question: 3,
  },
  {
    id: 'simple-cell',
    term: 'simple cell',
    definition:
      'A neuron of primary visual cortex whose receptive field has elongated excitatory and inhibitory subregions side by side, so that it prefers an edge or bar of one orientation at one position.',
    question: 3,
  },
  {
    id: 'complex-cell',
    term: 'complex cell',
    definition: 'A neuron of primary visual cortex that responds to a correctly oriented edge or bar anywhere within a larger region.',
    question: 3,
  },
];
