/** Examples of question 6 (Is bigger better), in the order the chapter embeds them. */
import type { ExampleInfo } from './types.ts';

export const q06: readonly ExampleInfo[] = [];
