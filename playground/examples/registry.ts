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
];

export function findExample(id: string): ExampleInfo | undefined {
  return examples.find((e) => e.id === id);
}
