/** Examples of question 1 (What makes a network deep), in the order the chapter embeds them. */
import type { ExampleInfo } from './types.ts';

export const q01: readonly ExampleInfo[] = [];
