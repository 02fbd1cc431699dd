/**
 * Trained models for playgrounds: the book's own MNIST CNN, Tiny Darknet (ImageNet, 1000 classes)
 * and the reader's own TF.js layers model chosen from disk.
 *
 *   const m = await models.load('tiny-darknet');          // or 'book-cnn'
 *   const top5 = await m.classify(image, 5);              // image: tf.Tensor3D [h, w, 3|1] in 0..1
 *   table(m.layers());                                    // name, className, outputShape, params
 *   const [a] = m.activations(m.preprocess(image), ['conv2d_3']);
 *   const big = m.withInputSize(448, 448);                // the convolutional part at another size
 *   await show(models.filterGrid(models.firstLayerFilters(m)), { label: 'first-layer filters' });
 *
 * Every byte goes through `sink().fetchAsset` (site assets and allow-listed public URLs), so the
 * worker never gets a network capability of its own, and Node tests can serve files from disk.
 * This module imports only TF.js and ./sink.ts (api.ts re-exports it; no cycles).
 */
import * as tf from '@tensorflow/tfjs';
import { sink } from './sink.ts';

// ---------------------------------------------------------------------------------------------
// Public addresses
// ---------------------------------------------------------------------------------------------

export { TINY_DARKNET_URL, TINY_DARKNET_DIR, TINY_DARKNET_CLASSES_URL, REMOTE_MODEL_URLS, isAllowedRemoteUrl } from '../shared/remote-models.ts';
import { TINY_DARKNET_URL, TINY_DARKNET_CLASSES_URL, REMOTE_MODEL_URLS } from '../shared/remote-models.ts';

/** Site path of the book's own MNIST CNN (trained by scripts, stored in public/). */
export const BOOK_CNN_PATH = 'models/book-cnn/model.json';

export type ModelName = 'book-cnn' | 'tiny-darknet';

// ---------------------------------------------------------------------------------------------
// Types
// ---------------------------------------------------------------------------------------------

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

export interface LoadOptions {
  /** Bytes loaded and expected so far, across model.json and all weight files. */
  onProgress?: (loaded: number, total: number) => void;
}

/** A load failure with a hint about what to use instead. */
export class ModelLoadError extends Error {
  /** A model that can be loaded instead (the playground falls back to it). */
  readonly fallback: ModelName | null;
  constructor(message: string, fallback: ModelName | null = null, cause?: unknown) {
    super(message);
    this.name = 'ModelLoadError';
    this.fallback = fallback;
    if (cause !== undefined) (this as { cause?: unknown }).cause = cause;
  }
}

// ---------------------------------------------------------------------------------------------
// model.json parsing and validation
// ---------------------------------------------------------------------------------------------

interface WeightGroup {
  paths: string[];
  weights: tf.io.WeightsManifestEntry[];
}

interface ParsedModelJson {
  json: Record<string, unknown>;
  modelTopology: object;
  manifest: WeightGroup[];
  weightSpecs: tf.io.WeightsManifestEntry[];
}

const BYTES_PER_ELEMENT: Record<string, number> = {
  float32: 4,
  int32: 4,
  bool: 1,
  uint8: 1,
  complex64: 8,
  float16: 2,
  uint16: 2,
  int16: 2,
  int8: 1,
};

/** Bytes a weight group's files must hold in all, or null when it cannot be known (strings). */
function expectedGroupBytes(group: WeightGroup): number | null {
  let total = 0;
  for (const spec of group.weights) {
    const dtype = spec.quantization?.dtype ?? spec.dtype;
    const size = BYTES_PER_ELEMENT[dtype];
    if (size === undefined) return null;
    total += spec.shape.reduce((a, b) => a * b, 1) * size;
  }
  return total;
}

function decodeText(bytes: ArrayBuffer): string {
  return new TextDecoder('utf-8').decode(new Uint8Array(bytes)).replace(/^\uFEFF/, '');
}

/** Parse and check a model.json; `where` names it in error messages. */
function parseModelJson(bytes: ArrayBuffer, where: string): ParsedModelJson {
  let json: unknown;
  try {
    json = JSON.parse(decodeText(bytes));
  } catch (e) {
    throw new ModelLoadError(`${where} is not valid JSON (${(e as Error).message}). Is it really a TensorFlow.js model.json?`);
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new ModelLoadError(`${where} is JSON but not a TensorFlow.js model.json (expected an object with "modelTopology" and "weightsManifest").`);
  }
  const obj = json as Record<string, unknown>;
  const topology = obj.modelTopology as Record<string, unknown> | undefined;
  const format = typeof obj.format === 'string' ? obj.format : '';
  const isGraph =
    format === 'graph-model' || (topology && typeof topology === 'object' && ('node' in topology || 'versions' in topology || 'library' in topology));
  if (isGraph) {
    throw new ModelLoadError(
      `${where} is a TensorFlow.js graph model (format "graph-model", converted from a SavedModel or frozen graph). ` +
        `The playground loads layers models only (format "layers-model"): convert a Keras model with ` +
        `\`tensorflowjs_converter --input_format keras model.h5 out/\`, or save a TF.js model with model.save().`,
    );
  }
  if (!topology || typeof topology !== 'object') {
    throw new ModelLoadError(`${where} has no "modelTopology": it is not a TensorFlow.js layers model.json.`);
  }
  const config = (topology.model_config ?? topology) as Record<string, unknown>;
  if (typeof config.class_name !== 'string') {
    throw new ModelLoadError(
      `${where} does not describe a Keras/TF.js layers model (its modelTopology has no "class_name"` +
        `${format ? `; format is "${format}"` : ''}). The playground loads layers models only.`,
    );
  }
  const kerasVersion = String(topology.keras_version ?? '');
  if (/^3\./.test(kerasVersion)) {
    // Keras 3 writes configs (batch_shape, dtype policies) that TF.js 4 cannot read; say so up front.
    throw new ModelLoadError(
      `${where} was saved by Keras ${kerasVersion}; TensorFlow.js 4 reads models saved by Keras 2 (tf.keras / tf_keras). ` +
        `Save it with tf_keras or convert it from an .h5 file written by Keras 2.`,
    );
  }
  const manifest = obj.weightsManifest;
  if (!Array.isArray(manifest)) {
    throw new ModelLoadError(`${where} has no "weightsManifest" list, so its weights cannot be found.`);
  }
  manifest.forEach((g, i) => {
    const group = g as Partial<WeightGroup>;
    if (!Array.isArray(group.paths) || !Array.isArray(group.weights) || !group.paths.every((p) => typeof p === 'string')) {
      throw new ModelLoadError(`${where}: weightsManifest[${i}] needs "paths" and "weights" lists.`);
    }
  });
  const groups = manifest as WeightGroup[];
  return { json: obj, modelTopology: topology, manifest: groups, weightSpecs: groups.flatMap((g) => g.weights) };
}

function artifactsFrom(parsed: ParsedModelJson, weightData: ArrayBuffer): tf.io.ModelArtifacts {
  const j = parsed.json;
  return {
    modelTopology: parsed.modelTopology,
    weightSpecs: parsed.weightSpecs,
    weightData,
    format: typeof j.format === 'string' ? j.format : undefined,
    generatedBy: typeof j.generatedBy === 'string' ? j.generatedBy : undefined,
    convertedBy: typeof j.convertedBy === 'string' ? j.convertedBy : undefined,
    trainingConfig: j.trainingConfig as tf.io.TrainingConfig | undefined,
    userDefinedMetadata: j.userDefinedMetadata as tf.io.ModelArtifacts['userDefinedMetadata'],
  };
}

function concatBuffers(parts: ArrayBuffer[]): ArrayBuffer {
  const total = parts.reduce((n, p) => n + p.byteLength, 0);
  const out = new Uint8Array(total);
  let offset = 0;
  for (const p of parts) {
    out.set(new Uint8Array(p), offset);
    offset += p.byteLength;
  }
  return out.buffer;
}

/** Check that each weight group's files hold exactly the bytes its specs describe. */
function checkGroupSizes(parsed: ParsedModelJson, sizeOf: (path: string) => number, where: string): void {
  parsed.manifest.forEach((group) => {
    const expected = expectedGroupBytes(group);
    if (expected === null) return;
    const got = group.paths.reduce((n, p) => n + sizeOf(p), 0);
    if (got !== expected) {
      const names = group.weights.map((w) => w.name);
      const shown = names.length > 3 ? `${names.slice(0, 3).join(', ')}, …` : names.join(', ');
      throw new ModelLoadError(
        `Weight file${group.paths.length > 1 ? 's' : ''} ${group.paths.join(', ')} ` +
          `${group.paths.length > 1 ? 'hold' : 'holds'} ${got} bytes, but ${where} expects ${expected} bytes ` +
          `(for ${shown}). The weight files do not belong to this model.json, or a download was cut short.`,
      );
    }
  });
}

/** Resolve a weight path against the location of model.json (a URL or a site path). */
function resolveAgainst(modelLocation: string, path: string): string {
  if (/^[a-z][a-z0-9+.-]*:/i.test(modelLocation)) return new URL(path, modelLocation).href;
  const base = new URL(modelLocation.replace(/^\/+/, ''), 'https://site.invalid/');
  const resolved = new URL(path, base);
  if (resolved.origin !== base.origin) return resolved.href;
  return decodeURIComponent(resolved.pathname.replace(/^\/+/, ''));
}

/** A tf.io handler that reads model.json and its weights through `sink().fetchAsset`. */
export function sinkIOHandler(modelLocation: string, options: LoadOptions = {}): tf.io.IOHandler {
  return {
    load: async () => {
      const report = options.onProgress;
      const jsonBytes = await sink().fetchAsset(modelLocation, (loaded, total) => report?.(loaded, Math.max(total, loaded)));
      const parsed = parseModelJson(jsonBytes, modelLocation);
      const paths = parsed.manifest.flatMap((g) => g.paths);
      const expected = parsed.manifest.reduce((n, g) => n + (expectedGroupBytes(g) ?? 0), 0);
      const loadedPerFile = new Map<string, number>();
      const totalPerFile = new Map<string, number>();
      let weightsTotal = expected;
      const emit = () => {
        if (!report) return;
        let loaded = jsonBytes.byteLength;
        for (const v of loadedPerFile.values()) loaded += v;
        let known = 0;
        for (const v of totalPerFile.values()) known += v;
        weightsTotal = Math.max(weightsTotal, known);
        report(loaded, Math.max(loaded, jsonBytes.byteLength + weightsTotal));
      };
      emit();
      const buffers = new Map<string, ArrayBuffer>();
      // A few requests at a time: fast on HTTP/2, gentle on the page's message channel.
      let next = 0;
      const worker = async () => {
        while (next < paths.length) {
          const path = paths[next++]!;
          const url = resolveAgainst(modelLocation, path);
          const bytes = await sink().fetchAsset(url, (loaded, total) => {
            loadedPerFile.set(path, loaded);
            if (total > 0) totalPerFile.set(path, total);
            emit();
          });
          buffers.set(path, bytes);
          loadedPerFile.set(path, bytes.byteLength);
          emit();
        }
      };
      await Promise.all(Array.from({ length: Math.min(6, paths.length) }, worker));
      checkGroupSizes(parsed, (p) => buffers.get(p)!.byteLength, modelLocation);
      return artifactsFrom(parsed, concatBuffers(paths.map((p) => buffers.get(p)!)));
    },
  };
}

async function loadLayersModelFrom(handler: tf.io.IOHandler, where: string): Promise<tf.LayersModel> {
  let artifacts: tf.io.ModelArtifacts | undefined;
  // Load the artifacts ourselves so our own errors (missing files, sizes) keep their messages…
  const memory: tf.io.IOHandler = { load: async () => (artifacts ??= await handler.load!()) };
  try {
    return await tf.loadLayersModel(memory);
  } catch (e) {
    if (e instanceof ModelLoadError || !artifacts) throw e;
    // …and explain failures of TF.js itself (unknown layer types, mismatched weights).
    const msg = (e as Error).message ?? String(e);
    const unknown = /Unknown (layer|regularizer|initializer|constraint|activation)[^:]*: ([\w.]+)/i.exec(msg);
    const hint = unknown
      ? ` The model uses ${unknown[1]!.toLowerCase()} "${unknown[2]}", which TensorFlow.js 4 does not provide (custom or Lambda layers cannot be loaded).`
      : '';
    throw new ModelLoadError(`Could not build the model from ${where}: ${msg}${hint}`, null, e);
  }
}

// ---------------------------------------------------------------------------------------------
// Class names
// ---------------------------------------------------------------------------------------------

/**
 * Class names from a JSON array (`["a", "b"]`), a JSON object with a `classes`/`labels` list, an
 * index-keyed object (`{"0": "a"}`), a JS module `export default ["a", "b", ]`, or plain text with
 * one name per line.
 */
export function parseClassNames(text: string): string[] {
  const trimmed = text.replace(/^\uFEFF/, '').trim();
  const fromValue = (v: unknown): string[] | null => {
    if (Array.isArray(v) && v.every((s) => typeof s === 'string')) return v as string[];
    if (v && typeof v === 'object') {
      const o = v as Record<string, unknown>;
      for (const key of ['classes', 'labels', 'classNames']) {
        const list = fromValue(o[key]);
        if (list) return list;
      }
      const keys = Object.keys(o);
      if (keys.length > 0 && keys.every((k) => /^\d+$/.test(k) && typeof o[k] === 'string')) {
        return keys.sort((a, b) => Number(a) - Number(b)).map((k) => o[k] as string);
      }
    }
    return null;
  };
  try {
    const list = fromValue(JSON.parse(trimmed));
    if (list) return list;
  } catch {
    // not JSON: a JS module or a text list
  }
  const start = trimmed.indexOf('[');
  const end = trimmed.lastIndexOf(']');
  if (/export\s+default|module\.exports|^\s*\[/m.test(trimmed) && start >= 0 && end > start) {
    const body = trimmed.slice(start + 1, end);
    const names: string[] = [];
    const literal = /"((?:[^"\\]|\\.)*)"|'((?:[^'\\]|\\.)*)'/g;
    const escapes: Record<string, string> = { n: '\n', t: '\t', r: '\r' };
    for (let m = literal.exec(body); m; m = literal.exec(body)) {
      names.push((m[1] ?? m[2]!).replace(/\\(.)/g, (_e, c: string) => escapes[c] ?? c));
    }
    if (names.length > 0) return names;
  }
  const lines = trimmed
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean);
  if (lines.length > 0 && !/[{}[\]]/.test(trimmed)) return lines;
  throw new ModelLoadError('Could not read class names: expected a JSON list of strings or one name per line.');
}

// ---------------------------------------------------------------------------------------------
// The wrapper
// ---------------------------------------------------------------------------------------------

/** Layers whose computation depends on the spatial input size: they and everything after them are
 * dropped when a model is rebuilt for another size. */
const SIZE_DEPENDENT = new Set(['Flatten', 'Reshape', 'LocallyConnected1D', 'LocallyConnected2D', 'RepeatVector']);
/** Identity at inference: the rebuilt model does not end on one of these. */
const INFERENCE_IDENTITY = new Set(['Dropout', 'SpatialDropout1D', 'SpatialDropout2D', 'GaussianNoise', 'GaussianDropout', 'AlphaDropout']);

function firstShape(shape: tf.Shape | tf.Shape[]): Array<number | null> {
  return (Array.isArray(shape[0]) ? (shape[0] as tf.Shape) : (shape as tf.Shape)).map((d) => (d === undefined ? null : d));
}

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

// ---------------------------------------------------------------------------------------------
// Loaders
// ---------------------------------------------------------------------------------------------

const DIGITS = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'];

async function loadBookCnn(options: LoadOptions): Promise<LoadedModel> {
  let model: tf.LayersModel;
  try {
    model = await loadLayersModelFrom(sinkIOHandler(BOOK_CNN_PATH, options), BOOK_CNN_PATH);
  } catch (e) {
    throw new ModelLoadError(`Could not load the book's MNIST CNN (${BOOK_CNN_PATH}): ${(e as Error).message}`, null, e);
  }
  const outputs = model.outputs[0]?.shape.at(-1);
  return wrapModel(model, { name: 'book-cnn', classes: outputs === 10 ? DIGITS : null, output: 'auto' });
}

async function loadTinyDarknet(options: LoadOptions): Promise<LoadedModel> {
  const classesPromise = sink()
    .fetchAsset(TINY_DARKNET_CLASSES_URL)
    .then((b) => parseClassNames(decodeText(b)))
    .catch((e: unknown) => e as Error);
  let model: tf.LayersModel;
  try {
    model = await loadLayersModelFrom(sinkIOHandler(TINY_DARKNET_URL, options), TINY_DARKNET_URL);
  } catch (e) {
    await classesPromise;
    throw new ModelLoadError(
      `Could not load Tiny Darknet from ${TINY_DARKNET_URL} (${(e as Error).message}). ` +
        `It is fetched from a public CDN, so this usually means you are offline or the CDN is blocked. ` +
        `The book's own MNIST CNN works offline as a fallback: models.load('book-cnn').`,
      'book-cnn',
      e,
    );
  }
  const classes = await classesPromise;
  const outputs = model.outputs[0]?.shape.at(-1);
  let names: string[] | null = null;
  if (classes instanceof Error) {
    sink().log('warn', `Tiny Darknet loaded, but its class names did not (${classes.message}); labels show class numbers.`);
  } else if (classes.length !== outputs) {
    sink().log('warn', `Tiny Darknet: ${classes.length} class names for ${outputs} outputs; labels show class numbers.`);
  } else {
    names = classes;
  }
  return wrapModel(model, { name: 'tiny-darknet', classes: names, output: 'logits' });
}

/** Load one of the playground's models by name. */
export async function load(name: ModelName, options: LoadOptions = {}): Promise<LoadedModel> {
  switch (name) {
    case 'book-cnn':
      return loadBookCnn(options);
    case 'tiny-darknet':
      return loadTinyDarknet(options);
    default:
      throw new ModelLoadError(`Unknown model "${String(name)}". Available: 'book-cnn', 'tiny-darknet'.`);
  }
}

/**
 * Load `preferred` (default Tiny Darknet); if that fails, warn in the output and load the book CNN
 * instead. `fellBack` says which happened.
 */
export async function loadWithFallback(
  preferred: ModelName = 'tiny-darknet',
  options: LoadOptions = {},
): Promise<LoadedModel & { fellBack: boolean }> {
  try {
    return Object.assign(await load(preferred, options), { fellBack: false });
  } catch (e) {
    const fallback = e instanceof ModelLoadError && e.fallback ? e.fallback : null;
    if (!fallback || fallback === preferred) throw e;
    sink().log('warn', `${(e as Error).message}\nUsing ${fallback} instead.`);
    return Object.assign(await load(fallback, options), { fellBack: true });
  }
}

function baseName(name: string): string {
  return name.replace(/^.*[\\/]/, '');
}

/**
 * The reader's own TF.js layers model from files chosen in the page: model.json plus its weight
 * files (matched by file name). Files it does not need are ignored; a `classes.json` (a list of
 * names) or Teachable Machine `metadata.json` (with `labels`) among them names the classes.
 */
export async function fromFiles(files: Array<{ name: string; bytes: ArrayBuffer }>): Promise<LoadedModel> {
  const byName = new Map<string, ArrayBuffer>();
  for (const f of files) byName.set(baseName(f.name), f.bytes);
  const jsonNames = [...byName.keys()].filter((n) => /\.json$/i.test(n));
  let modelName = [...byName.keys()].find((n) => n.toLowerCase() === 'model.json');
  if (!modelName) {
    const candidates = jsonNames.filter((n) => !/^(classes|labels|metadata)\.json$/i.test(n));
    if (candidates.length === 1) modelName = candidates[0];
  }
  if (!modelName) {
    const names = files.map((f) => f.name).join(', ') || 'none';
    const keras = files.some((f) => /\.(h5|keras|pb)$/i.test(f.name));
    throw new ModelLoadError(
      `No model.json among the chosen files (${names}). Choose a TensorFlow.js layers model: its model.json and its weight files (*.bin).` +
        (keras ? ' Keras or TensorFlow files must first be converted with tensorflowjs_converter.' : ''),
    );
  }
  const parsed = parseModelJson(byName.get(modelName)!, modelName);
  const paths = parsed.manifest.flatMap((g) => g.paths);
  const missing = [...new Set(paths.map(baseName).filter((p) => !byName.has(p)))];
  if (missing.length > 0) {
    throw new ModelLoadError(
      `${modelName} needs ${missing.length === 1 ? 'a weight file that was' : `${missing.length} weight files that were`} not chosen: ` +
        `${missing.join(', ')}. Choose model.json together with all its weight files.`,
    );
  }
  const sizeOf = (p: string) => byName.get(baseName(p))!.byteLength;
  checkGroupSizes(parsed, sizeOf, modelName);
  const weightData = concatBuffers(paths.map((p) => byName.get(baseName(p))!));
  const model = await loadLayersModelFrom({ load: async () => artifactsFrom(parsed, weightData) }, modelName);

  let classes: string[] | null = null;
  const meta = parsed.json.userDefinedMetadata as Record<string, unknown> | undefined;
  const sources: Array<() => string[]> = [];
  if (meta) sources.push(() => parseClassNames(JSON.stringify(meta)));
  for (const n of ['classes.json', 'labels.json', 'metadata.json', 'labels.txt', 'classes.txt']) {
    const bytes = [...byName.entries()].find(([k]) => k.toLowerCase() === n)?.[1];
    if (bytes) sources.push(() => parseClassNames(decodeText(bytes)));
  }
  const outputs = model.outputs[0]?.shape.at(-1);
  for (const source of sources) {
    try {
      const list = source();
      if (list.length === outputs) {
        classes = list;
        break;
      }
    } catch {
      // not a class list
    }
  }
  const topology = parsed.modelTopology as { model_config?: { config?: { name?: string } }; config?: { name?: string } };
  const name = topology.model_config?.config?.name ?? topology.config?.name ?? model.name ?? 'my-model';
  return wrapModel(model, { name, classes, output: 'auto' });
}

// ---------------------------------------------------------------------------------------------
// Filters
// ---------------------------------------------------------------------------------------------

/** The first Conv2D kernel [kh, kw, in, out] of a model (a copy; dispose it when done). */
export function firstLayerFilters(model: tf.LayersModel | LoadedModel): tf.Tensor4D {
  const m = model instanceof tf.LayersModel ? model : model.model;
  for (const layer of m.layers) {
    const cls = layer.getClassName();
    if (cls === 'Conv2D' || cls === 'Conv2DTranspose' || cls === 'SeparableConv2D' || cls === 'DepthwiseConv2D') {
      const kernel = layer.getWeights()[0];
      if (kernel && kernel.rank === 4) return kernel.clone() as tf.Tensor4D;
    }
  }
  throw new Error(`The model "${m.name}" has no 2D convolution layer.`);
}

export interface FilterGridOptions {
  /** Filters per row (default: about square). */
  columns?: number;
  /** Pixels between filters (default 1). */
  padding?: number;
  /** Value of the gaps, 0..1 (default 1, white). */
  background?: number;
  /** Stretch each filter to 0..1 on its own (default) or all filters with one scale. */
  normalize?: 'each' | 'all';
}

/**
 * A [H, W, 3] (RGB first layers) or [H, W, 1] image in 0..1 tiling the filters of a kernel
 * [kh, kw, in, out]: one tile per output channel. Kernels with other than 1 or 3 input channels
 * show the mean over input channels. Use with `show(grid, { label, scale })`.
 */
export function filterGrid(kernel: tf.Tensor4D, options: FilterGridOptions = {}): tf.Tensor3D {
  if (kernel.rank !== 4) throw new Error(`filterGrid: expected a kernel [kh, kw, in, out], got [${kernel.shape.join(', ')}]`);
  const [kh, kw, cin, count] = kernel.shape;
  const pad = Math.max(0, Math.floor(options.padding ?? 1));
  const bg = options.background ?? 1;
  const cols = Math.max(1, Math.min(count, Math.floor(options.columns ?? Math.ceil(Math.sqrt(count)))));
  const rows = Math.ceil(count / cols);
  return tf.tidy(() => {
    let f: tf.Tensor = kernel.transpose([3, 0, 1, 2]); // [out, kh, kw, in]
    if (cin !== 1 && cin !== 3) f = f.mean(3, true);
    const c = f.shape[3]!;
    const axes = options.normalize === 'all' ? [0, 1, 2, 3] : [1, 2, 3];
    const lo = f.min(axes, true);
    const hi = f.max(axes, true);
    f = f.sub(lo).div(hi.sub(lo).maximum(1e-8));
    // Pad each tile on the bottom and right and add blank tiles to fill the grid, then lay out.
    f = tf.pad(
      f,
      [
        [0, rows * cols - count],
        [0, pad],
        [0, pad],
        [0, 0],
      ],
      bg,
    );
    const th = kh + pad;
    const tw = kw + pad;
    const grid = f
      .reshape([rows, cols, th, tw, c])
      .transpose([0, 2, 1, 3, 4])
      .reshape([rows * th, cols * tw, c]);
    return tf.pad(
      grid,
      [
        [pad, 0],
        [pad, 0],
        [0, 0],
      ],
      bg,
    ) as tf.Tensor3D;
  });
}

// ---------------------------------------------------------------------------------------------

/** What user code sees as `models` (import { models } from 'playground'). */
export const models = {
  load,
  loadWithFallback,
  fromFiles,
  wrap: wrapModel,
  firstLayerFilters,
  filterGrid,
  TINY_DARKNET_URL,
  TINY_DARKNET_CLASSES_URL,
  REMOTE_MODEL_URLS,
};
