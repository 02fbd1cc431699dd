/** Examples of question 5 (Layer types), in the order the chapter embeds them. */
import type { ExampleInfo } from './types.ts';

export const q05: readonly ExampleInfo[] = [
  {
    id: 'your-model',
    title: 'Your own model',
    summary: 'Load a TensorFlow.js model from your disk, list its layers and try it on a picture.',
    inputs: ['model-files'],
  },
];
