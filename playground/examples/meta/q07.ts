/** Examples of question 7 (How learning works, how long it takes), in the order the chapter embeds them. */
import type { ExampleInfo } from './types.ts';

export const q07: readonly ExampleInfo[] = [
  {
    id: 'descent-paths',
    title: 'Gradient descent you can see',
    summary: 'A two-weight model’s cost surface with the paths of SGD, momentum and Adam; move the learning rate from too small to divergent.',
    live: true,
    compare: false,
    controls: [
      {
        name: 'learningRate',
        label: 'Learning rate',
        type: 'range',
        min: 0.01,
        max: 3,
        step: 0.01,
        value: 0.1,
        scale: 'log',
        help: 'The size of each step relative to the gradient. Plain SGD on all 40 trials diverges above about 0.8.',
      },
      { name: 'steps', label: 'Steps', type: 'range', min: 5, max: 300, step: 5, value: 60 },
      {
        name: 'batchSize',
        label: 'Trials per step (mini-batch)',
        type: 'select',
        options: [
          { value: '1', label: '1' },
          { value: '5', label: '5' },
          { value: '10', label: '10' },
          { value: '20', label: '20' },
          { value: '40', label: 'all 40 (full-batch gradient descent)' },
        ],
        value: '10',
        help: 'Fewer trials per step make each gradient a noisier estimate of the true one.',
      },
      { name: 'seed', label: 'Seed (data and mini-batches)', type: 'seed', value: 1 },
    ],
  },
  {
    id: 'backprop-by-hand',
    title: 'Backpropagation by hand',
    summary: 'The gradient of a 2–2–1 network computed with the chain rule, layer by layer, and checked against tf.grads.',
    live: true,
    compare: false,
    controls: [
      {
        name: 'activation',
        label: 'Hidden nonlinearity',
        type: 'select',
        options: [
          { value: 'sigmoid', label: 'sigmoid' },
          { value: 'tanh', label: 'tanh' },
          { value: 'relu', label: 'ReLU' },
        ],
        value: 'sigmoid',
      },
      { name: 'x1', label: 'Input x₁', type: 'number', min: -5, max: 5, step: 0.1, value: 1 },
      { name: 'x2', label: 'Input x₂', type: 'number', min: -5, max: 5, step: 0.1, value: 0.5 },
      { name: 'target', label: 'Target output', type: 'number', min: -5, max: 5, step: 0.1, value: 1 },
    ],
  },
  {
    id: 'how-long',
    title: 'How long would AlexNet take here?',
    summary:
      'Time real training steps on each backend, count their FLOPs from the architecture, and extrapolate to 90 epochs of AlexNet on ImageNet.',
    controls: [
      {
        name: 'workload',
        label: 'Network to time',
        type: 'select',
        options: [
          { value: 'alexnet', label: 'AlexNet’s convolutional layers (227×227 images, 8 per step)' },
          { value: 'book-cnn', label: 'The book’s MNIST CNN (28×28 images, 64 per step)' },
        ],
        value: 'alexnet',
      },
      {
        name: 'backends',
        label: 'Backends',
        type: 'select',
        options: [
          { value: 'all', label: 'every backend that starts here' },
          { value: 'current', label: 'only the one chosen above' },
        ],
        value: 'all',
      },
      { name: 'seconds', label: 'Seconds of timing per backend', type: 'range', min: 1, max: 20, step: 1, value: 3 },
      {
        name: 'cpu',
        label: 'Include plain JavaScript (CPU)',
        type: 'checkbox',
        value: false,
        help: 'Much slower: with AlexNet’s layers a single step can take a minute or more.',
      },
    ],
  },
  {
    id: 'mnist-train',
    title: 'Train the book’s CNN on MNIST: time to 98 %',
    summary: 'The book’s CNN learns handwritten digits in your browser; the run reports when test accuracy first reaches the target.',
    controls: [
      { name: 'epochs', label: 'Epochs (passes over the 8,000 training digits)', type: 'range', min: 1, max: 15, step: 1, value: 3 },
      { name: 'target', label: 'Target test accuracy (%)', type: 'range', min: 90, max: 99.5, step: 0.5, value: 98 },
      { name: 'stopAtTarget', label: 'Stop when the target is reached', type: 'checkbox', value: true },
      {
        name: 'augment',
        label: 'Augment: shift, turn and scale each training digit a little',
        type: 'checkbox',
        value: true,
        help: 'New views of the same 8,000 digits every epoch, so the network cannot simply memorise their pixels.',
      },
      {
        name: 'learningRate',
        label: 'Peak learning rate (Adam)',
        type: 'range',
        min: 0.0005,
        max: 0.01,
        step: 0.0005,
        value: 0.003,
        scale: 'log',
      },
      {
        name: 'batchSize',
        label: 'Mini-batch size',
        type: 'select',
        options: ['16', '32', '64', '128', '256'].map((v) => ({ value: v, label: v })),
        value: '64',
      },
      { name: 'seed', label: 'Seed', type: 'seed', value: 1 },
    ],
  },
];
