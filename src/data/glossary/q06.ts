/** Glossary terms that question 6 explains (see ../glossary.ts). */
import type { GlossaryEntry } from '../glossary.ts';

export const q06: readonly GlossaryEntry[] = [
  {
    id: 'capacity',
    term: 'capacity',
    definition: 'How rich a set of functions a model can represent; for a network it grows with its number of weights, layers and units.',
    question: 6,
  },
  {
    id: 'underfitting',
    term: 'underfitting',
    definition:
      'Failing to capture real structure in the data, usually because the model is too simple, so that it does badly on training and new examples alike.',
    question: 6,
  },
  {
    id: 'bias-variance-trade-off',
    term: 'bias–variance trade-off',
    definition:
      'The classical view that a simple model errs through bias (systematic misfit) and a flexible one through variance (sensitivity to the particular sample), so that error on new data is lowest at an intermediate capacity.',
    question: 6,
  },
  {
    id: 'interpolation-threshold',
    term: 'interpolation threshold',
    definition: 'The capacity at which a model first becomes able to fit every one of its training examples exactly.',
    question: 6,
  },
  {
    id: 'double-descent',
    term: 'double descent',
    definition:
      'The observation that, as capacity grows, error on new data first falls, then peaks near the interpolation threshold, then falls again.',
    question: 6,
  },
  {
    id: 'degradation-problem',
    term: 'degradation problem',
    definition:
      'The finding that adding layers to a plain deep network can raise its training error, although the deeper network could represent everything the shallower one can.',
    question: 6,
  },
  {
    id: 'compound-scaling',
    term: 'compound scaling',
    definition: 'Growing a convolutional network’s depth, width and input resolution together in fixed proportions, as in EfficientNet.',
    question: 6,
  },
  {
    id: 'scaling-law',
    term: 'scaling law',
    definition:
      'An empirical rule, usually a power law, relating a model’s test loss to its number of parameters, its training data and its training computation.',
    question: 6,
  },
];
