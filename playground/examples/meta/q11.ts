/** Examples of question 11 (Regularization), in the order the chapter embeds them. */
import type { ExampleInfo } from './types.ts';

export const q11: readonly ExampleInfo[] = [
  {
    id: 'regularization-lab',
    title: 'The regularization lab',
    summary:
      'A network with far more weights than training digits, trained with or without a weight penalty, dropout, augmentation, label smoothing, early stopping and batch normalisation; every run stays on the charts.',
    compare: true,
    controls: [
      { name: 'l2', label: 'L2 penalty λ (weight decay)', type: 'range', min: 0, max: 0.01, step: 0.0005, value: 0 },
      { name: 'l1', label: 'L1 penalty λ', type: 'range', min: 0, max: 0.001, step: 0.00005, value: 0 },
      {
        name: 'dropout',
        label: 'Dropout rate',
        type: 'range',
        min: 0,
        max: 0.8,
        step: 0.1,
        value: 0,
        help: 'Share of hidden units silenced at each step.',
      },
      { name: 'shift', label: 'Augmentation: shift (pixels)', type: 'range', min: 0, max: 4, step: 1, value: 0 },
      { name: 'rotate', label: 'Augmentation: rotation (degrees)', type: 'range', min: 0, max: 30, step: 5, value: 0 },
      { name: 'labelSmoothing', label: 'Label smoothing', type: 'range', min: 0, max: 0.3, step: 0.05, value: 0 },
      {
        name: 'earlyStopping',
        label: 'Early stopping',
        type: 'checkbox',
        value: false,
        help: 'Stop when the validation loss has not improved for 5 epochs and keep the best weights.',
      },
      { name: 'batchNorm', label: 'Batch normalisation', type: 'checkbox', value: false },
      {
        name: 'wrongLabels',
        label: 'Wrong training labels (%)',
        type: 'range',
        min: 0,
        max: 80,
        step: 10,
        value: 20,
        help: 'Share of the training digits given another digit’s name: noise the network can memorise.',
      },
      { name: 'trainSize', label: 'Training digits', type: 'range', min: 100, max: 2000, step: 100, value: 500 },
      { name: 'epochs', label: 'Epochs (at most)', type: 'range', min: 5, max: 60, step: 5, value: 30 },
      { name: 'seed', label: 'Seed', type: 'seed', value: 1 },
    ],
  },
  {
    id: 'random-labels',
    title: 'Memorising random labels',
    summary: 'The same network learns a few hundred digits twice, once with their true labels and once with labels drawn at random.',
    controls: [
      {
        name: 'randomShare',
        label: 'Share of labels drawn at random',
        type: 'range',
        min: 0.1,
        max: 1,
        step: 0.1,
        value: 1,
      },
      { name: 'trainSize', label: 'Training digits', type: 'range', min: 100, max: 1000, step: 100, value: 300 },
      { name: 'dropout', label: 'Dropout rate', type: 'range', min: 0, max: 0.6, step: 0.1, value: 0 },
      { name: 'maxEpochs', label: 'Epochs (at most)', type: 'range', min: 20, max: 300, step: 10, value: 150 },
      { name: 'seed', label: 'Seed', type: 'seed', value: 1 },
    ],
  },
  {
    id: 'more-data',
    title: 'More data against regularization',
    summary: 'Accuracy on new digits after training on 100 to 8,000 digits, with and without regularization, for the same number of steps.',
    compare: true,
    controls: [
      {
        name: 'regularizer',
        label: 'Regularised networks use',
        type: 'select',
        options: [
          { value: 'augmentation', label: 'Augmentation (shifts ±2 px, rotations ±15°)' },
          { value: 'dropout', label: 'Dropout (rate 0.5)' },
          { value: 'both', label: 'Both' },
        ],
        value: 'augmentation',
      },
      { name: 'steps', label: 'Steps per network', type: 'range', min: 100, max: 1000, step: 50, value: 250 },
      { name: 'seed', label: 'Seed', type: 'seed', value: 1 },
    ],
  },
];
