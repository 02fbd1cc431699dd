/** Examples of question 8 (Which layers are expensive), in the order the chapter embeds them. */
import type { ExampleInfo } from './types.ts';

export const q08: readonly ExampleInfo[] = [];
