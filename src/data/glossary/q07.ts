/** Glossary terms that question 7 explains (see ../glossary.ts). */
import type { GlossaryEntry } from '../glossary.ts';

const q = 7;

export const q07: readonly GlossaryEntry[] = [
  {
    id: 'supervised-learning',
    term: 'supervised learning',
    definition:
      'Learning from examples that come with the right answer (a label), by adjusting the weights so the network’s outputs match the answers.',
    question: q,
  },
  {
    id: 'forward-pass',
    term: 'forward pass',
    definition:
      'Running inputs through the network, layer by layer, to get its outputs, keeping the intermediate values the backward pass will need.',
    question: q,
  },
  {
    id: 'gradient',
    term: 'gradient',
    definition:
      'For every weight, how fast the cost rises when that weight is increased a little; together these slopes point uphill on the cost surface.',
    question: q,
  },
  {
    id: 'gradient-descent',
    term: 'gradient descent',
    definition: 'Training by repeatedly moving every weight a small step against its gradient, that is, downhill on the cost.',
    question: q,
  },
  {
    id: 'learning-rate',
    term: 'learning rate',
    definition: 'The number that scales each gradient-descent step: too small and learning crawls, too large and it overshoots or diverges.',
    question: q,
  },
  {
    id: 'mini-batch',
    term: 'mini-batch',
    definition: 'The handful of training examples (often 32 to a few hundred) whose average gradient is used for one step.',
    question: q,
  },
  {
    id: 'stochastic-gradient-descent',
    term: 'stochastic gradient descent (SGD)',
    definition:
      'Gradient descent in which each step uses the gradient of a random mini-batch instead of the whole training set: noisier steps, far more of them.',
    question: q,
  },
  {
    id: 'epoch',
    term: 'epoch',
    definition: 'One pass of training over every example in the training set.',
    question: q,
  },
  {
    id: 'momentum',
    term: 'momentum',
    definition:
      'A change to gradient descent in which each step keeps most of the previous step and adds the new gradient, so progress builds up along consistent directions.',
    question: q,
  },
  {
    id: 'adam',
    term: 'Adam',
    definition:
      'An optimiser that scales each weight’s step by running averages of its gradient and squared gradient, so all weights move at a similar pace.',
    question: q,
  },
  {
    id: 'backpropagation',
    term: 'backpropagation',
    definition:
      'Computing the gradient of the cost for every weight with the chain rule, from the output back to the first layer, at about the cost of two more forward passes.',
    question: q,
  },
  {
    id: 'automatic-differentiation',
    term: 'automatic differentiation',
    definition:
      'Software that records the operations of a computation and applies the chain rule to them, giving exact derivatives without writing them by hand.',
    question: q,
  },
  {
    id: 'flop',
    term: 'FLOP',
    definition:
      'One floating-point operation, an addition or a multiplication of real numbers; a multiply-add counts as two, and FLOP/s (operations per second) measures speed.',
    question: q,
  },
  {
    id: 'gpu',
    term: 'GPU',
    definition:
      'Graphics processing unit: a chip with thousands of simple arithmetic units built to do the same operation on many numbers at once, which suits the matrix products of neural networks.',
    question: q,
  },
  {
    id: 'tpu',
    term: 'TPU',
    definition: 'Tensor processing unit: Google’s chip built around a large grid of multiply-add units for neural-network arithmetic.',
    question: q,
  },
  {
    id: 'memory-bandwidth',
    term: 'memory bandwidth',
    definition:
      'How many bytes per second a chip can move between its memory and its arithmetic units; operations that use each number only once are limited by it.',
    question: q,
  },
  {
    id: 'arithmetic-intensity',
    term: 'arithmetic intensity',
    definition:
      'Floating-point operations done per byte moved from memory: high for convolutions and large batches, low for dense layers on one example.',
    question: q,
  },
  {
    id: 'webgl',
    term: 'WebGL',
    definition: 'The browser’s interface to the graphics card for drawing, which TensorFlow.js uses for arithmetic by storing tensors as textures.',
    question: q,
  },
  {
    id: 'webgpu',
    term: 'WebGPU',
    definition: 'The newer browser interface to the graphics card, with general-purpose compute programs; available only on secure pages.',
    question: q,
  },
  {
    id: 'webassembly',
    term: 'WebAssembly (WASM)',
    definition:
      'A compact instruction format browsers run at close to native speed on the processor; TensorFlow.js’s WASM backend does its arithmetic there.',
    question: q,
  },
  {
    id: 'weight-transport',
    term: 'weight transport problem',
    definition:
      'The objection that backpropagation needs feedback connections carrying exact copies of the forward weights, which neurons are not known to have.',
    question: q,
  },
  {
    id: 'feedback-alignment',
    term: 'feedback alignment',
    definition:
      'A learning rule that sends errors back through fixed random weights instead of the forward weights; the forward weights come to align with them, and learning still works.',
    question: q,
  },
];
