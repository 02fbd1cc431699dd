/** Glossary terms that question 12 explains (see ../glossary.ts). */
import type { GlossaryEntry } from '../glossary.ts';

export const q12: readonly GlossaryEntry[] = [];
