/**
 * A layers model rebuilt for another input size (`withInputSize`): the same weights in fresh
 * layers, ending before the layers that need the original size. Part of the models API (see models.ts).
 */
import * as tf from '@tensorflow/tfjs';

/** Layers whose computation depends on the spatial input size: they and everything after them are
 * dropped when a model is rebuilt for another size. */
const SIZE_DEPENDENT = new Set(['Flatten', 'Reshape', 'LocallyConnected1D', 'LocallyConnected2D', 'RepeatVector']);
/** Identity at inference: the rebuilt model does not end on one of these. */
const INFERENCE_IDENTITY = new Set(['Dropout', 'SpatialDropout1D', 'SpatialDropout2D', 'GaussianNoise', 'GaussianDropout', 'AlphaDropout']);

function isSizeDependent(layer: tf.layers.Layer): boolean {
  const cls = layer.getClassName();
  if (SIZE_DEPENDENT.has(cls)) return true;
  if (cls === 'PReLU') {
    // A PReLU slope per pixel ties the layer to one size unless it is shared over height and width.
    const shared = (layer.getConfig().sharedAxes as number[] | number | null | undefined) ?? [];
    const axes = Array.isArray(shared) ? shared : [shared];
    return !(axes.includes(1) && axes.includes(2));
  }
  return false;
}

function cloneLayer(layer: tf.layers.Layer): tf.layers.Layer {
  const cls = layer.getClassName();
  const entry = tf.serialization.SerializationMap.getMap().classNameMap[cls];
  if (!entry) throw new Error(`layer class ${cls} is not registered with TF.js`);
  const [ctor, fromConfig] = entry;
  const config = { ...layer.getConfig() };
  // The first layer of a Sequential model carries the old input size; the new input sets it now.
  delete config.batchInputShape;
  delete config.inputShape;
  delete config.batchSize;
  return fromConfig(ctor, config) as unknown as tf.layers.Layer;
}

/**
 * Rebuild `model` for inputs of [height, width] (null = any size) with fresh layers holding copies
 * of the same weights; stops before layers that need the original size.
 */
export function rebuildWithInputSize(model: tf.LayersModel, height: number | null, width: number | null): tf.LayersModel {
  if (model.inputs.length !== 1) throw new Error(`withInputSize: only models with one input are supported (this one has ${model.inputs.length}).`);
  for (const [what, v] of [
    ['height', height],
    ['width', width],
  ] as const) {
    if (v !== null && !(Number.isInteger(v) && v > 0)) throw new Error(`withInputSize: ${what} must be a positive integer or null, got ${v}`);
  }
  const inShape = model.inputs[0]!.shape;
  if (inShape.length !== 4) throw new Error(`withInputSize: the model's input is not an image batch [n, h, w, c] but [${inShape.join(', ')}].`);
  const channels = inShape[3];
  const input = tf.input({ shape: [height, width, channels ?? null] as number[], name: model.inputs[0]!.name.replace(/[/:].*$/, '') || 'input' });

  // Map symbolic tensors of the original graph (by id) to those of the new one.
  const mapped = new Map<number, tf.SymbolicTensor>([[model.inputs[0]!.id, input]]);
  const kept: Array<{ layer: tf.layers.Layer; clone: tf.layers.Layer; outputs: tf.SymbolicTensor[] }> = [];
  const consumers = new Map<number, tf.layers.Layer[]>();
  const pending = model.layers.filter((l) => l.getClassName() !== 'InputLayer');
  for (const l of pending) {
    for (const t of l.inboundNodes[0]?.inputTensors ?? []) consumers.set(t.id, [...(consumers.get(t.id) ?? []), l]);
  }
  const dropped = new Set<tf.layers.Layer>();
  let progress = true;
  const done = new Set<tf.layers.Layer>();
  while (progress) {
    progress = false;
    for (const layer of pending) {
      if (done.has(layer)) continue;
      const node = layer.inboundNodes[0];
      if (!node) continue;
      const ins = node.inputTensors;
      const ready = ins.every((t) => mapped.has(t.id) || dropped.has(t.sourceLayer as tf.layers.Layer));
      if (!ready) continue;
      done.add(layer);
      progress = true;
      if (!ins.every((t) => mapped.has(t.id)) || isSizeDependent(layer)) {
        dropped.add(layer);
        continue;
      }
      const clone = cloneLayer(layer);
      const args = ins.map((t) => mapped.get(t.id)!);
      const out = clone.apply(args.length === 1 ? args[0]! : args) as tf.SymbolicTensor | tf.SymbolicTensor[];
      const outs = Array.isArray(out) ? out : [out];
      node.outputTensors.forEach((t, i) => {
        mapped.set(t.id, outs[i]!);
      });
      clone.setWeights(layer.getWeights());
      kept.push({ layer, clone, outputs: outs });
    }
  }
  let outputs: tf.SymbolicTensor[];
  if (model.outputs.every((t) => mapped.has(t.id))) {
    outputs = model.outputs.map((t) => mapped.get(t.id)!);
  } else {
    // End at the last kept image-shaped layer that feeds a dropped one (e.g. pool2 before flatten),
    // stepping back over layers that are identities at inference (dropout).
    let i = kept.length - 1;
    const feedsDrop = (k: (typeof kept)[number]) =>
      k.layer.inboundNodes[0]!.outputTensors.some((t) => (consumers.get(t.id) ?? []).some((c) => dropped.has(c)));
    while (i >= 0 && !(feedsDrop(kept[i]!) && kept[i]!.outputs.every((t) => t.shape.length === 4))) i--;
    while (i > 0 && INFERENCE_IDENTITY.has(kept[i]!.layer.getClassName())) i--;
    if (i < 0) throw new Error('withInputSize: no convolutional part found before the layers that need a fixed input size.');
    outputs = kept[i]!.outputs;
  }
  const rebuilt = tf.model({
    inputs: input,
    outputs: outputs.length === 1 ? outputs[0]! : outputs,
    name: `${model.name}_${height ?? 'any'}x${width ?? 'any'}`,
  });
  // Keep only the layers that the new model reaches (unused clones would hold weights forever).
  const used = new Set(rebuilt.layers);
  for (const k of kept) if (!used.has(k.clone)) k.clone.dispose();
  return rebuilt;
}
