/** Glossary terms that question 2 explains (see ../glossary.ts). */
import type { GlossaryEntry } from '../glossary.ts';

export const q02: readonly GlossaryEntry[] = [
  {
    id: 'image-classification',
    term: 'image classification',
    definition: 'The task of giving a whole image one label from a fixed list of classes, such as the ten digits or ImageNet’s 1,000 categories.',
    question: 2,
  },
  {
    id: 'object-detection',
    term: 'object detection',
    definition: 'The task of finding every object of the known classes in an image, each with a class and a box around it.',
    question: 2,
  },
  {
    id: 'semantic-segmentation',
    term: 'semantic segmentation',
    definition: 'The task of giving every pixel of an image the class of what it shows.',
    question: 2,
  },
  {
    id: 'benchmark',
    term: 'benchmark',
    definition: 'A fixed dataset with a fixed task and a fixed way of scoring, so that different methods can be compared on equal terms.',
    question: 2,
  },
  {
    id: 'training-set',
    term: 'training set',
    definition: 'The labelled examples a network adjusts its weights on.',
    question: 2,
  },
  {
    id: 'validation-set',
    term: 'validation set',
    definition: 'Held-out labelled examples used to compare settings and choose among models during development, never to train the weights.',
    question: 2,
  },
  {
    id: 'test-set',
    term: 'test set',
    definition: 'Held-out labelled examples used once, at the end, to estimate how well the finished model does on new data.',
    question: 2,
  },
  {
    id: 'hyperparameter',
    term: 'hyperparameter',
    definition:
      'A setting chosen by the person, not learned from the data, such as the learning rate, the number of layers or the number of training passes.',
    question: 2,
  },
  {
    id: 'top-k-error',
    term: 'top-1 and top-5 error',
    definition:
      'The share of test images whose true label is not the network’s first guess (top-1), or not among its five most probable guesses (top-5).',
    question: 2,
  },
  {
    id: 'confusion-matrix',
    term: 'confusion matrix',
    definition:
      'A table that counts, for every true class (row), how often each class was predicted (column), so the diagonal holds the correct answers.',
    question: 2,
  },
  {
    id: 'calibration',
    term: 'calibration',
    definition: 'How well a classifier’s confidence matches its accuracy: a calibrated one that says 90 % is right on 90 % of such answers.',
    question: 2,
  },
  {
    id: 'distribution-shift',
    term: 'distribution shift',
    definition:
      'A difference between the data a model was trained and tested on and the data it meets later, such as new cameras, styles or populations.',
    question: 2,
  },
];
