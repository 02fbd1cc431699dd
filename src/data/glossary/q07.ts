/** Glossary terms that question 7 explains (see ../glossary.ts). */
import type { GlossaryEntry } from '../glossary.ts';

export const q07: readonly GlossaryEntry[] = [];
