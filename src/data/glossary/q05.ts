/** Glossary terms that question 5 explains (see ../glossary.ts). */
import type { GlossaryEntry } from '../glossary.ts';

export const q05: readonly GlossaryEntry[] = [];
