/** Examples of question 9 (Rectified linear units), in the order the chapter embeds them. */
import type { ExampleInfo } from './types.ts';

export const q09: readonly ExampleInfo[] = [];
