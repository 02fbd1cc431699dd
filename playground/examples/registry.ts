/**
 * Metadata of every example: plain data with no imports, so the site can list examples and the
 * island can build their controls without loading TF.js. The code lives in `<id>.ts` beside it.
 */
export type InputKind = 'image' | 'drawing' | 'model-files';

export type Control =
  | { name: string; label: string; type: 'range'; min: number; max: number; step: number; value: number }
  | { name: string; label: string; type: 'select'; options: Array<{ value: string; label: string }>; value: string }
  | { name: string; label: string; type: 'checkbox'; value: boolean };

export interface ExampleInfo {
  id: string;
  title: string;
  /** One sentence for the example picker. */
  summary: string;
  /** The chapter (question number) that embeds it, if any. */
  chapter?: number;
  /** What the reader can hand to the run from the page. */
  inputs?: InputKind[];
  /** Largest side of an uploaded image before it is scaled down (pixels). */
  maxImageSize?: number;
  /** Controls shown above the output; user code reads them with param(name, default). */
  controls?: Control[];
}

/** Activation layers of Tiny Darknet, low to high, with the size of the patch one unit sees. */
const DARKNET_LAYERS = [
  ['leaky_re_lu_2', 8],
  ['leaky_re_lu_4', 18],
  ['leaky_re_lu_6', 26],
  ['leaky_re_lu_8', 46],
  ['leaky_re_lu_10', 62],
  ['leaky_re_lu_12', 102],
  ['leaky_re_lu_14', 134],
].map(([name, field]) => ({ value: String(name), label: `${name} (sees ${field}×${field} px)` }));

export const examples: readonly ExampleInfo[] = [
  { id: 'hello-tensor', title: 'Hello, tensor', summary: 'Make tensors, do arithmetic on them, and print the results.' },
  {
    id: 'train-cnn',
    title: 'Train a small CNN on generated shapes',
    summary: 'A tiny convolutional network learns to tell bars from crosses, with a live loss chart.',
    chapter: 7,
  },
  {
    id: 'conv-from-scratch',
    title: 'Convolution from scratch',
    summary: 'A 2-D convolution in plain TypeScript, checked against tf.conv2d on random inputs.',
    chapter: 3,
  },
  {
    id: 'kernel-demo',
    title: 'Edit a 3×3 kernel',
    summary: 'Filter a generated picture or your own photo with a kernel you write.',
    chapter: 3,
    inputs: ['image'],
    maxImageSize: 512,
  },
  {
    id: 'digit-draw',
    title: 'Draw a digit',
    summary: 'Draw a digit; the book’s CNN reads it after the same preparation MNIST digits went through.',
    chapter: 2,
    inputs: ['drawing'],
  },
  {
    id: 'classify-photo',
    title: 'Classify a photo with Tiny Darknet',
    summary: 'A small ImageNet network names what is in your photo (or a generated picture): its top 5 classes.',
    chapter: 2,
    inputs: ['image'],
    maxImageSize: 512,
  },
  {
    id: 'first-layer-filters',
    title: 'First-layer filters',
    summary: 'The filters that the first layers of two trained networks learned, shown as images.',
    chapter: 4,
  },
  {
    id: 'your-model',
    title: 'Your own model',
    summary: 'Load a TensorFlow.js model from your disk, list its layers and try it on a picture.',
    chapter: 5,
    inputs: ['model-files'],
  },
  {
    id: 'mnist-train',
    title: 'Train a CNN on MNIST',
    summary: 'A small CNN learns handwritten digits in your browser, with a live loss and accuracy chart.',
    chapter: 7,
  },
  {
    id: 'deepdream',
    title: 'DeepDream on your own photo',
    summary: 'Gradient ascent on the pixels of a photo makes one layer of Tiny Darknet more active: octaves, jitter and all.',
    chapter: 12,
    inputs: ['image', 'model-files'],
    maxImageSize: 512,
    controls: [
      {
        name: 'model',
        label: 'Network',
        type: 'select',
        options: [
          { value: 'tiny-darknet', label: 'Tiny Darknet (ImageNet, 4 MB from the web)' },
          { value: 'book-cnn', label: 'The book’s MNIST CNN' },
          { value: 'mine', label: 'Your model (choose its files below)' },
        ],
        value: 'tiny-darknet',
      },
      {
        name: 'start',
        label: 'Start from',
        type: 'select',
        options: [
          { value: 'picture', label: 'Your photo, or the generated scene' },
          { value: 'noise', label: 'Noise' },
        ],
        value: 'picture',
      },
      { name: 'layer', label: 'Layer', type: 'select', options: DARKNET_LAYERS, value: 'leaky_re_lu_8' },
      { name: 'channel', label: 'Channel (−1 = the whole layer)', type: 'range', min: -1, max: 511, step: 1, value: -1 },
      {
        name: 'objective',
        label: 'Objective',
        type: 'select',
        options: [
          { value: 'mean', label: 'Mean activation' },
          { value: 'squares', label: 'Mean squared activation (the 2015 notebook)' },
        ],
        value: 'mean',
      },
      { name: 'size', label: 'Image size (longer side, pixels)', type: 'range', min: 64, max: 512, step: 32, value: 224 },
      { name: 'octaves', label: 'Octaves', type: 'range', min: 1, max: 6, step: 1, value: 4 },
      { name: 'octaveScale', label: 'Octave scale', type: 'range', min: 1.1, max: 2, step: 0.1, value: 1.4 },
      { name: 'steps', label: 'Steps per octave', type: 'range', min: 1, max: 30, step: 1, value: 10 },
      { name: 'stepSize', label: 'Step size', type: 'range', min: 0.002, max: 0.05, step: 0.002, value: 0.01 },
      { name: 'jitter', label: 'Jitter (pixels)', type: 'range', min: 0, max: 64, step: 4, value: 32 },
      { name: 'useOctaves', label: 'Use octaves', type: 'checkbox', value: true },
      { name: 'useJitter', label: 'Use jitter', type: 'checkbox', value: true },
      { name: 'normalize', label: 'Normalise the gradient', type: 'checkbox', value: true },
    ],
  },
  {
    id: 'feature-visualization',
    title: 'What do channels want to see?',
    summary: 'Optimise faint noise until one channel of a layer responds strongly, for a row of channels side by side.',
    chapter: 12,
    controls: [
      { name: 'layer', label: 'Layer', type: 'select', options: DARKNET_LAYERS, value: 'leaky_re_lu_8' },
      { name: 'channel', label: 'First channel', type: 'range', min: 0, max: 511, step: 1, value: 0 },
      { name: 'count', label: 'Channels', type: 'range', min: 1, max: 8, step: 1, value: 6 },
      { name: 'size', label: 'Image size (pixels)', type: 'range', min: 48, max: 224, step: 16, value: 96 },
      { name: 'steps', label: 'Steps', type: 'range', min: 5, max: 120, step: 5, value: 40 },
      { name: 'stepSize', label: 'Step size', type: 'range', min: 0.005, max: 0.05, step: 0.005, value: 0.02 },
      { name: 'jitter', label: 'Jitter', type: 'checkbox', value: true },
      { name: 'blur', label: 'Blur every 4 steps', type: 'checkbox', value: true },
    ],
  },
];

export function findExample(id: string): ExampleInfo | undefined {
  return examples.find((e) => e.id === id);
}
