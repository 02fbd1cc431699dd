/** Examples of question 7 (How learning works), in the order the chapter embeds them. */
import type { ExampleInfo } from './types.ts';

export const q07: readonly ExampleInfo[] = [
  {
    id: 'train-cnn',
    title: 'Train a small CNN on generated shapes',
    summary: 'A tiny convolutional network learns to tell bars from crosses, with a live loss chart.',
  },
  {
    id: 'mnist-train',
    title: 'Train a CNN on MNIST',
    summary: 'A small CNN learns handwritten digits in your browser, with a live loss and accuracy chart.',
  },
];
