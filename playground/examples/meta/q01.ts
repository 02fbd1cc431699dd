/** Examples of question 1 (What makes a network deep), in the order the chapter embeds them. */
import type { ExampleInfo } from './types.ts';

export const q01: readonly ExampleInfo[] = [
  {
    id: 'layer-by-layer',
    title: 'Layer by layer: what each stage of a deep network makes of a picture',
    summary: 'Feature maps, receptive field and shift tolerance of every stage of Tiny Darknet (a photo) or the book’s CNN (a digit).',
    inputs: ['image'],
    maxImageSize: 1024,
    controls: [
      {
        name: 'network',
        label: 'Network',
        type: 'select',
        options: [
          { value: 'tiny-darknet', label: 'Tiny Darknet: 16 learned layers, photos (4 MB from the web)' },
          { value: 'book-cnn', label: 'The book’s CNN: 4 learned layers, handwritten digits' },
        ],
        value: 'tiny-darknet',
      },
      { name: 'maps', label: 'Feature maps shown per stage', type: 'range', min: 1, max: 16, step: 1, value: 6 },
      {
        name: 'shift',
        label: 'Shift for the tolerance test (% of the width)',
        type: 'range',
        min: 1,
        max: 30,
        step: 1,
        value: 7,
        help: 'How far the second copy of the picture is moved sideways; 7 % is 16 pixels of a 224-pixel picture.',
      },
      {
        name: 'digit',
        label: 'Test digit for the book’s CNN (0–999)',
        type: 'number',
        min: 0,
        max: 999,
        step: 1,
        value: 4,
        help: 'Used when the book’s CNN is chosen and no picture is given; number 4 is an 8.',
      },
    ],
  },
  {
    id: 'depth-vs-width',
    title: 'Depth at a fixed budget: 1, 2, 4 and 8 hidden layers with the same number of weights',
    summary: 'Four networks with about the same number of weights learn to colour a checkerboard; test accuracy against depth.',
    controls: [
      {
        name: 'budget',
        label: 'Weights per network',
        type: 'range',
        min: 200,
        max: 10000,
        step: 100,
        value: 2500,
        help: 'Each network gets the width that brings its count of weights and biases closest to this number.',
      },
      { name: 'cells', label: 'Squares along each side of the board', type: 'range', min: 2, max: 12, step: 1, value: 6 },
      { name: 'steps', label: 'Training steps', type: 'range', min: 100, max: 5000, step: 100, value: 1500 },
      {
        name: 'learningRate',
        label: 'Learning rate (Adam)',
        type: 'number',
        min: 0.0001,
        max: 0.1,
        step: 0.0001,
        value: 0.005,
        help: 'The same for all four networks; try 0.002 or 0.01.',
      },
      { name: 'seed', label: 'Seed', type: 'seed', value: 1, help: 'The same seed repeats a run exactly: same points, same weights, same batches.' },
    ],
  },
];
