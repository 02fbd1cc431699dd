/**
 * The image-classification benchmarks chapter 2 describes, with their sizes as their creators
 * published them (docs/notes/02-tasks-and-benchmarks-sources.md has where each number was
 * checked), and the 10,000-digit MNIST subset this site ships, counted from its own meta.json.
 */

export interface Benchmark {
  name: string;
  year: number;
  /** Labelled training images. */
  train: number;
  /** Labelled images held out for testing (for ImageNet: the validation set most papers report). */
  test: number;
  classes: number;
  /** Image size as stored; ImageNet's photos vary in size (typically resized to about 224×224 for a network). */
  pixels: string;
  colour: boolean;
  source: string;
}

export const BENCHMARKS: readonly Benchmark[] = [
  {
    name: 'MNIST',
    year: 1998,
    train: 60_000,
    test: 10_000,
    classes: 10,
    pixels: '28×28',
    colour: false,
    source: 'LeCun et al. 1998, and the MNIST page: 60,000 training and 10,000 test digits, size-normalised and centred in 28×28',
  },
  {
    name: 'CIFAR-10',
    year: 2009,
    train: 50_000,
    test: 10_000,
    classes: 10,
    pixels: '32×32',
    colour: true,
    source: 'Krizhevsky 2009 and the CIFAR page: 60,000 32×32 colour images, 6,000 per class, 50,000 training and 10,000 test',
  },
  {
    name: 'CIFAR-100',
    year: 2009,
    train: 50_000,
    test: 10_000,
    classes: 100,
    pixels: '32×32',
    colour: true,
    source: 'Krizhevsky 2009 and the CIFAR page: 100 classes of 600 images, 500 training and 100 test each',
  },
  {
    name: 'ImageNet (ILSVRC-2012)',
    year: 2012,
    train: 1_281_167,
    test: 50_000,
    classes: 1000,
    pixels: 'varied',
    colour: true,
    source: 'Russakovsky et al. 2015, Table 2: 1,281,167 training, 50,000 validation and 100,000 test images in 1,000 classes',
  },
];
