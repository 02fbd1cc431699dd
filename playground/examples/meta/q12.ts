/** Examples of question 12 (DeepDream), in the order the chapter embeds them. */
import type { ExampleInfo } from './types.ts';
import { DARKNET_LAYERS } from './darknet-layers.ts';

export const q12: readonly ExampleInfo[] = [
  {
    id: 'deepdream',
    title: 'DeepDream on your own photo',
    summary: 'Gradient ascent on the pixels of a photo makes one layer of Tiny Darknet more active: octaves, jitter and all.',
    inputs: ['image', 'model-files'],
    maxImageSize: 512,
    controls: [
      {
        name: 'model',
        label: 'Network',
        type: 'select',
        options: [
          { value: 'tiny-darknet', label: 'Tiny Darknet (ImageNet, 4 MB from the web)' },
          { value: 'book-cnn', label: 'The book’s MNIST CNN' },
          { value: 'mine', label: 'Your model (choose its files below)' },
        ],
        value: 'tiny-darknet',
      },
      {
        name: 'start',
        label: 'Start from',
        type: 'select',
        options: [
          { value: 'picture', label: 'Your photo, or the generated scene' },
          { value: 'noise', label: 'Noise' },
        ],
        value: 'picture',
      },
      { name: 'layer', label: 'Layer', type: 'select', options: DARKNET_LAYERS, value: 'leaky_re_lu_8' },
      { name: 'channel', label: 'Channel (−1 = the whole layer)', type: 'range', min: -1, max: 511, step: 1, value: -1 },
      {
        name: 'objective',
        label: 'Objective',
        type: 'select',
        options: [
          { value: 'mean', label: 'Mean activation' },
          { value: 'squares', label: 'Mean squared activation (the 2015 notebook)' },
        ],
        value: 'mean',
      },
      { name: 'size', label: 'Image size (longer side, pixels)', type: 'range', min: 64, max: 512, step: 32, value: 224 },
      { name: 'octaves', label: 'Octaves', type: 'range', min: 1, max: 6, step: 1, value: 4 },
      { name: 'octaveScale', label: 'Octave scale', type: 'range', min: 1.1, max: 2, step: 0.1, value: 1.4 },
      { name: 'steps', label: 'Steps per octave', type: 'range', min: 1, max: 30, step: 1, value: 10 },
      { name: 'stepSize', label: 'Step size', type: 'range', min: 0.002, max: 0.05, step: 0.002, value: 0.01 },
      { name: 'jitter', label: 'Jitter (pixels)', type: 'range', min: 0, max: 64, step: 4, value: 32 },
      { name: 'useOctaves', label: 'Use octaves', type: 'checkbox', value: true },
      { name: 'useJitter', label: 'Use jitter', type: 'checkbox', value: true },
      { name: 'normalize', label: 'Normalise the gradient', type: 'checkbox', value: true },
    ],
  },
  {
    id: 'feature-visualization',
    title: 'What do channels want to see?',
    summary: 'Optimise faint noise until one channel of a layer responds strongly, for a row of channels side by side.',
    controls: [
      { name: 'layer', label: 'Layer', type: 'select', options: DARKNET_LAYERS, value: 'leaky_re_lu_8' },
      { name: 'channel', label: 'First channel', type: 'range', min: 0, max: 511, step: 1, value: 0 },
      { name: 'count', label: 'Channels', type: 'range', min: 1, max: 8, step: 1, value: 6 },
      { name: 'size', label: 'Image size (pixels)', type: 'range', min: 48, max: 224, step: 16, value: 96 },
      { name: 'steps', label: 'Steps', type: 'range', min: 5, max: 120, step: 5, value: 40 },
      { name: 'stepSize', label: 'Step size', type: 'range', min: 0.005, max: 0.05, step: 0.005, value: 0.02 },
      { name: 'jitter', label: 'Jitter', type: 'checkbox', value: true },
      { name: 'blur', label: 'Blur every 4 steps', type: 'checkbox', value: true },
    ],
  },
];
