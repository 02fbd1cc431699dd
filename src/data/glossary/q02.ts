/** Glossary terms that question 2 explains (see ../glossary.ts). */
import type { GlossaryEntry } from '../glossary.ts';

export const q02: readonly GlossaryEntry[] = [];
