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
 * Split along its seams: model-files.ts reads and checks model.json and weight files,
 * model-classes.ts finds class names, model-wrapper.ts is the LoadedModel around a tf.LayersModel,
 * model-resize.ts rebuilds it for another input size, model-filters.ts draws first-layer filters.
 * This module holds the loaders and the `models` object, and re-exports the rest.
 */
import type * as tf from '@tensorflow/tfjs';
import { TINY_DARKNET_CLASSES_URL, TINY_DARKNET_URL, REMOTE_MODEL_URLS } from '../shared/remote-models.ts';
import { parseClassNames } from './model-classes.ts';
import {
  checkGroupSizes,
  decodeText,
  artifactsFrom,
  loadLayersModelFrom,
  ModelLoadError,
  parseModelJson,
  sinkIOHandler,
  type LoadOptions,
  type ModelName,
} from './model-files.ts';
import { filterGrid, firstLayerFilters } from './model-filters.ts';
import { type LoadedModel, wrapModel } from './model-wrapper.ts';
import { concatBytes } from '../shared/bytes.ts';
import { sink } from './sink.ts';

export { TINY_DARKNET_URL, TINY_DARKNET_DIR, TINY_DARKNET_CLASSES_URL, REMOTE_MODEL_URLS, isAllowedRemoteUrl } from '../shared/remote-models.ts';
export { parseClassNames } from './model-classes.ts';
export { ModelLoadError, sinkIOHandler, type LoadOptions, type ModelName } from './model-files.ts';
export { filterGrid, firstLayerFilters, type FilterGridOptions } from './model-filters.ts';
export { rebuildWithInputSize } from './model-resize.ts';
export { wrapModel, type LayerInfo, type LoadedModel, type Prediction } from './model-wrapper.ts';

/** Site path of the book's own MNIST CNN (trained by scripts, stored in public/). */
export const BOOK_CNN_PATH = 'models/book-cnn/model.json';

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
  const weightData = concatBytes(paths.map((p) => byName.get(baseName(p))!));
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
