/** Examples of question 4 (Filters: learned or chosen), in the order the chapter embeds them. */
import type { ExampleInfo } from './types.ts';

export const q04: readonly ExampleInfo[] = [
  {
    id: 'first-layer-filters',
    title: 'First-layer filters',
    summary: 'The filters that the first layers of two trained networks learned, shown as images.',
  },
];
