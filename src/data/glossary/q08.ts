/** Glossary terms that question 8 explains (see ../glossary.ts). */
import type { GlossaryEntry } from '../glossary.ts';

export const q08: readonly GlossaryEntry[] = [];
