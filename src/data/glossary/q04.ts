/** Glossary terms that question 4 explains (see ../glossary.ts). */
import type { GlossaryEntry } from '../glossary.ts';

export const q04: readonly GlossaryEntry[] = [];
