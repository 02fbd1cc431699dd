/**
 * The playground API: what user code and examples import as `'playground'`.
 *
 *   import * as tf from '@tensorflow/tfjs';
 *   import { log, chart, show, table, progress, inputs, data, models } from 'playground';
 *
 * Every function sends its output through the current sink (see sink.ts), so the same example
 * runs in the browser worker, in Node tests (recording sink) and in scripts (console sink).
 */
import * as tf from '@tensorflow/tfjs';
import { sink, type ChartPoint, type Inputs } from './sink.ts';
import { toRgba, type ImageLike } from './pixels.ts';

export type { Inputs, InputImage, InputFile } from './sink.ts';
export type { ImageLike } from './pixels.ts';
export { data } from './data.ts';
export { models, type LoadedModel } from './models.ts';
export type { Mnist, MnistSplit, MnistBatch, MnistOptions } from './data.ts';
export { generateImage, type GeneratedImageName } from './images.ts';
/** DeepDream and feature visualisation helpers: dream, dreamStep, visualizeChannel, roll, blur, … */
export * as deepdream from './deepdream.ts';

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

export interface ChartOptions {
  /** Names of the lines, e.g. ['loss', 'val_loss']. Defaults to the keys of the first push. */
  series?: string[];
  xLabel?: string;
  yLabel?: string;
}

export interface LiveChart {
  /** Add one point per series at x; the chart in the page updates immediately. */
  push(x: number, values: Record<string, number>): void;
}

let chartCount = 0;

/** A live line chart, e.g. a loss curve that grows while a model trains. */
export function chart(title: string, options: ChartOptions = {}): LiveChart {
  const id = `chart-${++chartCount}`;
  const points: ChartPoint[] = [];
  let series = options.series;
  return {
    push(x, values) {
      series ??= Object.keys(values);
      points.push({ x, values: { ...values } });
      sink().chart({
        id,
        title,
        xLabel: options.xLabel ?? 'step',
        yLabel: options.yLabel ?? '',
        series,
        points,
      });
    },
  };
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
  const { width, height, rgba } = await toRgba(image, options.normalize ?? false);
  const scale = options.scale ?? Math.max(1, Math.min(8, Math.floor(160 / Math.max(width, height))));
  sink().image({ label: options.label ?? '', width, height, rgba, scale, group: options.group });
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

let progressCount = 0;

/** A progress bar with an estimated time to finish, for long loops. */
export function progress(label: string, total: number): Progress {
  const id = `progress-${++progressCount}`;
  const start = Date.now();
  let done = 0;
  let lastSent = -Infinity;
  const send = (force: boolean) => {
    const now = Date.now();
    // Limit the message rate; the first, the last and one every 50 ms are enough for a smooth bar.
    if (!force && now - lastSent < 50) return;
    lastSent = now;
    sink().progress({ id, label, done, total, elapsedMs: now - start });
  };
  send(true);
  return {
    tick(n = 1) {
      done = Math.min(total, done + n);
      send(done === total);
    },
    set(value) {
      done = Math.max(0, Math.min(total, value));
      send(done === total);
    },
  };
}

/** What the reader chose in the page: an uploaded image, files, and control-panel values. */
export function inputs(): Inputs {
  return sink().inputs();
}

/** Read a numeric, text or boolean control from the page, with the example's default. */
export function param<T extends number | string | boolean>(name: string, fallback: T): T {
  const value = sink().inputs().params[name];
  return (typeof value === typeof fallback ? value : fallback) as T;
}

/**
 * Let the page breathe inside a long loop: waits for pending messages to go out and lets
 * the GPU backends flush. Training loops call it once per step or batch.
 */
export function nextFrame(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}
