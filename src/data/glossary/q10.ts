/** Glossary terms that question 10 explains (see ../glossary.ts). */
import type { GlossaryEntry } from '../glossary.ts';

export const q10: readonly GlossaryEntry[] = [
  {
    id: 'cost-function',
    term: 'cost function (loss)',
    definition:
      'The single number training tries to make small, computed from the network’s outputs and the right answers; its gradient decides every weight change.',
    question: 10,
  },
  {
    id: 'logit',
    term: 'score (logit)',
    definition: 'One raw output of a classifier’s last layer per class, any real number; the softmax turns the scores into probabilities.',
    question: 10,
  },
  {
    id: 'softmax',
    term: 'softmax',
    definition: 'The function that turns a vector of scores into probabilities: each score is exponentiated and divided by the sum of all of them.',
    question: 10,
  },
  {
    id: 'cross-entropy',
    term: 'cross-entropy',
    definition:
      'The standard cost for classification: minus the logarithm of the probability the network gives the right answer, averaged over examples.',
    question: 10,
  },
  {
    id: 'negative-log-likelihood',
    term: 'negative log-likelihood',
    definition: 'Minus the logarithm of the probability a model assigns to the observed data; minimising it is maximum-likelihood fitting.',
    question: 10,
  },
  {
    id: 'squared-error',
    term: 'squared error',
    definition:
      'The cost that sums the squared differences between outputs and targets; the natural choice for predicting quantities with Gaussian noise.',
    question: 10,
  },
  {
    id: 'hinge-loss',
    term: 'hinge loss',
    definition:
      'A margin cost from support vector machines: zero once the right class outscores every other by a set margin, rising linearly below it.',
    question: 10,
  },
  {
    id: 'surrogate-loss',
    term: 'surrogate loss',
    definition:
      'A smooth cost trained in place of the quantity one actually cares about (such as accuracy) because that quantity has no useful gradient.',
    question: 10,
  },
  {
    id: 'class-weights',
    term: 'class weights',
    definition:
      'Factors that multiply each example’s cost according to its class, typically larger for rare classes so that every class counts equally.',
    question: 10,
  },
];
