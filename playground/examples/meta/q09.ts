/** Examples of question 9 (Rectified linear units), in the order the chapter embeds them. */
import type { Control, ExampleInfo } from './types.ts';

const seed: Control = {
  name: 'seed',
  label: 'Seed',
  type: 'seed',
  value: 1,
  help: 'The same seed repeats a run exactly: same weights, same batches.',
};
const depth: Control = { name: 'depth', label: 'Hidden layers', type: 'range', min: 1, max: 16, step: 1, value: 10 };
const width: Control = { name: 'width', label: 'Units per hidden layer', type: 'range', min: 16, max: 128, step: 16, value: 64 };
const init: Control = {
  name: 'init',
  label: 'Initial weights',
  type: 'select',
  options: [
    { value: 'matched', label: 'Matched: Glorot for sigmoid and tanh, He for the ReLUs' },
    { value: 'glorot', label: 'Glorot for all' },
    { value: 'he', label: 'He for all' },
  ],
  value: 'matched',
  help: 'He’s rule draws weights √2 times larger than Glorot’s (for square layers), to make up for the half of its input a ReLU discards.',
};

const learningRate: Control = {
  name: 'learningRate',
  label: 'Learning rate',
  type: 'number',
  min: 0.0001,
  max: 1,
  step: 0.0001,
  value: 0.01,
  help: 'How far each step moves the weights; try 0.001, 0.03 or 0.1.',
};

export const q09: readonly ExampleInfo[] = [
  {
    id: 'activation-race',
    title: 'Activation race: sigmoid, tanh, ReLU and leaky ReLU in one deep network',
    summary: 'The same deep network learns MNIST digits four times, side by side, differing only in its activation function.',
    controls: [
      depth,
      width,
      {
        name: 'optimizer',
        label: 'Optimiser',
        type: 'select',
        options: [
          { value: 'momentum', label: 'SGD with momentum 0.9' },
          { value: 'sgd', label: 'Plain SGD' },
          { value: 'adam', label: 'Adam (try learning rate 0.001)' },
        ],
        value: 'momentum',
      },
      learningRate,
      init,
      { name: 'steps', label: 'Steps', type: 'range', min: 50, max: 1000, step: 50, value: 300 },
      { name: 'target', label: 'Finish line (loss)', type: 'number', min: 0.05, max: 2.2, step: 0.05, value: 0.5 },
      seed,
    ],
  },
  {
    id: 'vanishing-gradients',
    title: 'Vanishing gradients: how much signal reaches each layer',
    summary: 'The gradient norm of every layer, at initialisation and while training, for four activations, on a log axis.',
    controls: [
      depth,
      width,
      init,
      { name: 'steps', label: 'Training steps per network', type: 'range', min: 10, max: 400, step: 10, value: 100 },
      learningRate,
      seed,
    ],
  },
  {
    id: 'dead-relus',
    title: 'Activity and dead units at two learning rates',
    summary: 'Histograms of every layer’s outputs and the share of silent (dead) units, at a moderate and a too-large learning rate.',
    controls: [
      {
        name: 'activation',
        label: 'Activation',
        type: 'select',
        options: [
          { value: 'relu', label: 'ReLU' },
          { value: 'leaky relu', label: 'Leaky ReLU (slope 0.01 below zero)' },
        ],
        value: 'relu',
      },
      { ...learningRate, label: 'Moderate learning rate' },
      { name: 'largeRate', label: 'Large learning rate', type: 'number', min: 0.0001, max: 1, step: 0.0001, value: 0.1 },
      { name: 'steps', label: 'Steps', type: 'range', min: 20, max: 600, step: 20, value: 200 },
      depth,
      width,
      seed,
    ],
  },
];
