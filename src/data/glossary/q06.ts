/** Glossary terms that question 6 explains (see ../glossary.ts). */
import type { GlossaryEntry } from '../glossary.ts';

export const q06: readonly GlossaryEntry[] = [];
