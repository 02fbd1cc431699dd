/**
 * Published training runs, as their papers report them, for the chapter on how long learning
 * takes: one table for the lab, the figures and the tests (user code gets it as `trainingRuns`). Times are wall-clock; where a paper
 * gives a range, `seconds` is its middle. The arithmetic rate a run sustained is computed from the
 * network's architecture (./architecture.ts), never typed in.
 */
import { ALEXNET, resnet50, trainingFlops } from './architecture.ts';

const HOUR = 3600;
const DAY = 24 * HOUR;

/** Training images in ILSVRC-2012, the ImageNet subset of the benchmark (Russakovsky et al. 2015). */
export const IMAGENET_TRAIN_IMAGES = 1_281_167;

/** Passes over the training set in AlexNet's run ("roughly 90 cycles", Krizhevsky et al. 2012). */
export const ALEXNET_EPOCHS = 90;

export interface TrainingRun {
  id: string;
  year: number;
  /** Short label for plots: "AlexNet, 2 GPUs". */
  label: string;
  model: string;
  chips: number;
  hardware: string;
  /** Wall-clock training time in seconds (the middle of a reported range). */
  seconds: number;
  /** The reported range, when the paper gives one. */
  secondsRange?: [number, number];
  /** What the paper says about the amount of training, in words. */
  work: string;
  /** Floating-point operations per second the run sustained on average, where it can be computed. */
  flopsPerSecond?: number;
  /** Citation key in the chapter's sources. */
  source: string;
}

const alexnetFlops = trainingFlops(ALEXNET);
const goyalResnetFlops = trainingFlops(resnet50('3x3'));

/**
 * Llama 3 405B: 3.8 × 10^25 FLOPs in all; 400 TFLOP/s per H100, the paper's figure for 16,384 GPUs on
 * 8,192-token sequences (its Table 4, which also gives 430 on 8,192 GPUs and 380 on long sequences).
 */
export const LLAMA3_FLOPS = 3.8e25;
const LLAMA3_GPUS = 16_384;
const LLAMA3_FLOPS_PER_GPU = 400e12;

export const runs: readonly TrainingRun[] = [
  {
    id: 'alexnet-2012',
    year: 2012,
    label: 'AlexNet, 2 GPUs (2012)',
    model: 'AlexNet',
    chips: 2,
    hardware: 'NVIDIA GTX 580 3 GB',
    seconds: 5.5 * DAY,
    secondsRange: [5 * DAY, 6 * DAY],
    work: 'roughly 90 passes over 1.2 million images',
    // The full ILSVRC-2012 training set ("1.2 million" in the paper's rounding), as in
    // alexnetTrainingWork, so that this rate gives back the reported 5.5 days.
    flopsPerSecond: (alexnetFlops * IMAGENET_TRAIN_IMAGES * ALEXNET_EPOCHS) / (5.5 * DAY),
    source: 'krizhevsky2012',
  },
  {
    id: 'vgg-2014',
    year: 2014,
    label: 'VGG, 4 GPUs (2014)',
    model: 'VGG (11 to 19 layers)',
    chips: 4,
    hardware: 'NVIDIA Titan Black',
    seconds: 2.5 * 7 * DAY,
    secondsRange: [2 * 7 * DAY, 3 * 7 * DAY],
    work: '370,000 steps of 256 images (74 epochs), one network',
    source: 'simonyan2015',
  },
  {
    id: 'resnet50-2017',
    year: 2017,
    label: 'ResNet-50, 256 GPUs (2017)',
    model: 'ResNet-50',
    chips: 256,
    hardware: 'NVIDIA Tesla P100',
    seconds: 1 * HOUR,
    work: '90 epochs of ImageNet in mini-batches of 8,192 images',
    flopsPerSecond: (goyalResnetFlops * IMAGENET_TRAIN_IMAGES * 90) / HOUR,
    source: 'goyal2017',
  },
  {
    id: 'resnet50-2017-15min',
    year: 2017,
    label: 'ResNet-50, 1,024 GPUs (2017)',
    model: 'ResNet-50',
    chips: 1024,
    hardware: 'NVIDIA Tesla P100',
    seconds: 15 * 60,
    work: '90 epochs of ImageNet in mini-batches of 32k images',
    source: 'akiba2017',
  },
  {
    id: 'alexnet-2018',
    year: 2018,
    label: 'AlexNet, 1,024 GPUs (2018)',
    model: 'AlexNet',
    chips: 1024,
    hardware: 'NVIDIA Tesla P40',
    seconds: 4 * 60,
    work: '95 epochs of ImageNet',
    source: 'jia2018',
  },
  {
    id: 'resnet50-2019',
    year: 2019,
    label: 'ResNet-50, 2,048 GPUs (2019)',
    model: 'ResNet-50',
    chips: 2048,
    hardware: 'GPUs of the ABCI cluster',
    seconds: 74.7,
    work: 'ImageNet at over 1.73 million images per second',
    source: 'yamazaki2019',
  },
  {
    id: 'llama3-2024',
    year: 2024,
    label: 'Llama 3 405B, 16,384 GPUs (2024)',
    model: 'Llama 3 405B (a language model)',
    chips: LLAMA3_GPUS,
    hardware: 'NVIDIA H100',
    // Not reported as one wall-clock time: the total arithmetic at that rate on 16,384 GPUs.
    seconds: LLAMA3_FLOPS / (LLAMA3_GPUS * LLAMA3_FLOPS_PER_GPU),
    work: '3.8 × 10²⁵ FLOPs in all; 400 TFLOP/s per GPU on 16,384 GPUs (time = FLOPs ÷ rate)',
    flopsPerSecond: LLAMA3_GPUS * LLAMA3_FLOPS_PER_GPU,
    source: 'llama2024',
  },
];

export function find(id: string): TrainingRun {
  const run = runs.find((r) => r.id === id);
  if (!run) throw new Error(`no training run '${id}'`);
  return run;
}

/** FLOPs of AlexNet's training recipe: its training FLOPs per image × ImageNet × 90 epochs. */
export function alexnetTrainingWork(epochs = ALEXNET_EPOCHS, images = IMAGENET_TRAIN_IMAGES): number {
  return alexnetFlops * images * epochs;
}

/** Seconds to train AlexNet (90 epochs of ImageNet) at a sustained rate of `flopsPerSecond`. */
export function secondsForAlexnet(flopsPerSecond: number): number {
  return alexnetTrainingWork() / flopsPerSecond;
}
