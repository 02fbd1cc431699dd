/** Chapters joined with the twelve questions: which are written, their URLs and their order. */
import { getCollection, type CollectionEntry } from 'astro:content';
import { questions, type Question } from './questions.ts';
import { withBase } from '../../playground/shared/site.ts';

export type Chapter = CollectionEntry<'chapters'>;

export function chapterUrl(chapter: Chapter): string {
  return withBase(`questions/${chapter.id}/`);
}

/** Written chapters in question order; two chapters for one question fail the build. */
export async function chaptersInOrder(): Promise<Chapter[]> {
  const all = await getCollection('chapters');
  const seen = new Map<number, string>();
  for (const c of all) {
    const other = seen.get(c.data.question);
    if (other) throw new Error(`Two chapters answer question ${c.data.question}: ${other} and ${c.id}`);
    seen.set(c.data.question, c.id);
  }
  return all.sort((a, b) => a.data.question - b.data.question);
}

export interface PathEntry {
  question: Question;
  chapter: Chapter | undefined;
}

export async function questionPath(): Promise<PathEntry[]> {
  const chapters = await chaptersInOrder();
  return questions.map((question) => ({ question, chapter: chapters.find((c) => c.data.question === question.number) }));
}
