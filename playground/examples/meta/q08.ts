/** Examples of question 8 (Which layers are expensive), in the order the chapter embeds them. */
import type { ExampleInfo } from './types.ts';

export const q08: readonly ExampleInfo[] = [
  {
    id: 'famous-layer-costs',
    title: 'AlexNet and VGG-16 by arithmetic',
    summary: 'Parameters, multiply-adds and activations of every layer of two published networks, computed from their architectures alone.',
    live: true,
    compare: false,
    controls: [
      {
        name: 'network',
        label: 'Network',
        type: 'select',
        options: [
          { value: 'alexnet', label: 'AlexNet (Krizhevsky et al., 2012)' },
          { value: 'vgg16', label: 'VGG-16 (Simonyan & Zisserman, 2015)' },
        ],
        value: 'alexnet',
      },
      {
        name: 'batch',
        label: 'Images per batch (for memory)',
        type: 'select',
        options: ['1', '32', '128', '256'].map((v) => ({ value: v, label: v })),
        value: '128',
      },
    ],
  },
  {
    id: 'batch-throughput',
    title: 'Batch size: images per second and memory',
    summary: 'Time training steps at growing batch sizes on your device and measure the memory each step needs.',
    controls: [
      {
        name: 'network',
        label: 'Network',
        type: 'select',
        options: [
          { value: 'small-vgg', label: 'a small VGG-style network (32×32 colour images)' },
          { value: 'book-cnn', label: 'the book’s MNIST CNN (28×28 digits)' },
        ],
        value: 'small-vgg',
      },
      {
        name: 'maxBatch',
        label: 'Largest batch',
        type: 'select',
        options: ['16', '64', '128', '256'].map((v) => ({ value: v, label: v })),
        value: '128',
        help: 'The batch doubles from 1 up to this size.',
      },
      { name: 'seconds', label: 'Seconds of timing per batch size', type: 'range', min: 0.5, max: 5, step: 0.5, value: 1 },
      { name: 'seed', label: 'Seed', type: 'seed', value: 1 },
    ],
  },
  {
    id: 'layer-profiler',
    title: 'Profile every layer on your device',
    summary:
      'Forward and backward time of each layer of the book’s CNN and a small VGG-style network, beside its multiply-adds, parameters and stored activations.',
    controls: [
      {
        name: 'network',
        label: 'Network',
        type: 'select',
        options: [
          { value: 'both', label: 'both: the book’s CNN and the small VGG-style network' },
          { value: 'book-cnn', label: 'the book’s MNIST CNN (28×28 digits)' },
          { value: 'small-vgg', label: 'a small VGG-style network (32×32 colour images)' },
        ],
        value: 'both',
      },
      {
        name: 'batch',
        label: 'Images per batch',
        type: 'select',
        options: ['1', '8', '32', '64', '128'].map((v) => ({ value: v, label: v })),
        value: '32',
      },
      {
        name: 'rounds',
        label: 'Timing rounds per layer (the fastest counts)',
        type: 'range',
        min: 1,
        max: 10,
        step: 1,
        value: 5,
        help: 'More rounds give steadier times when other programs share the processor.',
      },
      { name: 'seed', label: 'Seed (weights and images)', type: 'seed', value: 1 },
    ],
  },
];
