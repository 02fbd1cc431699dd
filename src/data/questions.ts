/**
 * The twelve questions: the single source of truth for the home page path, navigation and the
 * "coming" state. A question links to its chapter when docs/ holds a chapter with that number.
 */
export interface Question {
  number: number;
  /** Short label for navigation. */
  topic: string;
  /** The question as a newcomer would ask it, in our words. */
  text: string;
}

export const questions: readonly Question[] = [
  { number: 1, topic: 'Depth', text: 'What makes a deep convolutional network “deep”?' },
  { number: 2, topic: 'Tasks and benchmarks', text: 'What job do these networks usually do, and how do we score them?' },
  { number: 3, topic: 'Convolution', text: 'What is a convolution?' },
  { number: 4, topic: 'Filters', text: 'What do the filters of an image classifier look like, and who chooses them?' },
  { number: 5, topic: 'Layer types', text: 'Why mix convolutional, 1×1, pooling and fully connected layers, and what does each do?' },
  { number: 6, topic: 'Size', text: 'Is a bigger network always a better classifier?' },
  { number: 7, topic: 'Learning', text: 'How does a network learn, how long does it take, and on what hardware?' },
  { number: 8, topic: 'Cost of layers', text: 'Which layers cost the most computation during training, and why?' },
  { number: 9, topic: 'ReLU', text: 'What is a rectified linear unit, and why is it everywhere?' },
  { number: 10, topic: 'Cost function', text: 'What does the cost function do during learning?' },
  { number: 11, topic: 'Regularization', text: 'What is regularization, and why does learning need it?' },
  { number: 12, topic: 'DeepDream', text: 'How does a CNN paint DeepDream pictures, and does it need anything beyond the network?' },
];
