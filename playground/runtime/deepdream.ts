/**
 * DeepDream and feature visualisation: gradient ascent on the pixels of an image.
 *
 * Training changes the weights so that a loss goes down. Here the weights stay frozen and the
 * pixels change so that one layer's activity goes up. Everything below is ordinary TF.js: a
 * sub-model that stops at the chosen layer, `tf.valueAndGrad` for the gradient, and a loop.
 *
 * The core is `dreamStep` and `dream`; chapter 12 counts their lines. The helpers `roll`
 * and `blur` are small tensor utilities.
 */
import * as tf from '@tensorflow/tfjs';
import { mulberry32 } from './random.ts';

export interface StepInfo {
  /** 0 = the smallest octave. */
  octave: number;
  /** Step within this octave, from 0. */
  step: number;
  /** Steps in the whole run (all octaves). */
  totalSteps: number;
  /** The value being maximised (mean activation) just before this step. */
  objective: number;
}

export interface DreamOptions {
  /** Name of the layer whose activity is maximised. */
  layer: string;
  /** Maximise one channel of that layer instead of all of them. */
  channel?: number;
  /** 'mean' (default): the mean activation. 'squares': the mean squared activation, as in the original notebook. */
  objective?: 'mean' | 'squares';
  /** How many scales to dream at, smallest first. */
  octaves: number;
  /** Each octave is this many times larger than the one before. */
  octaveScale: number;
  stepsPerOctave: number;
  /** Pixel change per step (pixels are 0..1); with normalisation, the mean change per pixel. */
  stepSize: number;
  /** Largest random shift in pixels, in each direction. */
  jitter: number;
  /** Divide the gradient by its mean absolute value, so every step has the same size. */
  normalizeGradient: boolean;
  useOctaves: boolean;
  useJitter: boolean;
  /** Octaves smaller than this (shorter side, in pixels) are skipped. */
  minOctaveSize?: number;
  /** Seed for the jitter's random shifts. */
  seed?: number;
  /** Called after every step with the current image (do not dispose it). Return false to stop. */
  // biome-ignore lint/suspicious/noConfusingVoidType: a callback that returns nothing means "go on"
  onStep?: (image: tf.Tensor3D, info: StepInfo) => Promise<boolean | void>;
  /** The step function to use instead of `dreamStep` (same arguments and result), e.g. your own version. */
  step?: typeof dreamStep;
  /** How the step runs the feature model on a batch: `applyFeatures` by default (benchmarks compare `features.apply`). */
  apply?: (features: tf.LayersModel, batch: tf.Tensor4D) => tf.Tensor4D;
}

/**
 * Octaves, scale, steps and jitter as in the original 2015 notebook. The step is in units of our
 * 0..1 pixels. The layer is a middle layer of Tiny Darknet (each unit sees 46×46 pixels).
 */
export const defaultDreamOptions: DreamOptions = {
  layer: 'leaky_re_lu_8',
  octaves: 4,
  octaveScale: 1.4,
  stepsPerOctave: 10,
  stepSize: 0.01,
  jitter: 32,
  normalizeGradient: true,
  useOctaves: true,
  useJitter: true,
  minOctaveSize: 32,
  seed: 1,
};

/** A model from the same input to the output of `layerName` (weights shared, nothing copied). */
export function makeFeatureModel(model: tf.LayersModel, layerName: string): tf.LayersModel {
  const layer = model.getLayer(layerName);
  return tf.model({ inputs: model.inputs, outputs: layer.output as tf.SymbolicTensor });
}

/**
 * The same as `features.apply(batch)`, computed layer by layer with two kinds of layer replaced by
 * plain ops that are much cheaper to differentiate with respect to the pixels:
 *
 * - Conv2D without an activation of its own. TF.js runs it as one fused op whose gradient always
 *   computes the gradient for the filter weights too (Conv2DBackpropFilter), which `tf.grad` with
 *   respect to the image then throws away. A plain `tf.conv2d` lets the tape skip it; for stride 1
 *   and odd kernels the input gradient is itself computed as a forward convolution (see
 *   `sameConv2d`), so it needs no Conv2DBackpropInput kernel at all.
 * - BatchNormalization at inference, a per-channel affine map: `x * scale + shift` instead of the
 *   fused batch-norm op, whose input gradient tiles the scale over the whole activation.
 *
 * Graphs it cannot follow this way (a layer used twice, several inputs) run through `apply`.
 * Together these make a dream step on Tiny Darknet several times faster on WASM.
 */
export function applyFeatures(features: tf.LayersModel, batch: tf.Tensor4D): tf.Tensor4D {
  const whole = () => features.apply(batch) as tf.Tensor4D;
  if (features.inputs.length !== 1 || features.outputs.length !== 1) return whole();
  return tf.tidy(() => {
    const values = new Map<number, tf.Tensor>([[features.inputs[0]!.id, batch]]);
    for (const layer of features.layers) {
      if (layer.getClassName() === 'InputLayer') continue;
      const node = layer.inboundNodes[0];
      const ins = node?.inputTensors.map((t) => values.get(t.id));
      if (!node || layer.inboundNodes.length !== 1 || !ins || ins.some((t) => t === undefined)) return whole();
      const out = plainLayer(layer, ins[0] as tf.Tensor4D) ?? layer.apply(ins.length === 1 ? ins[0]! : (ins as tf.Tensor[]));
      const outs = (Array.isArray(out) ? out : [out]) as tf.Tensor[];
      node.outputTensors.forEach((t, i) => {
        values.set(t.id, outs[i]!);
      });
    }
    return (values.get(features.outputs[0]!.id) as tf.Tensor4D | undefined) ?? whole();
  });
}

/** A Conv2D (no activation) or BatchNormalization layer as plain ops, or null for any other layer. */
function plainLayer(layer: tf.layers.Layer, x: tf.Tensor4D): tf.Tensor4D | null {
  const config = layer.getConfig();
  const cls = layer.getClassName();
  if (x.rank !== 4 || config.dataFormat === 'channelsFirst') return null;
  if (cls === 'Conv2D' && config.activation === 'linear') {
    const [kernel, bias] = layer.getWeights() as [tf.Tensor4D, tf.Tensor1D | undefined];
    const strides = config.strides as [number, number];
    const dilations = config.dilationRate as [number, number];
    const padding = config.padding as 'same' | 'valid';
    const simple = [...strides, ...dilations].every((v) => v === 1) && padding === 'same' && kernel.shape[0] % 2 === 1 && kernel.shape[1] % 2 === 1;
    const y = simple ? sameConv2d(x, kernel) : tf.conv2d(x, kernel, strides, padding, 'NHWC', dilations);
    return bias ? (tf.add(y, bias) as tf.Tensor4D) : y;
  }
  const axis = config.axis as number | number[];
  if (cls === 'BatchNormalization' && (axis === -1 || axis === 3)) {
    const w = layer.getWeights();
    let i = 0;
    const gamma = config.scale ? w[i++] : undefined;
    const beta = config.center ? w[i++] : undefined;
    const [mean, variance] = [w[i++]!, w[i++]!];
    // (x - mean) / sqrt(variance + epsilon) * gamma + beta, folded into one scale and one shift per channel.
    let scale = tf.rsqrt(tf.add(variance, config.epsilon as number));
    if (gamma) scale = tf.mul(scale, gamma);
    let shift = tf.neg(tf.mul(mean, scale));
    if (beta) shift = tf.add(shift, beta);
    return tf.add(tf.mul(x, scale), shift) as tf.Tensor4D;
  }
  return null;
}

/**
 * tf.conv2d(x, kernel, 1, 'same') for an odd kernel size, with a custom gradient: the gradient of
 * such a convolution with respect to its input is the same kind of convolution of the incoming
 * gradient, with the kernel flipped in space and its input and output channels swapped. Only the
 * input's gradient exists here; the kernel is a constant.
 */
function sameConv2d(x: tf.Tensor4D, kernel: tf.Tensor4D): tf.Tensor4D {
  const conv = tf.customGrad(((input: tf.Tensor4D) => ({
    value: tf.conv2d(input, kernel, 1, 'same'),
    gradFunc: (dy: tf.Tensor4D) => tf.conv2d(dy, tf.transpose(tf.reverse(kernel, [0, 1]), [0, 1, 3, 2]), 1, 'same'),
  })) as Parameters<typeof tf.customGrad<tf.Tensor4D>>[0]);
  return conv(x) as tf.Tensor4D;
}

export type StepOptions = Pick<DreamOptions, 'channel' | 'objective' | 'stepSize' | 'jitter' | 'normalizeGradient' | 'useJitter' | 'apply'>;

/** One step of gradient ascent on the pixels. Returns the new image and the objective before the step. */
export function dreamStep(
  features: tf.LayersModel,
  image: tf.Tensor3D,
  opts: StepOptions,
  random: () => number = Math.random,
): { image: tf.Tensor3D; objective: tf.Scalar } {
  return tf.tidy(() => {
    // The quantity to increase: the mean activation of the layer, or of one of its channels.
    const objectiveOf = (x: tf.Tensor3D): tf.Scalar => {
      let act = (opts.apply ?? applyFeatures)(features, x.expandDims(0));
      if (opts.channel !== undefined) act = act.slice([0, 0, 0, opts.channel], [-1, -1, -1, 1]);
      return opts.objective === 'squares' ? act.square().mean() : act.mean();
    };
    // Jitter: shift the image by a random offset, step, then shift it back.
    const j = opts.useJitter ? opts.jitter : 0;
    const dy = Math.floor(random() * (2 * j + 1)) - j;
    const dx = Math.floor(random() * (2 * j + 1)) - j;
    const shifted = roll(image, dy, dx);

    const { value, grad } = tf.valueAndGrad(objectiveOf)(shifted);
    let g = grad;
    if (opts.normalizeGradient) g = g.div(g.abs().mean().add(1e-8));
    const stepped = shifted.add(g.mul(opts.stepSize)).clipByValue(0, 1) as tf.Tensor3D;
    return { image: roll(stepped, -dy, -dx), objective: value };
  });
}

/**
 * DeepDream: gradient ascent at several scales, smallest first. What the dreaming adds to the
 * photo (the "detail") is carried up from each scale to the next. Stopping early (onStep returns
 * false) keeps the detail dreamed so far; the result always has the photo's size.
 */
export async function dream(model: tf.LayersModel, image: tf.Tensor3D, options: Partial<DreamOptions> = {}): Promise<tf.Tensor3D> {
  const opts = { ...defaultDreamOptions, ...options };
  const features = makeFeatureModel(model, opts.layer);
  const random = mulberry32(opts.seed ?? 1);
  const sizes = octaveSizes(image.shape, opts);
  const totalSteps = sizes.length * opts.stepsPerOctave;

  let detail: tf.Tensor3D = tf.zeros([...sizes[0]!, image.shape[2]]); // nothing added yet
  let stopped = false;
  for (const [octave, size] of sizes.entries()) {
    if (stopped) break;
    // Start this octave from the photo at this size plus the detail so far, enlarged to fit.
    const base = tf.image.resizeBilinear(image, size, true);
    let current = tf.tidy(() => base.add(tf.image.resizeBilinear(detail, size, true)).clipByValue(0, 1)) as tf.Tensor3D;
    for (let step = 0; step < opts.stepsPerOctave && !stopped; step++) {
      const next = (opts.step ?? dreamStep)(features, current, opts, random);
      current.dispose();
      current = next.image;
      const objective = (await next.objective.data())[0]!;
      next.objective.dispose();
      stopped = (await opts.onStep?.(current, { octave, step, totalSteps, objective })) === false;
    }
    detail.dispose();
    detail = tf.sub(current, base) as tf.Tensor3D;
    tf.dispose([base, current]);
  }
  const [h, w] = image.shape;
  const result = tf.tidy(() => image.add(tf.image.resizeBilinear(detail, [h, w], true)).clipByValue(0, 1)) as tf.Tensor3D;
  detail.dispose();
  return result;
}

/** The [height, width] of each octave, smallest first, never shorter than `minOctaveSize`. */
export function octaveSizes(
  shape: readonly [number, number, ...number[]],
  opts: Pick<DreamOptions, 'octaves' | 'octaveScale' | 'useOctaves' | 'minOctaveSize'>,
): Array<[number, number]> {
  const [h, w] = shape;
  const n = opts.useOctaves ? Math.max(1, opts.octaves) : 1;
  const min = opts.minOctaveSize ?? 32;
  const sizes: Array<[number, number]> = [];
  for (let i = n - 1; i >= 0; i--) {
    const s = opts.octaveScale ** -i;
    const size: [number, number] = [Math.round(h * s), Math.round(w * s)];
    if (i === 0 || Math.min(...size) >= min) sizes.push(size);
  }
  return sizes;
}

/** Shift an image by (dy, dx) pixels with wrap-around, like numpy's roll, using slice + concat. */
export function roll(image: tf.Tensor3D, dy: number, dx: number): tf.Tensor3D {
  return tf.tidy(() => rollAxis(rollAxis(image, dy, 0), dx, 1));
}

function rollAxis(t: tf.Tensor3D, shift: number, axis: 0 | 1): tf.Tensor3D {
  const n = t.shape[axis];
  const s = ((shift % n) + n) % n;
  if (s === 0) return t.clone();
  const at = (i: number): [number, number, number] => (axis === 0 ? [i, 0, 0] : [0, i, 0]);
  const len = (k: number): [number, number, number] => (axis === 0 ? [k, -1, -1] : [-1, k, -1]);
  const tail = tf.slice(t, at(n - s), len(s)); // the last s rows (or columns) ...
  const head = tf.slice(t, at(0), len(n - s));
  return tf.concat([tail, head], axis); // ... move to the front
}

/** A 3x3 Gaussian blur per colour channel, with mirrored edges. */
export function blur(image: tf.Tensor3D): tf.Tensor3D {
  return tf.tidy(() => {
    const k1 = tf.tensor1d([0.25, 0.5, 0.25]);
    const kernel = tf.outerProduct(k1, k1).reshape([3, 3, 1, 1]).tile([1, 1, image.shape[2], 1]) as tf.Tensor4D;
    const padded = tf.mirrorPad(
      image,
      [
        [1, 1],
        [1, 1],
        [0, 0],
      ],
      'reflect',
    );
    return tf.depthwiseConv2d(padded, kernel, 1, 'valid');
  });
}

export interface VisualizeOptions {
  /** Side of the square image in pixels. */
  size: number;
  steps: number;
  stepSize: number;
  seed?: number;
  /** Largest random shift per step, in pixels (default size / 16). */
  jitter?: number;
  /** Blur the image every this many steps (0 = never). A prior for smooth images. */
  blurEvery?: number;
  // biome-ignore lint/suspicious/noConfusingVoidType: a callback that returns nothing means "go on"
  onStep?: (image: tf.Tensor3D, info: { step: number; totalSteps: number; objective: number }) => Promise<boolean | void>;
}

/**
 * Feature visualisation: start from faint noise and change the pixels until one channel of
 * `layer` responds strongly. Jitter and an occasional blur keep the image from turning into
 * high-frequency noise that the network likes but we cannot read.
 */
export async function visualizeChannel(model: tf.LayersModel, layer: string, channel: number, opts: VisualizeOptions): Promise<tf.Tensor3D> {
  const features = makeFeatureModel(model, layer);
  const seed = opts.seed ?? 1;
  const random = mulberry32(seed);
  const blurEvery = opts.blurEvery ?? 4;
  const step = { channel, stepSize: opts.stepSize, jitter: opts.jitter ?? Math.round(opts.size / 16), normalizeGradient: true, useJitter: true };
  const channels = model.inputs[0]?.shape[3] ?? 3; // 3 for colour networks, 1 for greyscale ones
  let image = tf.tidy(() => tf.randomUniform([opts.size, opts.size, channels], -0.05, 0.05, 'float32', seed).add(0.5)) as tf.Tensor3D;
  for (let i = 0; i < opts.steps; i++) {
    const next = dreamStep(features, image, step, random);
    image.dispose();
    image = next.image;
    const objective = (await next.objective.data())[0]!;
    next.objective.dispose();
    if (blurEvery > 0 && (i + 1) % blurEvery === 0 && i < opts.steps - 1) {
      const blurred = blur(image);
      image.dispose();
      image = blurred;
    }
    if ((await opts.onStep?.(image, { step: i, totalSteps: opts.steps, objective })) === false) break;
  }
  return image;
}
