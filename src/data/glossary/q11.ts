/** Glossary terms that question 11 explains (see ../glossary.ts). */
import type { GlossaryEntry } from '../glossary.ts';

export const q11: readonly GlossaryEntry[] = [
  {
    id: 'overfitting',
    term: 'overfitting',
    definition: 'Fitting the training examples, their accidents and noise included, so closely that performance on new examples gets worse.',
    question: 11,
  },
  {
    id: 'generalization-gap',
    term: 'generalisation gap',
    definition: 'The difference between how well a model does on its training data and how well it does on new data from the same source.',
    question: 11,
  },
  {
    id: 'regularization',
    term: 'regularization',
    definition: 'Any change to how a model learns that is meant to lower its error on new data rather than its error on the training data.',
    question: 11,
  },
  {
    id: 'weight-decay',
    term: 'weight decay (L2 penalty)',
    definition: 'Adding λ times the sum of the squared weights to the loss, which shrinks every weight a little towards zero at each step.',
    question: 11,
  },
  {
    id: 'l1-penalty',
    term: 'L1 penalty',
    definition: 'Adding λ times the sum of the absolute values of the weights to the loss, which drives many weights to (nearly) zero.',
    question: 11,
  },
  {
    id: 'dropout',
    term: 'dropout',
    definition:
      'During training, silencing each unit at random with a fixed probability at every step, so that no unit can rely on particular others.',
    question: 11,
  },
  {
    id: 'data-augmentation',
    term: 'data augmentation',
    definition: 'Training on randomly transformed copies of the examples (shifted, rotated, cropped, recoloured) that keep their labels.',
    question: 11,
  },
  {
    id: 'early-stopping',
    term: 'early stopping',
    definition: 'Watching the error on held-out validation data during training and keeping the weights from the point where it was lowest.',
    question: 11,
  },
  {
    id: 'batch-normalization',
    term: 'batch normalisation',
    definition: 'Rescaling each unit’s activity to zero mean and unit variance over the current mini-batch (followed by a learned scale and shift).',
    question: 11,
  },
  {
    id: 'label-smoothing',
    term: 'label smoothing',
    definition:
      'Training towards slightly softened targets (for example 0.9 for the right class, the rest shared by the others) instead of a hard 1 and 0s.',
    question: 11,
  },
  {
    id: 'label-noise',
    term: 'label noise',
    definition: 'Training examples whose labels are wrong, whether by annotators’ mistakes or, in an experiment, on purpose.',
    question: 11,
  },
  {
    id: 'implicit-regularization',
    term: 'implicit regularization',
    definition:
      'A preference for some solutions over others that comes from the learning procedure itself (such as stochastic gradient descent), not from an added penalty.',
    question: 11,
  },
];
