/** Glossary terms that question 4 explains (see ../glossary.ts). */
import type { GlossaryEntry } from '../glossary.ts';

export const q04: readonly GlossaryEntry[] = [
  {
    id: 'sparse-coding',
    term: 'sparse coding',
    definition:
      'Describing each input, such as an image patch, as a weighted sum of a few elements chosen from a larger learned set, with a penalty that keeps most weights at exactly zero.',
    question: 4,
  },
  {
    id: 'independent-component-analysis',
    term: 'independent component analysis (ICA)',
    definition: 'A method that finds linear filters whose outputs on the data are as statistically independent of one another as possible.',
    question: 4,
  },
  {
    id: 'whitening',
    term: 'whitening',
    definition:
      'Filtering data so that its components are uncorrelated with equal variance; for images, flattening the spectrum by damping low spatial frequencies, as centre–surround cells roughly do.',
    question: 4,
  },
  {
    id: 'dead-leaves-model',
    term: 'dead-leaves model',
    definition:
      'A random image made by dropping opaque shapes of many sizes on top of one another, used as a simple model of the statistics of natural images.',
    question: 4,
  },
  {
    id: 'frozen-layer',
    term: 'frozen layer',
    definition: 'A layer whose weights are kept fixed during training while the layers around it learn.',
    question: 4,
  },
];
