/** Glossary terms that question 1 explains (see ../glossary.ts). */
import type { GlossaryEntry } from '../glossary.ts';

export const q01: readonly GlossaryEntry[] = [];
