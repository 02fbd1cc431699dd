/**
 * Reading TF.js layers models from bytes: model.json parsed and checked (with errors that say what
 * is wrong and what to do), weight files checked against it, and a tf.io handler that fetches
 * model.json and its weights through the sink. Part of the models API (see models.ts).
 */
import * as tf from '@tensorflow/tfjs';
import { concatBytes } from '../shared/bytes.ts';
import { sink } from './sink.ts';

export type ModelName = 'book-cnn' | 'tiny-darknet';

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

export function decodeText(bytes: ArrayBuffer): string {
  return new TextDecoder('utf-8').decode(new Uint8Array(bytes)).replace(/^\uFEFF/, '');
}

/** Parse and check a model.json; `where` names it in error messages. */
export function parseModelJson(bytes: ArrayBuffer, where: string): ParsedModelJson {
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

export function artifactsFrom(parsed: ParsedModelJson, weightData: ArrayBuffer): tf.io.ModelArtifacts {
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

/** Check that each weight group's files hold exactly the bytes its specs describe. */
export function checkGroupSizes(parsed: ParsedModelJson, sizeOf: (path: string) => number, where: string): void {
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
      return artifactsFrom(parsed, concatBytes(paths.map((p) => buffers.get(p)!)));
    },
  };
}

export async function loadLayersModelFrom(handler: tf.io.IOHandler, where: string): Promise<tf.LayersModel> {
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
