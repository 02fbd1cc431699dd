/** Examples that belong to no single question (the playground page's first steps). */
import type { ExampleInfo } from './types.ts';

export const general: readonly ExampleInfo[] = [
  { id: 'hello-tensor', title: 'Hello, tensor', summary: 'Make tensors, do arithmetic on them, and print the results.' },
  {
    id: 'train-cnn',
    title: 'Train a small CNN on generated shapes',
    summary: 'A tiny convolutional network learns to tell bars from crosses, with a live loss chart.',
  },
];
