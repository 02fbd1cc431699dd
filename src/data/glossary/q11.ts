/** Glossary terms that question 11 explains (see ../glossary.ts). */
import type { GlossaryEntry } from '../glossary.ts';

export const q11: readonly GlossaryEntry[] = [];
