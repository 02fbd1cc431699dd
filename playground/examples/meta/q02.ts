/** Examples of question 2 (Tasks and benchmarks), in the order the chapter embeds them. */
import type { ExampleInfo } from './types.ts';

export const q02: readonly ExampleInfo[] = [
  {
    id: 'digit-draw',
    title: 'Draw a digit',
    summary: 'Draw a digit; the book’s CNN reads it after the same preparation MNIST digits went through.',
    inputs: ['drawing'],
  },
  {
    id: 'classify-photo',
    title: 'Classify a photo with Tiny Darknet',
    summary: 'A small ImageNet network names what is in your photo (or a generated picture): its top 5 classes.',
    inputs: ['image'],
    maxImageSize: 512,
  },
];
