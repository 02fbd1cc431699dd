/** The chapters collection: one MDX file per question in docs/, validated by a zod schema. */
import { defineCollection, z } from 'astro:content';
import { glob } from 'astro/loaders';

const questionNumber = z.number().int().min(1).max(12);

const source = z.object({
  /** Short key used in the text, e.g. "lecun1998". */
  id: z.string().regex(/^[a-z0-9-]+$/),
  authors: z.string().min(1),
  year: z.number().int().min(1900).max(2100),
  title: z.string().min(1),
  /** Journal, conference, publisher or site. */
  venue: z.string().min(1),
  url: z.string().url().optional(),
  /** What we take from it, in a few words. */
  note: z.string().optional(),
});

export type Source = z.infer<typeof source>;

const chapters = defineCollection({
  loader: glob({ pattern: '*.mdx', base: './docs' }),
  schema: z
    .object({
      question: questionNumber,
      title: z.string().min(3),
      /** The question in our own words. */
      asks: z.string().min(10),
      /** A one-paragraph answer shown in a box at the top. */
      shortAnswer: z.string().min(40),
      prerequisites: z.array(questionNumber).default([]),
      sources: z.array(source).min(1),
      status: z.enum(['draft', 'complete']),
      /** Plain-text summary for search results and social previews. */
      description: z.string().min(20).max(300),
    })
    .refine((c) => !c.prerequisites.includes(c.question), { message: 'a chapter cannot be its own prerequisite' })
    .refine((c) => new Set(c.sources.map((s) => s.id)).size === c.sources.length, { message: 'source ids must be unique' }),
});

export const collections = { chapters };
