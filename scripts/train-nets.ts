/**
 * The two networks the training benchmarks time, built with seeded initialisers:
 *   book   the book CNN of scripts/train-book-cnn.ts (conv 20@5×5, pool, conv 50@5×5, pool,
 *          dense 128, dropout 0.4, dense 10): public/models/book-cnn
 *   mnist  the net of the mnist-train example (playground/examples/mnist-train.ts): conv 8@3×3,
 *          pool, conv 16@3×3, pool, dense 10
 * Both take [n, 28, 28, 1] and end in a 10-way softmax.
 */
import * as tf from '@tensorflow/tfjs';
import { buildBookCnn } from './book-recipe.ts';

export type NetName = 'book' | 'mnist';
export const NET_NAMES: readonly NetName[] = ['book', 'mnist'];

export function buildMnistTrainNet(seed: number): tf.Sequential {
  let k = 0;
  const init = () => tf.initializers.glorotUniform({ seed: seed + ++k });
  return tf.sequential({
    layers: [
      tf.layers.conv2d({ inputShape: [28, 28, 1], filters: 8, kernelSize: 3, activation: 'relu', kernelInitializer: init() }),
      tf.layers.maxPooling2d({ poolSize: 2 }),
      tf.layers.conv2d({ filters: 16, kernelSize: 3, activation: 'relu', kernelInitializer: init() }),
      tf.layers.maxPooling2d({ poolSize: 2 }),
      tf.layers.flatten(),
      tf.layers.dense({ units: 10, activation: 'softmax', kernelInitializer: init() }),
    ],
  });
}

export function buildNet(name: NetName, seed: number): tf.Sequential {
  return name === 'book' ? buildBookCnn(seed) : buildMnistTrainNet(seed);
}

/**
 * Multiply-adds of one training step at batch `batch` (forward, the input gradients of every layer
 * but the first, the weight gradients), times two for FLOPs. Counts convolutions and dense
 * layers only; pooling, activations and the optimiser are a few percent.
 */
export function trainStepFlops(model: tf.LayersModel, batch: number): number {
  let macs = 0;
  model.layers.forEach((layer, i) => {
    const cfg = layer.getConfig() as { kernelSize?: number[]; filters?: number; units?: number };
    const out = layer.outputShape as number[];
    const inShape = (layer.input as tf.SymbolicTensor).shape;
    let forward = 0;
    if (cfg.filters != null && cfg.kernelSize != null) {
      const [, oh, ow, co] = out;
      const ci = inShape[3] as number;
      forward = batch * (oh as number) * (ow as number) * (co as number) * ci * (cfg.kernelSize[0] ?? 1) * (cfg.kernelSize[1] ?? 1);
    } else if (cfg.units != null) {
      forward = batch * (inShape[1] as number) * cfg.units;
    }
    macs += forward * (i === 0 ? 2 : 3);
  });
  return 2 * macs;
}
