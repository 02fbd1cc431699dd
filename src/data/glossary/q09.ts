/** Glossary terms that question 9 explains (see ../glossary.ts). */
import type { GlossaryEntry } from '../glossary.ts';

export const q09: readonly GlossaryEntry[] = [
  {
    id: 'activation-function',
    term: 'activation function',
    definition: 'The fixed nonlinear function a unit applies to its weighted sum of inputs, such as ReLU, sigmoid or tanh.',
    question: 9,
  },
  {
    id: 'pre-activation',
    term: 'pre-activation',
    definition: 'A unit’s weighted sum of inputs plus its bias, before the activation function is applied.',
    question: 9,
  },
  {
    id: 'relu',
    term: 'rectified linear unit (ReLU)',
    definition: 'A unit whose activation function is max(0, x): it passes positive inputs unchanged and outputs zero for negative ones.',
    question: 9,
  },
  {
    id: 'sigmoid-function',
    term: 'sigmoid (logistic) function',
    definition: 'The S-shaped function 1/(1 + e^−x), which squashes any input into the range 0 to 1; its slope is at most 1/4.',
    question: 9,
  },
  {
    id: 'tanh',
    term: 'hyperbolic tangent (tanh)',
    definition: 'An S-shaped activation function with outputs from −1 to 1, a rescaled and shifted sigmoid whose slope is at most 1.',
    question: 9,
  },
  {
    id: 'saturation',
    term: 'saturation',
    definition: 'The flat part of an activation function, where changing the input barely changes the output, so almost no gradient passes.',
    question: 9,
  },
  {
    id: 'vanishing-gradients',
    term: 'vanishing gradients',
    definition: 'The shrinking of the learning signal as backpropagation carries it down through many layers, leaving early layers almost untrained.',
    question: 9,
  },
  {
    id: 'weight-initialization',
    term: 'weight initialisation',
    definition:
      'The rule for drawing a network’s random starting weights; its scale decides whether signals grow, shrink or keep their size across layers.',
    question: 9,
  },
  {
    id: 'dying-relu',
    term: 'dead (dying) ReLU',
    definition: 'A ReLU unit whose input has become negative for every example, so it always outputs zero and receives no gradient to recover.',
    question: 9,
  },
  {
    id: 'leaky-relu',
    term: 'leaky ReLU',
    definition: 'A ReLU that keeps a small slope (often 0.01) for negative inputs, so a unit that is off still passes some gradient.',
    question: 9,
  },
  {
    id: 'sparse-activity',
    term: 'sparse activity',
    definition: 'A pattern of activity in which only a small fraction of units are active for any given input, the rest exactly or nearly zero.',
    question: 9,
  },
  {
    id: 'f-i-curve',
    term: 'f–I curve',
    definition: 'A neuron’s firing frequency plotted against the steady current injected into it; zero below a threshold current, rising above it.',
    question: 9,
  },
  {
    id: 'linear-nonlinear-model',
    term: 'linear–nonlinear (LN) model',
    definition:
      'A neuron model in which the stimulus is first weighted by a linear receptive field and the result passed through a static nonlinearity, often a rectifier.',
    question: 9,
  },
];
