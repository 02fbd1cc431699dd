/**
 * The wrapper every loaded model comes in: classify, layers, activations, preprocess and
 * withInputSize around a tf.LayersModel. Part of the models API (see models.ts).
 */
import * as tf from '@tensorflow/tfjs';
import { rebuildWithInputSize } from './model-resize.ts';

export interface LayerInfo {
  name: string;
  className: string;
  /** Output shape with the batch dimension first (null = any size). */
  outputShape: Array<number | null>;
  params: number;
}

export interface Prediction {
  label: string;
  probability: number;
  index: number;
}

export interface LoadedModel {
  name: string;
  model: tf.LayersModel;
  /** Class names in output order, or null when unknown (labels are then "class 7"). */
  classes: string[] | null;
  /** The fixed input size [height, width, channels], or null when the input accepts any size. */
  inputSize: [number, number, number] | null;
  /** Whether the model's output is logits (classify applies softmax) or already probabilities. */
  output: 'logits' | 'probabilities' | 'auto';
  /** Name, class, output shape and parameter count of every layer, in order. */
  layers(): LayerInfo[];
  /**
   * Image [h, w, 3|1|4] (or [h, w], or [1, h, w, c]) with values in 0..1 (int32 0..255 also works),
   * any size → model input [1, H, W, C]: resized to the input size, greyscaled or made RGB as needed.
   */
  preprocess(image: tf.Tensor): tf.Tensor4D;
  /** The topK most likely classes, most likely first. */
  classify(image: tf.Tensor, topK?: number): Promise<Prediction[]>;
  /**
   * Outputs of the named layers for a batch of (preprocessed) inputs, one tensor per name; the
   * caller disposes them. Inputs of another size than the model's run through the flexible copy
   * (withInputSize), which has only the convolutional part.
   */
  activations(input: tf.Tensor4D, layerNames: string[]): tf.Tensor[];
  /**
   * The model rebuilt for inputs of height × width (null = any size), with copies of the same
   * weights. Layers that need the original size (Flatten, Reshape and everything after them) are
   * left out: the result then ends at the last convolution/pooling layer before them. Cached per
   * size and owned by this wrapper: `dispose()` frees it, do not dispose it yourself.
   */
  withInputSize(height: number | null, width: number | null): tf.LayersModel;
  dispose(): void;
}

function firstShape(shape: tf.Shape | tf.Shape[]): Array<number | null> {
  return (Array.isArray(shape[0]) ? (shape[0] as tf.Shape) : (shape as tf.Shape)).map((d) => (d === undefined ? null : d));
}

function layerOutput(model: tf.LayersModel, name: string): tf.SymbolicTensor {
  const layer = model.layers.find((l) => l.name === name);
  if (!layer) {
    throw new Error(`No layer named "${name}". Layers: ${model.layers.map((l) => l.name).join(', ')}`);
  }
  const out = layer.getOutputAt(0);
  return (Array.isArray(out) ? out[0] : out) as tf.SymbolicTensor;
}

/** Model outputs → probabilities: softmax of logits; 'auto' keeps outputs that already are a
 * distribution (non-negative, summing to 1) and applies softmax otherwise. */
function toProbabilities(values: ArrayLike<number>, kind: 'logits' | 'probabilities' | 'auto'): Float64Array {
  const v = Float64Array.from(values as ArrayLike<number>);
  let isDistribution = kind === 'probabilities';
  if (kind === 'auto') {
    let sum = 0;
    let min = Infinity;
    for (const x of v) {
      sum += x;
      if (x < min) min = x;
    }
    isDistribution = min >= 0 && Math.abs(sum - 1) < 1e-3;
  }
  if (isDistribution) return v;
  let max = -Infinity;
  for (const x of v) if (x > max) max = x;
  let total = 0;
  for (let i = 0; i < v.length; i++) total += v[i] = Math.exp(v[i]! - max);
  for (let i = 0; i < v.length; i++) v[i]! /= total;
  return v;
}

interface WrapOptions {
  name: string;
  classes?: string[] | null;
  output?: 'logits' | 'probabilities' | 'auto';
}

/** Wrap a layers model with the playground helpers (classify, layers, activations, …). */
export function wrapModel(model: tf.LayersModel, options: WrapOptions): LoadedModel {
  const inShape = model.inputs[0]?.shape ?? [];
  const inputSize =
    inShape.length === 4 && inShape.slice(1).every((d) => typeof d === 'number') ? (inShape.slice(1) as [number, number, number]) : null;
  const channels = inShape.length === 4 && typeof inShape[3] === 'number' ? inShape[3] : 3;
  const subModels = new Map<string, tf.LayersModel>();
  const resized = new Map<string, tf.LayersModel>();
  let disposed = false;
  const alive = () => {
    if (disposed) throw new Error(`The model "${options.name}" was disposed.`);
  };

  const wrapper: LoadedModel = {
    name: options.name,
    model,
    classes: options.classes ?? null,
    inputSize,
    output: options.output ?? 'auto',

    layers() {
      return model.layers.map((l) => {
        let shape: tf.Shape | tf.Shape[];
        try {
          shape = l.outputShape;
        } catch {
          // A layer shared by several graphs: report its output in this model's first use.
          const out = l.getOutputAt(0);
          shape = (Array.isArray(out) ? out[0]! : out).shape;
        }
        return { name: l.name, className: l.getClassName(), outputShape: firstShape(shape), params: l.countParams() };
      });
    },

    preprocess(image) {
      alive();
      return tf.tidy(() => {
        let x: tf.Tensor = image;
        if (x.rank === 4) {
          if (x.shape[0] !== 1) throw new Error(`preprocess: expected one image, got a batch of ${x.shape[0]}`);
          x = x.squeeze([0]);
        }
        if (x.rank === 2) x = x.expandDims(-1);
        if (x.rank !== 3 || ![1, 3, 4].includes(x.shape[2]!)) {
          throw new Error(`Expected an image tensor [height, width, 1|3|4], got [${image.shape.join(', ')}]`);
        }
        x = x.dtype === 'int32' ? x.toFloat().div(255) : x.toFloat();
        if (x.shape[2] === 4) x = x.slice([0, 0, 0], [-1, -1, 3]);
        if (channels === 1 && x.shape[2] === 3) {
          x = x.mul(tf.tensor1d([0.299, 0.587, 0.114])).sum(-1, true);
        } else if (channels === 3 && x.shape[2] === 1) {
          x = x.tile([1, 1, 3]);
        } else if (x.shape[2] !== channels) {
          throw new Error(`The model wants ${channels} channels; the image has ${x.shape[2]}.`);
        }
        const batch = x.expandDims(0) as tf.Tensor4D;
        if (inputSize && (batch.shape[1] !== inputSize[0] || batch.shape[2] !== inputSize[1])) {
          return tf.image.resizeBilinear(batch, [inputSize[0], inputSize[1]], true);
        }
        return batch;
      });
    },

    async classify(image, topK = 5) {
      alive();
      const y = tf.tidy(() => {
        const out = model.predict(wrapper.preprocess(image));
        return (Array.isArray(out) ? out[0]! : out).reshape([-1]);
      });
      const raw = await y.data();
      y.dispose();
      const values = toProbabilities(raw, wrapper.output);
      const k = Math.max(0, Math.min(Math.floor(topK), values.length));
      const order = Array.from(values.keys()).sort((a, b) => values[b]! - values[a]!);
      return order.slice(0, k).map((index) => ({
        label: wrapper.classes?.[index] ?? `class ${index}`,
        probability: values[index]!,
        index,
      }));
    },

    activations(input, layerNames) {
      alive();
      if (input.rank !== 4)
        throw new Error(`activations: expected a batch [n, h, w, c], got [${input.shape.join(', ')}]; use preprocess(image) first.`);
      if (layerNames.length === 0) return [];
      const sameSize = !inputSize || (input.shape[1] === inputSize[0] && input.shape[2] === inputSize[1]);
      const source = sameSize ? model : wrapper.withInputSize(null, null);
      const key = `${sameSize ? 'base' : 'flex'}|${layerNames.join('\u0000')}`;
      let sub = subModels.get(key);
      if (!sub) {
        const outputs = layerNames.map((n) => {
          if (!sameSize && !source.layers.some((l) => l.name === n) && model.layers.some((l) => l.name === n)) {
            throw new Error(
              `Layer "${n}" needs inputs of ${inputSize![0]}×${inputSize![1]} (it comes after the layers that fix the size, ` +
                `such as Flatten); got ${input.shape[1]}×${input.shape[2]}. Resize the input or pick a convolutional layer.`,
            );
          }
          return layerOutput(source, n);
        });
        sub = tf.model({ inputs: source.inputs, outputs });
        subModels.set(key, sub);
      }
      const out = sub.predict(input);
      return Array.isArray(out) ? out : [out];
    },

    withInputSize(height, width) {
      alive();
      const key = `${height}x${width}`;
      let m = resized.get(key);
      if (!m) {
        m = rebuildWithInputSize(model, height, width);
        resized.set(key, m);
      }
      return m;
    },

    dispose() {
      if (disposed) return;
      disposed = true;
      // Sub-models share their layers' weights; disposing them would free those weights, so they
      // are only forgotten. The rebuilt models own their (copied) weights.
      subModels.clear();
      for (const m of resized.values()) m.dispose();
      resized.clear();
      model.dispose();
    },
  };
  return wrapper;
}
