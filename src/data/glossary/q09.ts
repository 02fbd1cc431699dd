/** Glossary terms that question 9 explains (see ../glossary.ts). */
import type { GlossaryEntry } from '../glossary.ts';

export const q09: readonly GlossaryEntry[] = [];
