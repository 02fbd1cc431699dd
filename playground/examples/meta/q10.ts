/** Examples of question 10 (The cost function), in the order the chapter embeds them. */
import type { Control, ExampleInfo } from './types.ts';

const seed: Control = {
  name: 'seed',
  label: 'Seed',
  type: 'seed',
  value: 1,
  help: 'The same seed repeats a run exactly: same starting weights, same mini-batches.',
};

export const q10: readonly ExampleInfo[] = [
  {
    id: 'gradient-vs-confidence',
    title: 'Gradient versus confidence: how hard each cost pushes a wrong answer',
    summary: 'The push each cost gives the right class’s score, from confidently wrong to confidently right, computed by automatic differentiation.',
    live: true,
    controls: [
      { name: 'classes', label: 'Classes', type: 'range', min: 2, max: 100, step: 1, value: 10 },
      {
        name: 'rival',
        label: 'Where the wrong probability goes',
        type: 'select',
        options: [
          { value: 'one', label: 'All on one rival class (“sure it is a 3”)' },
          { value: 'spread', label: 'Spread evenly over the other classes' },
        ],
        value: 'one',
      },
      {
        name: 'smoothing',
        label: 'Label smoothing (cross-entropy)',
        type: 'range',
        min: 0,
        max: 0.3,
        step: 0.01,
        value: 0,
        help: 'The target gives 1 − ε + ε/K to the right class and ε/K to each other class.',
      },
    ],
  },
  {
    id: 'loss-switcher',
    title: 'Loss switcher: one network, three costs',
    summary:
      'The same network learns MNIST digits three times, side by side, with cross-entropy, squared error and hinge; accuracy and loss on shared charts.',
    controls: [
      {
        name: 'optimizer',
        label: 'Optimiser',
        type: 'select',
        options: [
          { value: 'sgd', label: 'Plain SGD (the step is the gradient times the learning rate)' },
          { value: 'adam', label: 'Adam (rescales each weight’s step; try learning rate 0.003)' },
        ],
        value: 'sgd',
      },
      {
        name: 'learningRate',
        label: 'Learning rate',
        type: 'number',
        min: 0.0001,
        max: 2,
        step: 0.0001,
        value: 0.1,
        help: 'How far each step moves the weights; 0.1 suits plain SGD here, 0.003 suits Adam.',
      },
      {
        name: 'outputScale',
        label: 'Starting confidence (output weights ×)',
        type: 'range',
        min: 1,
        max: 20,
        step: 1,
        value: 1,
        help: 'Larger starting output weights make the untrained network confidently wrong about most digits.',
      },
      {
        name: 'squaredOn',
        label: 'Squared error measured on',
        type: 'select',
        options: [
          { value: 'probabilities', label: 'Probabilities (after the softmax)' },
          { value: 'scores', label: 'Raw scores (no softmax)' },
        ],
        value: 'probabilities',
      },
      { name: 'steps', label: 'Steps', type: 'range', min: 50, max: 1000, step: 50, value: 300 },
      { name: 'target', label: 'Finish line (validation accuracy)', type: 'range', min: 0.5, max: 0.95, step: 0.05, value: 0.85 },
      seed,
    ],
  },
  {
    id: 'class-imbalance',
    title: 'Rare classes: the plain cost versus class weights',
    summary: 'Train on digits where some classes are rare, with and without class weights, and compare accuracy per digit.',
    controls: [
      {
        name: 'rare',
        label: 'Rare digits',
        type: 'select',
        options: [
          { value: 'five', label: '5, 6, 7, 8 and 9' },
          { value: 'one', label: 'Only 8' },
        ],
        value: 'five',
      },
      {
        name: 'keep',
        label: 'Share of each rare digit kept',
        type: 'range',
        min: 0.01,
        max: 1,
        step: 0.01,
        value: 0.02,
        help: 'At 0.02 about 16 examples of each rare digit remain, against about 800 of each common one.',
      },
      { name: 'steps', label: 'Steps', type: 'range', min: 50, max: 1000, step: 50, value: 300 },
      { name: 'learningRate', label: 'Learning rate', type: 'number', min: 0.0001, max: 1, step: 0.0001, value: 0.1 },
      seed,
    ],
  },
];
