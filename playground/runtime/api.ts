/**
 * The playground API: what user code and examples import as `'playground'`.
 *
 *   import * as tf from '@tensorflow/tfjs';
 *   import { log, chart, plot, show, showGrid, table, progress, param, setSeed, data, models } from 'playground';
 *
 * Every function sends its output through the current sink (see sink.ts), so the same example
 * runs in the browser worker, in Node tests (recording sink) and in scripts (console sink).
 */
import * as tf from '@tensorflow/tfjs';
import { sink, type Inputs, type ParamValue } from './sink.ts';
import { type ImageLike, toRgba } from './pixels.ts';
import { progressBar } from './progress.ts';

/** An image from the page (or any {width, height, rgba}) as a float tensor [h, w, 3] in 0..1. */
export { fromRgba } from './pixels.ts';

export type { Inputs, InputImage, InputFile, ParamValue } from './sink.ts';
export { chart, plot, type ChartOptions, type LiveChart, type PlotOptions, type HistogramOptions, type HeatmapOptions } from './plots.ts';
export { setSeed, mulberry32 } from './random.ts';
export type { ImageLike } from './pixels.ts';
export { data } from './data.ts';
export { models, type LoadedModel } from './models.ts';
export type { Mnist, MnistSplit, MnistBatch, MnistOptions } from './data.ts';
export { generateImage, type GeneratedImageName } from './images.ts';
/** DeepDream and feature visualisation helpers: dream, dreamStep, visualizeChannel, roll, blur, … */
export * as deepdream from './deepdream.ts';
/** Layer arithmetic (shapes, parameters, multiply-adds), published architectures, and `build`. */
export * as architecture from './architecture.ts';
/** Published training runs (AlexNet 2012 …) with their hardware, times and arithmetic rates. */
export * as trainingRuns from '../shared/training-runs.ts';
/** The sample photos every image input offers, with credits and the ImageNet class that fits each (if any). */
export * as samplePhotos from '../shared/sample-photos.ts';
/** Switch TF.js backends inside a run, to compare them: backends.available(), use(name), current(). */
export { backends, type BackendSwitch } from './backend-switch.ts';

/** Turn anything user code logs into readable text (tensors print their values). */
export function format(value: unknown): string {
  if (value instanceof tf.Tensor) {
    if (value.isDisposed) return `Tensor (disposed)`;
    return `Tensor ${value.dtype} [${value.shape.join(', ')}]\n${value.toString().replace(/^Tensor\n/, '')}`;
  }
  if (typeof value === 'string') return value;
  if (value instanceof Error) return value.stack ?? value.message;
  if (typeof value === 'number' || typeof value === 'boolean' || value === undefined || value === null) return String(value);
  try {
    return JSON.stringify(value, (_k, v) => (ArrayBuffer.isView(v) ? Array.from(v as unknown as ArrayLike<number>) : v), 2);
  } catch {
    return String(value);
  }
}

/** Print a line in the output panel. Tensors print their shape and values. */
export function log(...values: unknown[]): void {
  sink().log('log', values.map(format).join(' '));
}

/** Print an error line (shown in red, announced to screen readers). */
export function logError(...values: unknown[]): void {
  sink().log('error', values.map(format).join(' '));
}

export interface ShowOptions {
  label?: string;
  /** Stretch values to 0..255 from their own min and max (useful for filters and gradients). */
  normalize?: boolean;
  /** Integer upscaling for display; defaults to enough to make tiny images visible. */
  scale?: number;
  /** Images shown with the same group sit together in a grid. */
  group?: string;
}

/**
 * Draw an image: a tensor of shape [h, w], [h, w, 1], [h, w, 3], [h, w, 4] or with a leading batch
 * of 1, with values in 0..1 (floats) or 0..255 (int32), or an ImageLike {width, height, rgba}.
 */
export async function show(image: tf.Tensor | ImageLike, options: ShowOptions = {}): Promise<void> {
  const { width, height, rgba, range } = await toRgba(image, options.normalize ?? false);
  sink().image({ label: options.label ?? '', width, height, rgba, scale: options.scale ?? displayScale(width, height), group: options.group, range });
}

/** Enough integer upscaling to show tiny images (a 3×3 kernel, a 28×28 digit) at a readable size. */
function displayScale(width: number, height: number): number {
  return Math.max(1, Math.min(16, Math.floor(160 / Math.max(width, height))));
}

export interface GridOptions {
  /** Heading of the grid. */
  title: string;
  /** A caption per image (e.g. "filter 3"). */
  labels?: string[];
  /**
   * How values map to grey levels: 'each' stretches every image to its own range, 'shared' puts all
   * on one scale (so brightness compares across images), false shows 0..1 (0..255 for int32) as is.
   */
  normalize?: 'each' | 'shared' | false;
  scale?: number;
}

let gridCount = 0;

/** A grid of images with captions: filters, feature maps, samples. */
export async function showGrid(images: Array<tf.Tensor | ImageLike>, options: GridOptions): Promise<void> {
  const group = `grid-${++gridCount}`;
  const mode = options.normalize ?? 'each';
  let shared: [number, number] | undefined;
  if (mode === 'shared') {
    let lo = Infinity;
    let hi = -Infinity;
    for (const image of images) {
      if (!(image instanceof tf.Tensor)) continue;
      const minT = image.min();
      const maxT = image.max();
      const [min, max] = await Promise.all([minT.data(), maxT.data()]);
      tf.dispose([minT, maxT]);
      lo = Math.min(lo, min[0]!);
      hi = Math.max(hi, max[0]!);
    }
    if (lo <= hi) shared = [lo, hi];
  }
  for (const [i, image] of images.entries()) {
    const { width, height, rgba, range } = await toRgba(image, mode === 'each' ? true : (shared ?? false));
    sink().image({
      label: options.labels?.[i] ?? `${i + 1}`,
      width,
      height,
      rgba,
      scale: options.scale ?? displayScale(width, height),
      group,
      slot: i,
      groupTitle: options.title,
      range,
    });
  }
}

/** Show a small table. Rows are objects; their keys become the columns. */
export function table(rows: Array<Record<string, string | number>>, caption = ''): void {
  const columns = [...new Set(rows.flatMap((r) => Object.keys(r)))];
  sink().table({ caption, columns, rows: rows.map((r) => columns.map((c) => r[c] ?? '')) });
}

export interface Progress {
  /** Advance by n steps (default 1). */
  tick(n?: number): void;
  /** Set the absolute number of finished steps. */
  set(done: number): void;
}

/** A progress bar with an estimated time to finish, for long loops. */
export function progress(label: string, total: number): Progress {
  const update = progressBar(label, total);
  let done = 0;
  return {
    tick(n = 1) {
      done = Math.min(total, done + n);
      update(done);
    },
    set(value) {
      done = Math.max(0, Math.min(total, value));
      update(done);
    },
  };
}

/** What the reader chose in the page: an uploaded image, files, and control-panel values. */
export function inputs(): Inputs {
  return sink().inputs();
}

/**
 * Read a control from the page (a number, text, switch, or a numeric grid such as a kernel), with
 * the example's default. A value of the wrong kind (or a grid of another shape) gives the default.
 */
export function param(name: string, fallback: number): number;
export function param(name: string, fallback: string): string;
export function param(name: string, fallback: boolean): boolean;
export function param(name: string, fallback: number[][]): number[][];
export function param(name: string, fallback: ParamValue): ParamValue {
  const value = sink().inputs().params[name];
  if (Array.isArray(fallback)) return isGridLike(value, fallback) ? value : fallback;
  return typeof value === typeof fallback && (typeof value !== 'number' || Number.isFinite(value)) ? (value as ParamValue) : fallback;
}

function isGridLike(value: unknown, like: number[][]): value is number[][] {
  return (
    Array.isArray(value) &&
    value.length === like.length &&
    value.every((row, i) => Array.isArray(row) && row.length === like[i]?.length && row.every((v) => typeof v === 'number' && Number.isFinite(v)))
  );
}

let yieldChannel: MessageChannel | null = null;
const yieldWaiters: Array<() => void> = [];

/**
 * Let the page breathe inside a long loop: ends the current task so that timers (live plots
 * flush on one), asset replies and the GPU backends' callbacks run, then resumes at once.
 * Training loops call it once per step or batch. Not setTimeout(fn, 0): nested timeouts are
 * clamped to at least 4 ms, which capped a fast loop at a few hundred steps per second and cost
 * the MNIST example a third of its speed. A MessageChannel message (setImmediate in Node) is a
 * new task without the clamp.
 */
export function nextFrame(): Promise<void> {
  if (typeof setImmediate === 'function') return new Promise((resolve) => setImmediate(resolve));
  if (typeof MessageChannel !== 'function') return new Promise((resolve) => setTimeout(resolve, 0));
  if (!yieldChannel) {
    yieldChannel = new MessageChannel();
    yieldChannel.port1.onmessage = () => yieldWaiters.shift()?.();
  }
  const channel = yieldChannel;
  return new Promise((resolve) => {
    yieldWaiters.push(resolve);
    channel.port2.postMessage(null);
  });
}
