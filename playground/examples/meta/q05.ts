/** Examples of question 5 (Layer types), in the order the chapter embeds them. */
import type { ExampleInfo } from './types.ts';

export const q05: readonly ExampleInfo[] = [
  {
    id: 'layer-explorer',
    title: 'Layer explorer: shapes, parameters and multiply-adds, layer by layer',
    summary:
      'Walk a published network (book CNN, Tiny Darknet, AlexNet, VGG-16, an Inception module) or your own stack and see where its weights and its arithmetic sit.',
    live: true,
    controls: [
      {
        name: 'preset',
        label: 'Network',
        type: 'select',
        options: [
          { value: 'book-cnn', label: 'The book’s MNIST CNN' },
          { value: 'tiny-darknet', label: 'Tiny Darknet (ImageNet, no fully connected layer)' },
          { value: 'alexnet', label: 'AlexNet (2012)' },
          { value: 'vgg16', label: 'VGG-16 (2014)' },
          { value: 'inception', label: 'GoogLeNet’s Inception module 3a' },
          { value: 'inception-naive', label: 'Inception 3a without its 1×1 reductions' },
          { value: 'custom', label: 'Your own stack (the controls below)' },
        ],
        value: 'vgg16',
      },
      { name: 'inputSize', label: 'Your stack: input size (pixels)', type: 'range', min: 16, max: 256, step: 16, value: 32 },
      { name: 'blocks', label: 'Your stack: convolution blocks', type: 'range', min: 1, max: 5, step: 1, value: 3 },
      {
        name: 'filters',
        label: 'Your stack: filters in the first block',
        type: 'range',
        min: 8,
        max: 128,
        step: 8,
        value: 32,
        help: 'Each block doubles the number of filters.',
      },
      {
        name: 'kernel',
        label: 'Your stack: kernel size',
        type: 'select',
        options: [
          { value: '1', label: '1×1' },
          { value: '3', label: '3×3' },
          { value: '5', label: '5×5' },
          { value: '7', label: '7×7' },
        ],
        value: '3',
      },
      { name: 'pool', label: 'Your stack: 2×2 max pooling after each block', type: 'checkbox', value: true },
      {
        name: 'head',
        label: 'Your stack: head',
        type: 'select',
        options: [
          { value: 'dense', label: 'Fully connected (128 units, then 10)' },
          { value: 'gap', label: '1×1 convolution to 10 maps + global average pooling' },
        ],
        value: 'dense',
      },
    ],
  },
  {
    id: 'one-by-one',
    title: '1×1 convolution: a colour mixer, and a bottleneck',
    summary:
      'A 1×1 convolution mixes a photo’s red, green and blue at every pixel; then the parameters a 1×1 bottleneck saves before a 5×5 convolution.',
    inputs: ['image'],
    maxImageSize: 512,
    live: true,
    controls: [
      {
        name: 'mix',
        label: 'Mixing weights (rows: output channels; columns: red, green, blue)',
        type: 'grid',
        step: 0.01,
        value: [
          [0.299, 0.587, 0.114],
          [0.5, -0.5, 0],
          [-0.25, -0.25, 0.5],
        ],
        presets: [
          {
            label: 'Brightness and two colour-opponent channels',
            value: [
              [0.299, 0.587, 0.114],
              [0.5, -0.5, 0],
              [-0.25, -0.25, 0.5],
            ],
          },
          {
            label: 'Identity (red, green, blue unchanged)',
            value: [
              [1, 0, 0],
              [0, 1, 0],
              [0, 0, 1],
            ],
          },
          {
            label: 'Greyscale three times',
            value: [
              [0.299, 0.587, 0.114],
              [0.299, 0.587, 0.114],
              [0.299, 0.587, 0.114],
            ],
          },
          {
            label: 'Swap red and blue',
            value: [
              [0, 0, 1],
              [0, 1, 0],
              [1, 0, 0],
            ],
          },
        ],
        help: 'Each output channel is this row’s weights times the pixel’s red, green and blue, at every pixel alike.',
      },
      { name: 'inChannels', label: 'Bottleneck: input channels', type: 'range', min: 16, max: 512, step: 16, value: 192 },
      { name: 'reduceTo', label: 'Bottleneck: channels after the 1×1', type: 'range', min: 4, max: 256, step: 4, value: 16 },
      { name: 'outChannels', label: 'Bottleneck: output channels of the 5×5', type: 'range', min: 8, max: 256, step: 8, value: 32 },
      { name: 'size', label: 'Bottleneck: map size (pixels)', type: 'range', min: 7, max: 56, step: 7, value: 28 },
    ],
  },
  {
    id: 'pooling-shifts',
    title: 'Pooling and shifts: how much do the maps change?',
    summary:
      'Shift a picture by 0–8 pixels and measure how much a convolutional layer’s maps change, before and after max, average and global pooling.',
    inputs: ['image'],
    maxImageSize: 512,
    controls: [
      { name: 'maxShift', label: 'Largest shift (pixels)', type: 'range', min: 1, max: 8, step: 1, value: 4 },
      {
        name: 'poolSize',
        label: 'Pooling window',
        type: 'select',
        options: [
          { value: '2', label: '2×2' },
          { value: '3', label: '3×3' },
          { value: '4', label: '4×4' },
          { value: '8', label: '8×8' },
        ],
        value: '4',
      },
      {
        name: 'direction',
        label: 'Shift direction',
        type: 'select',
        options: [
          { value: 'diagonal', label: 'Diagonal (right and down)' },
          { value: 'horizontal', label: 'Horizontal (right)' },
        ],
        value: 'diagonal',
      },
    ],
  },
  {
    id: 'layer-ablations',
    title: 'Ablations: pooling or not, strided convolution, dense head or global average pooling',
    summary: 'Four versions of a small CNN learn the same MNIST digits; their parameters and validation accuracy side by side.',
    controls: [
      { name: 'steps', label: 'Training steps', type: 'range', min: 25, max: 600, step: 25, value: 150 },
      {
        name: 'filters',
        label: 'Filters in the second convolution',
        type: 'range',
        min: 4,
        max: 64,
        step: 4,
        value: 16,
        help: 'The first convolution has half as many.',
      },
      { name: 'seed', label: 'Seed', type: 'seed', value: 1, help: 'The same seed repeats a run exactly: same weights, same batches.' },
    ],
  },
  {
    id: 'your-model',
    title: 'Your own model',
    summary: 'Load a TensorFlow.js model from your disk, list its layers and try it on a picture.',
    inputs: ['model-files'],
  },
];
