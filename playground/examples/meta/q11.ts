/** Examples of question 11 (Regularization), in the order the chapter embeds them. */
import type { ExampleInfo } from './types.ts';

export const q11: readonly ExampleInfo[] = [];
