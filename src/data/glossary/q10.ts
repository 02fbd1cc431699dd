/** Glossary terms that question 10 explains (see ../glossary.ts). */
import type { GlossaryEntry } from '../glossary.ts';

export const q10: readonly GlossaryEntry[] = [];
