/**
 * Glossary terms that question 1 explains (see ../glossary.ts). Chapter 1 also marks weight, bias,
 * feature map and receptive field, whose entries live with question 3.
 */
import type { GlossaryEntry } from '../glossary.ts';

export const q01: readonly GlossaryEntry[] = [
  {
    id: 'unit',
    term: 'unit (artificial neuron)',
    definition:
      'The basic element of a network: it multiplies each input by a weight, adds the products and a bias, and passes the sum through a fixed nonlinear function.',
    question: 1,
  },
  {
    id: 'layer',
    term: 'layer',
    definition:
      'A set of units that all read the same input (the image, or the previous layer’s output) and whose outputs together form the next layer’s input.',
    question: 1,
  },
  {
    id: 'hidden-layer',
    term: 'hidden layer',
    definition: 'Any layer between the input and the output layer; its activity is neither given (like the pixels) nor prescribed (like the answer).',
    question: 1,
  },
  {
    id: 'feedforward-network',
    term: 'feedforward network',
    definition: 'A network in which signals travel one way, from the input through each layer to the output, with no loops back.',
    question: 1,
  },
  {
    id: 'depth',
    term: 'depth (of a network)',
    definition: 'The number of learned layers, each a weighted sum followed by a nonlinearity, on the longest path from the input to the output.',
    question: 1,
  },
  {
    id: 'width',
    term: 'width (of a layer)',
    definition: 'The number of units in a layer; in a convolutional layer, its number of channels.',
    question: 1,
  },
  {
    id: 'credit-assignment-path',
    term: 'credit assignment path',
    definition:
      'A chain of learnable links from input to output along which an error has to be traced back to the weights that caused it; its length is one way to define depth.',
    question: 1,
  },
  {
    id: 'universal-approximation',
    term: 'universal approximation theorem',
    definition:
      'The result that a network with a single hidden layer can approximate any continuous function as closely as wanted, given enough units, without saying how many.',
    question: 1,
  },
  {
    id: 'residual-connection',
    term: 'residual connection (shortcut)',
    definition:
      'A connection that adds a block’s input to its output, so the block only has to learn a correction and signals can skip it on the way forward and back.',
    question: 1,
  },
  {
    id: 'ventral-stream',
    term: 'ventral visual stream',
    definition: 'The chain of visual cortical areas from V1 through V2 and V4 to inferior temporal cortex (IT) that supports recognising objects.',
    question: 1,
  },
];
