/**
 * The glossary: one entry per term, kept in one file per question (glossary/qNN.ts, the question
 * whose chapter explains the term). Chapters mark a term's first use with <Term id="…">; the
 * glossary page lists every entry and links to its chapter.
 */
import { q01 } from './glossary/q01.ts';
import { q02 } from './glossary/q02.ts';
import { q03 } from './glossary/q03.ts';
import { q04 } from './glossary/q04.ts';
import { q05 } from './glossary/q05.ts';
import { q06 } from './glossary/q06.ts';
import { q07 } from './glossary/q07.ts';
import { q08 } from './glossary/q08.ts';
import { q09 } from './glossary/q09.ts';
import { q10 } from './glossary/q10.ts';
import { q11 } from './glossary/q11.ts';
import { q12 } from './glossary/q12.ts';

export interface GlossaryEntry {
  /** Anchor on the glossary page, lowercase words joined by '-' ("receptive-field"). */
  id: string;
  term: string;
  /** One sentence, plain words. */
  definition: string;
  /** The question whose chapter explains it. */
  question: number;
}

export const glossary: readonly GlossaryEntry[] = [
  ...q01,
  ...q02,
  ...q03,
  ...q04,
  ...q05,
  ...q06,
  ...q07,
  ...q08,
  ...q09,
  ...q10,
  ...q11,
  ...q12,
].sort((a, b) => a.term.localeCompare(b.term, 'en'));

export function findTerm(id: string): GlossaryEntry | undefined {
  return glossary.find((e) => e.id === id);
}
