/**
 * Architecture arithmetic: shapes, parameters and multiply-adds of a network described as data,
 * with no tensors. A convolution of a k×k kernel over C_in channels makes k·k·C_in/groups
 * multiply-adds per output value; a dense layer one per weight. Pooling, activations and
 * normalisation are counted as free (they do one or a few operations per value, which is small
 * beside the convolutions; see the chapter on layer costs).
 *
 *   import { architecture } from 'playground';
 *   const costs = architecture.costs(architecture.ALEXNET);      // one row per layer
 *   architecture.trainingFlops(architecture.ALEXNET);            // per image, forward + backward
 *
 * One multiply-add is two floating-point operations (FLOPs), the convention of
 * Amodei & Hernandez (2018), who count adds and multiplies separately.
 */

/** Height, width, channels of one image's activations. */
export type Shape = [number, number, number];

/** Padding: explicit pixels on every side, 'valid' (none) or 'same' (output = ceil(input / stride)). */
export type Padding = number | 'valid' | 'same';

export type LayerSpec =
  | { kind: 'conv'; name: string; filters: number; kernel: number; stride?: number; padding?: Padding; groups?: number; bias?: boolean }
  | { kind: 'pool'; name: string; size: number; stride?: number; padding?: Padding }
  | { kind: 'globalPool'; name: string }
  | { kind: 'dense'; name: string; units: number; bias?: boolean }
  /** Parallel paths from the same input, merged by adding (residual) or stacking channels. */
  | { kind: 'branches'; name: string; paths: LayerSpec[][]; merge: 'add' | 'concat' };

export interface Architecture {
  name: string;
  input: Shape;
  layers: LayerSpec[];
}

export interface LayerCost {
  /** Path-qualified for layers inside branches, e.g. "res2a/1/conv". */
  name: string;
  kind: 'conv' | 'pool' | 'globalPool' | 'dense';
  input: Shape;
  output: Shape;
  params: number;
  /** Multiply-adds of one forward pass for one image. */
  macs: number;
}

/** Output length of a sliding window: the formula of Dumoulin & Visin (2016), with 'same' as in TensorFlow. */
export function outputLength(input: number, window: number, stride: number, padding: Padding): number {
  if (padding === 'same') return Math.ceil(input / stride);
  const pad = padding === 'valid' ? 0 : padding;
  const out = Math.floor((input + 2 * pad - window) / stride) + 1;
  if (out < 1) throw new Error(`a ${window}-wide window with stride ${stride} does not fit an input of ${input}`);
  return out;
}

function sameShape(a: Shape, b: Shape): boolean {
  return a[0] === b[0] && a[1] === b[1] && a[2] === b[2];
}

/** Walk the layers from `input`, appending one row per layer; returns the output shape. */
function walk(layers: LayerSpec[], input: Shape, prefix: string, rows: LayerCost[]): Shape {
  let shape = input;
  for (const layer of layers) {
    const name = prefix + layer.name;
    const [h, w, c] = shape;
    switch (layer.kind) {
      case 'conv': {
        const stride = layer.stride ?? 1;
        const groups = layer.groups ?? 1;
        if (c % groups !== 0 || layer.filters % groups !== 0)
          throw new Error(`${name}: ${c} → ${layer.filters} channels do not split into ${groups} groups`);
        const padding = layer.padding ?? 'valid';
        const output: Shape = [outputLength(h, layer.kernel, stride, padding), outputLength(w, layer.kernel, stride, padding), layer.filters];
        const perOutput = layer.kernel * layer.kernel * (c / groups);
        const params = perOutput * layer.filters + (layer.bias === false ? 0 : layer.filters);
        rows.push({ name, kind: 'conv', input: shape, output, params, macs: output[0] * output[1] * layer.filters * perOutput });
        shape = output;
        break;
      }
      case 'pool': {
        const stride = layer.stride ?? layer.size;
        const padding = layer.padding ?? 'valid';
        const output: Shape = [outputLength(h, layer.size, stride, padding), outputLength(w, layer.size, stride, padding), c];
        rows.push({ name, kind: 'pool', input: shape, output, params: 0, macs: 0 });
        shape = output;
        break;
      }
      case 'globalPool': {
        const output: Shape = [1, 1, c];
        rows.push({ name, kind: 'globalPool', input: shape, output, params: 0, macs: 0 });
        shape = output;
        break;
      }
      case 'dense': {
        // A dense layer after a feature map sees it flattened.
        const inputs = h * w * c;
        const output: Shape = [1, 1, layer.units];
        const params = inputs * layer.units + (layer.bias === false ? 0 : layer.units);
        rows.push({ name, kind: 'dense', input: shape, output, params, macs: inputs * layer.units });
        shape = output;
        break;
      }
      case 'branches': {
        const outs = layer.paths.map((path, i) => walk(path, shape, `${name}/${i + 1}/`, rows));
        if (layer.merge === 'add') {
          for (const o of outs) if (!sameShape(o, outs[0]!)) throw new Error(`${name}: paths to add end in different shapes`);
          shape = outs[0]!;
        } else {
          for (const o of outs) if (o[0] !== outs[0]![0] || o[1] !== outs[0]![1]) throw new Error(`${name}: paths to stack differ in size`);
          shape = [outs[0]![0], outs[0]![1], outs.reduce((n, o) => n + o[2], 0)];
        }
        break;
      }
    }
  }
  return shape;
}

/** The shape that comes out of `layers` applied to one image of shape `input`. */
export function outputShape(input: Shape, layers: LayerSpec[]): Shape {
  return walk(layers, input, '', []);
}

/** Every layer with its input and output shapes, parameters and forward multiply-adds per image. */
export function costs(arch: Architecture): LayerCost[] {
  const rows: LayerCost[] = [];
  walk(arch.layers, arch.input, '', rows);
  return rows;
}

export interface CostSummary {
  params: number;
  /** Multiply-adds of one forward pass, one image. */
  forwardMacs: number;
  /** 2 × forwardMacs. */
  forwardFlops: number;
  /** FLOPs to train on one image: forward, gradient of the weights, gradient of the inputs. */
  trainingFlops: number;
}

/**
 * Backpropagation through a layer with weights costs two more products of the same size as its
 * forward pass: one for the gradient of its weights and one for the gradient of its input (the
 * error passed down). The first layer's input is the image, whose gradient training never needs.
 * So training costs a little under three forward passes.
 */
export function summarize(arch: Architecture): CostSummary {
  const rows = costs(arch);
  const forwardMacs = rows.reduce((n, r) => n + r.macs, 0);
  const firstWeighted = rows.find((r) => r.macs > 0 && sameShape(r.input, arch.input));
  const trainingMacs = 3 * forwardMacs - (firstWeighted?.macs ?? 0);
  return {
    params: rows.reduce((n, r) => n + r.params, 0),
    forwardMacs,
    forwardFlops: 2 * forwardMacs,
    trainingFlops: 2 * trainingMacs,
  };
}

/** FLOPs to train on one image (see summarize). */
export function trainingFlops(arch: Architecture): number {
  return summarize(arch).trainingFlops;
}

// ---- published architectures ----------------------------------------------------------------

/**
 * AlexNet (Krizhevsky, Sutskever & Hinton 2012) as trained on two GPUs: conv2, conv4 and conv5
 * see only the half of the previous layer's maps on their own GPU (two groups). The paper says
 * 224×224 inputs, but without padding an 11×11 kernel with stride 4 yields the paper's 55×55 maps
 * only from 227×227 (as in Caffe's reference model, bvlc_alexnet), so 227 is used here; 224 with
 * two pixels of zero padding gives the same maps and the same counts.
 */
export const ALEXNET: Architecture = {
  name: 'AlexNet',
  input: [227, 227, 3],
  layers: [
    { kind: 'conv', name: 'conv1', filters: 96, kernel: 11, stride: 4 },
    { kind: 'pool', name: 'pool1', size: 3, stride: 2 },
    { kind: 'conv', name: 'conv2', filters: 256, kernel: 5, padding: 2, groups: 2 },
    { kind: 'pool', name: 'pool2', size: 3, stride: 2 },
    { kind: 'conv', name: 'conv3', filters: 384, kernel: 3, padding: 1 },
    { kind: 'conv', name: 'conv4', filters: 384, kernel: 3, padding: 1, groups: 2 },
    { kind: 'conv', name: 'conv5', filters: 256, kernel: 3, padding: 1, groups: 2 },
    { kind: 'pool', name: 'pool5', size: 3, stride: 2 },
    { kind: 'dense', name: 'fc6', units: 4096 },
    { kind: 'dense', name: 'fc7', units: 4096 },
    { kind: 'dense', name: 'fc8', units: 1000 },
  ],
};

/** The book's MNIST CNN (scripts/train-book-cnn.ts): two 5×5 convolutions, two dense layers. */
export const BOOK_CNN: Architecture = {
  name: 'book CNN',
  input: [28, 28, 1],
  layers: [
    { kind: 'conv', name: 'conv1', filters: 20, kernel: 5 },
    { kind: 'pool', name: 'pool1', size: 2 },
    { kind: 'conv', name: 'conv2', filters: 50, kernel: 5 },
    { kind: 'pool', name: 'pool2', size: 2 },
    { kind: 'dense', name: 'dense1', units: 128 },
    { kind: 'dense', name: 'output', units: 10 },
  ],
};

/** Where a ResNet bottleneck block that halves the size puts its stride. */
export type ResNetStride = 'first1x1' | '3x3';

/**
 * A bottleneck block of ResNet-50: 1×1 → 3×3 → 1×1 convolutions plus a shortcut, added. The first
 * block of a stage changes the channel count and (after the first stage) halves the size, so its
 * shortcut is a strided 1×1 projection.
 */
function bottleneck(name: string, width: number, stride: number, project: boolean, strideOn: ResNetStride): LayerSpec {
  const main: LayerSpec[] = [
    { kind: 'conv', name: 'a', filters: width, kernel: 1, stride: strideOn === 'first1x1' ? stride : 1, bias: false },
    { kind: 'conv', name: 'b', filters: width, kernel: 3, stride: strideOn === '3x3' ? stride : 1, padding: 1, bias: false },
    { kind: 'conv', name: 'c', filters: 4 * width, kernel: 1, bias: false },
  ];
  const shortcut: LayerSpec[] = project ? [{ kind: 'conv', name: 'proj', filters: 4 * width, kernel: 1, stride, bias: false }] : [];
  return { kind: 'branches', name, paths: [main, shortcut], merge: 'add' };
}

function resnetStage(stage: number, width: number, blocks: number, stride: number, strideOn: ResNetStride): LayerSpec[] {
  return Array.from({ length: blocks }, (_, i) =>
    bottleneck(`res${stage}${String.fromCharCode(97 + i)}`, width, i === 0 ? stride : 1, i === 0, strideOn),
  );
}

/**
 * ResNet-50 (He, Zhang, Ren & Sun 2016) on 224×224 images; batch-normalisation parameters are left
 * out. He et al. put each stage's stride on the first 1×1 convolution; the variant Goyal et al.
 * (2017) trained puts it on the 3×3, which costs more arithmetic.
 */
export function resnet50(strideOn: ResNetStride = 'first1x1'): Architecture {
  return {
    name: strideOn === 'first1x1' ? 'ResNet-50' : 'ResNet-50 (stride on 3×3)',
    input: [224, 224, 3],
    layers: [
      { kind: 'conv', name: 'conv1', filters: 64, kernel: 7, stride: 2, padding: 3, bias: false },
      { kind: 'pool', name: 'pool1', size: 3, stride: 2, padding: 1 },
      ...resnetStage(2, 64, 3, 1, strideOn),
      ...resnetStage(3, 128, 4, 2, strideOn),
      ...resnetStage(4, 256, 6, 2, strideOn),
      ...resnetStage(5, 512, 3, 2, strideOn),
      { kind: 'globalPool', name: 'pool5' },
      { kind: 'dense', name: 'fc', units: 1000 },
    ],
  };
}

export const RESNET50 = resnet50();

export const ARCHITECTURES = { alexnet: ALEXNET, bookCnn: BOOK_CNN, resnet50: RESNET50 } as const;
