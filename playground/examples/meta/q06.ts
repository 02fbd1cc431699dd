/** Examples of question 6 (Is bigger better), in the order the chapter embeds them. */
import type { ExampleInfo } from './types.ts';

export const q06: readonly ExampleInfo[] = [
  {
    id: 'scaling-grid',
    title: 'The scaling lab: network size against training data',
    summary:
      'Twenty networks, from 2 to 512 hidden units, each trained on 100 to 8,000 digits and scored on the same 1,000 new ones: accuracy against weights, and a heatmap over size and data.',
    compare: true,
    controls: [
      {
        name: 'layers',
        label: 'Hidden layers',
        type: 'range',
        min: 1,
        max: 3,
        step: 1,
        value: 1,
        help: 'Every hidden layer has the width of its column; more layers multiply the weights of the wide networks.',
      },
      {
        name: 'steps',
        label: 'Steps per network',
        type: 'range',
        min: 50,
        max: 1000,
        step: 50,
        value: 300,
        help: 'The same number of batches of 64 digits for every network, whatever its size or data.',
      },
      { name: 'seed', label: 'Seed', type: 'seed', value: 1 },
    ],
  },
  {
    id: 'double-descent',
    title: 'Double descent on digits',
    summary:
      'Networks with one hidden layer of random, frozen ReLU units (10 to 4,000 by default) fitted exactly to a few hundred digits, some mislabelled: error on new digits against the number of units.',
    compare: true,
    controls: [
      { name: 'trainSize', label: 'Training digits', type: 'range', min: 100, max: 500, step: 50, value: 200 },
      {
        name: 'wrongLabels',
        label: 'Wrong training labels (%)',
        type: 'range',
        min: 0,
        max: 40,
        step: 5,
        value: 10,
        help: 'Share of the training digits given another digit’s name.',
      },
      { name: 'seed', label: 'Seed', type: 'seed', value: 1 },
    ],
  },
  {
    id: 'residual-stack',
    title: 'Plain or residual: does a deeper stack train better?',
    summary:
      'A shallow plain stack, a deep plain stack and the same deep stack with skip connections, trained on the same digits for the same steps: training loss compared.',
    compare: true,
    controls: [
      { name: 'depth', label: 'Layers of the deep stacks', type: 'range', min: 6, max: 40, step: 2, value: 20 },
      { name: 'shallow', label: 'Layers of the shallow stack', type: 'range', min: 2, max: 10, step: 1, value: 4 },
      { name: 'width', label: 'Units per layer', type: 'range', min: 16, max: 128, step: 16, value: 32 },
      { name: 'steps', label: 'Steps per stack', type: 'range', min: 50, max: 1000, step: 50, value: 200 },
      {
        name: 'learningRate',
        label: 'Learning rate (Adam)',
        type: 'range',
        min: 0.001,
        max: 0.05,
        step: 0.001,
        value: 0.01,
      },
      { name: 'seed', label: 'Seed', type: 'seed', value: 1 },
    ],
  },
];
