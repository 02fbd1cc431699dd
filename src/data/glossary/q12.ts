/** Glossary terms that question 12 explains (see ../glossary.ts). */
import type { GlossaryEntry } from '../glossary.ts';

export const q12: readonly GlossaryEntry[] = [
  {
    id: 'imagenet',
    term: 'ImageNet',
    definition:
      'A large collection of labelled photographs whose 1,000-class subset, about 1.2 million training images, became the standard benchmark for image classifiers from 2010 on.',
    question: 12,
  },
  {
    id: 'deepdream',
    term: 'DeepDream',
    definition:
      'Changing a photo step by step so that a chosen layer of a trained network becomes more active, which paints the patterns that layer detects into the image.',
    question: 12,
  },
  {
    id: 'gradient-ascent',
    term: 'gradient ascent',
    definition: 'Repeatedly changing something, here the pixels of an image, by a small step in the direction that raises an objective fastest.',
    question: 12,
  },
  {
    id: 'octave',
    term: 'octave',
    definition:
      'In DeepDream, one of a series of image sizes, each a fixed factor larger than the last, at which dreaming is done in turn from small to large.',
    question: 12,
  },
  {
    id: 'jitter',
    term: 'jitter',
    definition:
      'Shifting the image by a random offset before each step and back afterwards, so that only patterns that work at any position are reinforced.',
    question: 12,
  },
  {
    id: 'activation-maximisation',
    term: 'activation maximisation',
    definition:
      'Searching for an input, often starting from noise, that makes one unit or channel as active as possible, to show what it responds to.',
    question: 12,
  },
  {
    id: 'reverse-correlation',
    term: 'reverse correlation',
    definition: 'Mapping a neuron’s receptive field by showing many rapidly changing random stimuli and relating them to the spikes that followed.',
    question: 12,
  },
  {
    id: 'spike-triggered-average',
    term: 'spike-triggered average',
    definition:
      'The average of the stimuli that preceded a neuron’s spikes, which recovers the filter of a neuron that is a linear filter followed by a nonlinearity.',
    question: 12,
  },
];
