/** Examples of question 4 (Filters: learned or chosen), in the order the chapter embeds them. */
import type { ExampleInfo } from './types.ts';

export const q04: readonly ExampleInfo[] = [
  {
    id: 'first-layer-filters',
    title: 'First-layer filters',
    summary: 'The filters that the first layers of two trained networks learned, shown as images.',
  },
  {
    id: 'filter-responses',
    title: 'What each first-layer filter picks out',
    summary: 'Tiny Darknet’s 16 first-layer filters, the feature map each makes on a picture or your photo, and how much of each is colour.',
    inputs: ['image'],
    maxImageSize: 512,
    controls: [
      {
        name: 'model',
        label: 'Network',
        type: 'select',
        value: 'tiny-darknet',
        options: [
          { value: 'tiny-darknet', label: 'Tiny Darknet (colour photos)' },
          { value: 'book-cnn', label: 'Book CNN (grey digits)' },
        ],
      },
    ],
  },
  {
    id: 'sparse-coding',
    title: 'Learn filters from natural images',
    summary: 'Sparse coding of image patches: localised, oriented, Gabor-like filters appear without being asked for.',
    inputs: ['image'],
    maxImageSize: 512,
    controls: [
      {
        name: 'sparsity',
        label: 'Sparsity λ',
        type: 'range',
        min: 0,
        max: 6,
        step: 0.5,
        value: 3,
        help: 'What each active coefficient costs. At 0 nothing pushes the code to be sparse.',
      },
      { name: 'steps', label: 'Learning steps', type: 'range', min: 50, max: 1000, step: 50, value: 300, help: '400 patches per step.' },
      { name: 'filters', label: 'Filters', type: 'select', value: '64', options: ['16', '36', '64', '100'].map((v) => ({ value: v, label: v })) },
      {
        name: 'patch',
        label: 'Patch size',
        type: 'select',
        value: '12',
        options: ['8', '12', '16'].map((v) => ({ value: v, label: `${v}×${v} pixels` })),
      },
      { name: 'seed', label: 'Seed', type: 'seed', value: 1 },
    ],
  },
  {
    id: 'chosen-vs-learned',
    title: 'Chosen, random or learned first layer',
    summary: 'The same CNN trained on digits with its first layer fixed to Gabor filters, fixed random, or learned.',
    controls: [
      {
        name: 'chosen',
        label: 'Hand-made bank',
        type: 'select',
        value: 'gabor',
        options: [
          { value: 'gabor', label: 'Gabor filters (4 orientations × 2 phases)' },
          { value: 'edges', label: 'Sobel edges (4 orientations × 2 signs)' },
        ],
      },
      {
        name: 'steps',
        label: 'Training steps',
        type: 'range',
        min: 50,
        max: 1000,
        step: 50,
        value: 300,
        help: '32 digits per step, the same for all three networks.',
      },
      { name: 'seed', label: 'Seed', type: 'seed', value: 1 },
    ],
  },
  {
    id: 'unit-physiology',
    title: 'An electrophysiology experiment on a unit',
    summary:
      'Orientation and spatial-frequency tuning from drifting gratings, and a receptive field from white noise by reverse correlation, checked against the unit’s weights.',
    controls: [
      {
        name: 'unit',
        label: 'Unit',
        type: 'range',
        min: 1,
        max: 20,
        step: 1,
        value: 4,
        help: 'One of the 20 first-layer units of the book’s digit CNN.',
      },
      { name: 'trials', label: 'White-noise frames', type: 'range', min: 500, max: 20000, step: 500, value: 8000 },
      {
        name: 'spikes',
        label: 'Poisson spikes',
        type: 'checkbox',
        value: true,
        help: 'Off: use the unit’s exact output instead of random spike counts.',
      },
      { name: 'seed', label: 'Seed', type: 'seed', value: 1 },
    ],
  },
];
