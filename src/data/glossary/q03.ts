/** Glossary terms that question 3 explains (see ../glossary.ts). */
import type { GlossaryEntry } from '../glossary.ts';

export const q03: readonly GlossaryEntry[] = [];
