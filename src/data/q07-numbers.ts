/**
 * Numbers the chapter on learning quotes that are computed, not typed: AlexNet's arithmetic from
 * its architecture, the rates of published runs, and AlexNet's recipe at those rates. The MDX
 * imports them, so the text always says what the code computes (tests/unit/q07-numbers.test.ts).
 */
import { ALEXNET, costs, RESNET50, summarize } from '../../playground/shared/architecture.ts';
import {
  ALEXNET_EPOCHS,
  alexnetTrainingWork,
  find,
  IMAGENET_TRAIN_IMAGES,
  LLAMA3_FLOPS,
  secondsForAlexnet,
} from '../../playground/shared/training-runs.ts';

const alexnet = summarize(ALEXNET);
const rows = costs(ALEXNET);
const dense = rows.filter((r) => r.kind === 'dense');

/** 1.23e17 → "1.2 × 10¹⁷". */
export function scientific(value: number, digits = 2): string {
  const exponent = Math.floor(Math.log10(value));
  const mantissa = value / 10 ** exponent;
  const superscript = String(exponent).replace(/[-0-9]/g, (d) => '⁻⁰¹²³⁴⁵⁶⁷⁸⁹'['-0123456789'.indexOf(d)]!);
  return `${mantissa.toFixed(digits - 1)} × 10${superscript}`;
}

export function duration(seconds: number): string {
  if (seconds >= 365 * 86400) return `${(seconds / (365 * 86400)).toFixed(1)} years`;
  if (seconds >= 2 * 86400) return `${(seconds / 86400).toFixed(1)} days`;
  if (seconds >= 2 * 3600) return `${(seconds / 3600).toFixed(1)} hours`;
  if (seconds >= 120) return `${Math.round(seconds / 60)} minutes`;
  if (seconds >= 1) return `${seconds.toFixed(0)} seconds`;
  return `${(seconds * 1000).toFixed(0)} milliseconds`;
}

const rate2012 = find('alexnet-2012').flopsPerSecond!;
const rate2017 = find('resnet50-2017').flopsPerSecond!;
const rate2024 = find('llama3-2024').flopsPerSecond!;

export const q07 = {
  alexnetParams: alexnet.params.toLocaleString('en'),
  alexnetForwardGmacs: (alexnet.forwardMacs / 1e9).toFixed(2),
  alexnetForwardGflops: (alexnet.forwardFlops / 1e9).toFixed(2),
  alexnetTrainingGflops: (alexnet.trainingFlops / 1e9).toFixed(2),
  alexnetTrainingRatio: (alexnet.trainingFlops / alexnet.forwardFlops).toFixed(2),
  alexnetDenseParamShare: `${Math.round((100 * dense.reduce((n, r) => n + r.params, 0)) / alexnet.params)} %`,
  alexnetDenseMacShare: `${Math.round((100 * dense.reduce((n, r) => n + r.macs, 0)) / alexnet.forwardMacs)} %`,
  imagenetImages: IMAGENET_TRAIN_IMAGES.toLocaleString('en'),
  alexnetEpochs: ALEXNET_EPOCHS,
  alexnetWork: scientific(alexnetTrainingWork()),
  rate2012Tflops: (rate2012 / 1e12).toFixed(1),
  rate2017Tflops: Math.round(rate2017 / 1e12).toLocaleString('en'),
  rate2017PerGpuTflops: (rate2017 / 256 / 1e12).toFixed(1),
  rate2024Eflops: (rate2024 / 1e18).toFixed(1),
  alexnetAt2017: duration(secondsForAlexnet(rate2017)),
  alexnetAt2024: duration(secondsForAlexnet(rate2024)),
  resnetPerAlexnet: (summarize(RESNET50).forwardMacs / alexnet.forwardMacs).toFixed(1),
  resnetForwardGmacs: (summarize(RESNET50).forwardMacs / 1e9).toFixed(2),
  llamaDays: Math.round(find('llama3-2024').seconds / 86400),
  /** Mini-batches of 128 in roughly 90 passes over ImageNet's training images, to the nearest 10,000. */
  alexnetSteps: (Math.round((ALEXNET_EPOCHS * IMAGENET_TRAIN_IMAGES) / 128 / 10_000) * 10_000).toLocaleString('en'),
  /** Images shown in training: epochs × ImageNet, in millions. */
  alexnetPresentationsMillions: Math.round((ALEXNET_EPOCHS * IMAGENET_TRAIN_IMAGES) / 1e6),
  /** Llama 3 405B's total arithmetic in multiples of AlexNet's, in millions. */
  llamaOverAlexnetMillions: Math.round(LLAMA3_FLOPS / alexnetTrainingWork() / 1e6),
  /** Memory for the dense layers' weights, gradients and momentum in float32, gigabytes. */
  alexnetDenseTrainingGb: ((dense.reduce((n, r) => n + r.params, 0) * 4 * 3) / 1e9).toFixed(1),
};

/** AlexNet layer by layer, for the chapter's table. */
export const alexnetRows = rows.map((r) => ({
  name: r.name,
  output: r.output.join(' × '),
  params: r.params.toLocaleString('en'),
  mmacs: r.macs ? (r.macs / 1e6).toFixed(1) : '—',
}));
