/** Examples that belong to no single question (the playground page's first steps). */
import type { ExampleInfo } from './types.ts';

export const general: readonly ExampleInfo[] = [
  { id: 'hello-tensor', title: 'Hello, tensor', summary: 'Make tensors, do arithmetic on them, and print the results.' },
  {
    id: 'train-cnn',
    title: 'Train a small CNN on generated shapes',
    summary: 'A tiny convolutional network learns to tell bars from crosses, with a live loss chart.',
  },
  {
    id: 'plot-gallery',
    title: 'Plot gallery',
    summary: 'Every kind of plot a lab can draw (lines, bars, histogram, scatter, heatmaps, a live chart), with runs compared on one chart.',
    live: true,
    controls: [
      {
        name: 'activation',
        label: 'Activation',
        type: 'select',
        options: [
          { value: 'relu', label: 'ReLU' },
          { value: 'sigmoid', label: 'Sigmoid' },
          { value: 'tanh', label: 'tanh' },
        ],
        value: 'relu',
      },
      {
        name: 'lr',
        label: 'Learning rate',
        type: 'range',
        min: 0.01,
        max: 0.19,
        step: 0.01,
        value: 0.1,
        help: 'Step size of gradient descent on the cost surface; above 0.2 it diverges along w2.',
      },
    ],
  },
];
