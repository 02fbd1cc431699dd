/**
 * Every example the site offers, gathered from one metadata file per question in `meta/`.
 * To add a lab: write `playground/examples/<id>.ts`, add its entry to `meta/qNN.ts`, and test it
 * (a Node test naming it under tests/unit, a browser test under tests/browser).
 */
import { general } from './meta/general.ts';
import { q01 } from './meta/q01.ts';
import { q02 } from './meta/q02.ts';
import { q03 } from './meta/q03.ts';
import { q04 } from './meta/q04.ts';
import { q05 } from './meta/q05.ts';
import { q06 } from './meta/q06.ts';
import { q07 } from './meta/q07.ts';
import { q08 } from './meta/q08.ts';
import { q09 } from './meta/q09.ts';
import { q10 } from './meta/q10.ts';
import { q11 } from './meta/q11.ts';
import { q12 } from './meta/q12.ts';
import type { ExampleInfo } from './meta/types.ts';

export type { Control, ControlType, ExampleInfo, InputKind } from './meta/types.ts';

/** In question order; within a question, in the order its chapter embeds them. */
export const examples: readonly ExampleInfo[] = [general, q01, q02, q03, q04, q05, q06, q07, q08, q09, q10, q11, q12].flat();

export function findExample(id: string): ExampleInfo | undefined {
  return examples.find((e) => e.id === id);
}
