/** Examples of question 10 (The cost function), in the order the chapter embeds them. */
import type { ExampleInfo } from './types.ts';

export const q10: readonly ExampleInfo[] = [];
