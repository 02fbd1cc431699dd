/**
 * A trainable TF.js network built from an architecture description (../shared/architecture.ts),
 * so that what a lab times is exactly what the arithmetic counts. Convolutions with groups (as
 * AlexNet's, split over two GPUs) become one convolution per group; ReLU follows every layer with
 * weights except the last; max pooling; global pooling averages; branches that add are followed
 * by a ReLU, as in ResNet.
 *
 *   const net = buildNetwork(architecture.BOOK_CNN, { seed: 1 });
 *   optimizer.minimize(() => tf.losses.softmaxCrossEntropy(labels, net.apply(images)), false, net.variables);
 *   net.dispose();
 */
import * as tf from '@tensorflow/tfjs';
import type { Architecture, LayerSpec, Padding, Shape } from '../shared/architecture.ts';
import { costs, outputShape } from '../shared/architecture.ts';

export interface Network {
  /** The weights and biases, in layer order. */
  variables: tf.Variable[];
  /** Scores (logits) for a batch of images [n, height, width, channels]. */
  apply(images: tf.Tensor4D): tf.Tensor2D;
  dispose(): void;
}

export interface BuildOptions {
  /** Seed of the initial weights (He-normal: standard deviation √(2 / inputs per unit)). */
  seed?: number;
}

type Op = (x: tf.Tensor4D) => tf.Tensor4D;

function tfPadding(padding: Padding | undefined): 'valid' | 'same' | number {
  return padding ?? 'valid';
}

export function buildNetwork(arch: Architecture, options: BuildOptions = {}): Network {
  costs(arch); // validates every shape before anything is allocated
  const variables: tf.Variable[] = [];
  let seed = options.seed ?? 1;
  const weights = (shape: number[], fanIn: number) => {
    const s = seed++;
    const v = tf.tidy(() => tf.variable(tf.randomNormal(shape, 0, Math.sqrt(2 / fanIn), 'float32', s)));
    variables.push(v);
    return v;
  };
  const zeros = (n: number) => {
    const v = tf.tidy(() => tf.variable(tf.zeros([n])));
    variables.push(v);
    return v;
  };
  const lastWeighted = findLastWeighted(arch.layers);
  let dense: ((x: tf.Tensor2D) => tf.Tensor2D) | null = null;

  /** Compile a list of layers into ops on 4-D tensors; dense layers end the 4-D part. */
  const compile = (layers: LayerSpec[], input: Shape): { ops: Op[]; output: Shape } => {
    const ops: Op[] = [];
    let [h, w, c] = input;
    for (const layer of layers) {
      switch (layer.kind) {
        case 'conv': {
          const groups = layer.groups ?? 1;
          const stride = layer.stride ?? 1;
          const pad = tfPadding(layer.padding);
          const kernels = Array.from({ length: groups }, () =>
            weights([layer.kernel, layer.kernel, c / groups, layer.filters / groups], layer.kernel * layer.kernel * (c / groups)),
          );
          const bias = layer.bias === false ? null : zeros(layer.filters);
          const relu = layer !== lastWeighted;
          ops.push((x) => {
            const parts = groups === 1 ? [x] : tf.split(x, groups, 3);
            const outs = parts.map((part, g) => tf.conv2d(part as tf.Tensor4D, kernels[g] as tf.Tensor4D, stride, pad));
            let y: tf.Tensor4D = outs.length === 1 ? outs[0]! : tf.concat(outs, 3);
            if (bias) y = tf.add(y, bias);
            return relu ? tf.relu(y) : y;
          });
          const out = outputShape([h, w, c], [layer]);
          [h, w, c] = out;
          break;
        }
        case 'pool': {
          const stride = layer.stride ?? layer.size;
          const pad = tfPadding(layer.padding);
          ops.push((x) => tf.maxPool(x, layer.size, stride, pad));
          [h, w, c] = outputShape([h, w, c], [layer]);
          break;
        }
        case 'globalPool':
          ops.push((x) => tf.mean(x, [1, 2], true));
          h = 1;
          w = 1;
          break;
        case 'branches': {
          const paths = layer.paths.map((p) => compile(p, [h, w, c]));
          ops.push((x) => {
            const outs = paths.map(({ ops: pathOps }) => pathOps.reduce((y, op) => op(y), x));
            return layer.merge === 'add' ? tf.relu(tf.addN(outs)) : tf.concat(outs, 3);
          });
          [h, w, c] = outputShape([h, w, c], [layer]);
          break;
        }
        case 'dense': {
          // Dense layers come last: they flatten what arrives and end the convolutional part.
          const denseLayers = layers.slice(layers.indexOf(layer));
          if (denseLayers.some((l) => l.kind !== 'dense')) throw new Error('dense layers must come last');
          let inputs = h * w * c;
          const steps = denseLayers.map((l) => {
            if (l.kind !== 'dense') throw new Error('unreachable');
            const kernel = weights([inputs, l.units], inputs) as tf.Variable<tf.Rank.R2>;
            const bias = l.bias === false ? null : zeros(l.units);
            const relu = l !== lastWeighted;
            inputs = l.units;
            return (x: tf.Tensor2D): tf.Tensor2D => {
              let y: tf.Tensor2D = tf.matMul(x, kernel);
              if (bias) y = tf.add(y, bias);
              return relu ? tf.relu(y) : y;
            };
          });
          dense = (x) => steps.reduce<tf.Tensor2D>((y, step) => step(y), x);
          return { ops, output: [1, 1, inputs] };
        }
      }
    }
    return { ops, output: [h, w, c] };
  };

  const { ops } = compile(arch.layers, arch.input);
  return {
    variables,
    apply(images) {
      return tf.tidy(() => {
        const features = ops.reduce((x, op) => op(x), images);
        const flat = tf.reshape(features, [features.shape[0], -1]) as tf.Tensor2D;
        return dense ? dense(flat) : flat;
      });
    },
    dispose() {
      tf.dispose(variables);
    },
  };
}

function findLastWeighted(layers: LayerSpec[]): LayerSpec | undefined {
  for (let i = layers.length - 1; i >= 0; i--) {
    const l = layers[i]!;
    if (l.kind === 'conv' || l.kind === 'dense') return l;
    if (l.kind === 'branches') return undefined;
  }
  return undefined;
}
