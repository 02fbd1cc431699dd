/** Examples of question 2 (Tasks and benchmarks), in the order the chapter embeds them. */
import type { ExampleInfo } from './types.ts';

export const q02: readonly ExampleInfo[] = [
  {
    id: 'classify-photo',
    title: 'Top-1 and top-5 with Tiny Darknet',
    summary:
      'A small ImageNet network names what is in a photo (a sample photo, yours, or a generated picture); its five best guesses are scored top-1 and top-5 against the photo’s label.',
    inputs: ['image'],
    maxImageSize: 512,
    samplePhoto: 'chelsea.jpg',
  },
  {
    id: 'score-mnist',
    title: 'Score a trained network',
    summary:
      'The book’s CNN reads 1,000 held-out MNIST digits: accuracy, the confusion matrix, the most confused pairs, its mistakes, and whether its confidence can be trusted, on clean or corrupted digits.',
    controls: [
      {
        name: 'split',
        label: 'Digits to score',
        type: 'select',
        options: [
          { value: 'test', label: 'Test (1,000 held-out digits)' },
          { value: 'validation', label: 'Validation (1,000 held-out digits)' },
          { value: 'train', label: 'Training (the first 1,000 it learned from)' },
        ],
        value: 'test',
      },
      {
        name: 'corruption',
        label: 'Corruption',
        type: 'select',
        options: [
          { value: 'none', label: 'None' },
          { value: 'noise', label: 'Pixel noise' },
          { value: 'blur', label: 'Blur' },
          { value: 'shift', label: 'Shift off-centre' },
          { value: 'rotate', label: 'Rotate' },
          { value: 'invert', label: 'Invert (black on white)' },
        ],
        value: 'none',
        help: 'Applied to every digit before the network sees it, to test how robust the score is.',
      },
      {
        name: 'strength',
        label: 'Corruption strength',
        type: 'range',
        min: 0,
        max: 1,
        step: 0.1,
        value: 0.5,
        help: 'Noise up to a standard deviation of 0.6, blur up to 2 pixels, shifts up to 8 pixels, rotations up to 90°.',
      },
      { name: 'seed', label: 'Seed', type: 'seed', value: 1 },
    ],
  },
  {
    id: 'digit-draw',
    title: 'Draw a digit',
    summary: 'Draw a digit; the book’s CNN reads it after the same preparation MNIST digits went through.',
    inputs: ['drawing'],
  },
  {
    id: 'test-set-reuse',
    title: 'Why the test set is touched once',
    summary:
      'Twenty small networks are trained; the one that scores best on a small test set is chosen and its score reported. Fresh digits show how much that figure flatters it.',
    compare: true,
    controls: [
      { name: 'candidates', label: 'Candidate networks', type: 'range', min: 2, max: 40, step: 1, value: 20 },
      {
        name: 'testSize',
        label: 'Test-set size (digits)',
        type: 'range',
        min: 20,
        max: 500,
        step: 20,
        value: 100,
        help: 'The digits used both to choose the network and to report its accuracy.',
      },
      { name: 'seed', label: 'Seed', type: 'seed', value: 1 },
    ],
  },
];
