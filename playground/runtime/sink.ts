/**
 * The one channel through which user code talks to the outside world.
 *
 * In the browser the worker implements it by posting messages to the page; in Node tests a
 * recording sink collects everything so a test can assert on what an example showed.
 * Nothing here knows about pages or the DOM.
 */

export type LogLevel = 'log' | 'info' | 'warn' | 'error' | 'debug';

export interface ChartPoint {
  x: number;
  values: Record<string, number>;
}

export interface ChartMessage {
  id: string;
  title: string;
  xLabel: string;
  yLabel: string;
  series: string[];
  points: ChartPoint[];
}

export interface ImageMessage {
  label: string;
  width: number;
  height: number;
  /** RGBA, 8 bits per channel, row-major. */
  rgba: Uint8ClampedArray;
  /** Integer upscaling for display of tiny images (pixelated). */
  scale: number;
  /** Images with the same group are laid out together in a grid. */
  group?: string;
}

export interface TableMessage {
  caption: string;
  columns: string[];
  rows: Array<Array<string | number>>;
}

export interface ProgressMessage {
  id: string;
  label: string;
  done: number;
  total: number;
  elapsedMs: number;
}

/** An image the reader chose in the page (upload, drop or camera), handed to the run. */
export interface InputImage {
  name: string;
  width: number;
  height: number;
  rgba: Uint8ClampedArray;
}

/** A file the reader chose in the page (for example model.json and weight shards). */
export interface InputFile {
  name: string;
  bytes: ArrayBuffer;
}

export interface Inputs {
  image: InputImage | null;
  files: InputFile[];
  /** Values of controls in the page (for example DeepDream's panel), by name. */
  params: Record<string, number | string | boolean>;
}

export interface OutputSink {
  log(level: LogLevel, text: string): void;
  chart(message: ChartMessage): void;
  image(message: ImageMessage): void;
  table(message: TableMessage): void;
  progress(message: ProgressMessage): void;
  /**
   * Bytes of a site asset (a path such as `data/mnist/images.bin`) or of an allow-listed public
   * model URL. In the browser the page fetches on the worker's behalf, so user code never gets a
   * same-origin network capability of its own.
   */
  fetchAsset(pathOrUrl: string, onProgress?: (loaded: number, total: number) => void): Promise<ArrayBuffer>;
  inputs(): Inputs;
}

const emptyInputs: Inputs = { image: null, files: [], params: {} };

/** Default for Node: print to the terminal, read assets from disk. */
export const consoleSink: OutputSink = {
  log: (level, text) => (level === 'error' ? console.error(text) : console.log(text)),
  chart: (m) => {
    const last = m.points[m.points.length - 1];
    if (last) console.log(`[chart ${m.title}] ${m.xLabel}=${last.x} ${JSON.stringify(last.values)}`);
  },
  image: (m) => console.log(`[image ${m.label}] ${m.width}x${m.height}`),
  table: (m) => console.table(m.rows),
  progress: (m) => {
    if (m.done === m.total) console.log(`[progress ${m.label}] done`);
  },
  fetchAsset: async (pathOrUrl) => readAssetFromDisk(pathOrUrl),
  inputs: () => emptyInputs,
};

async function readAssetFromDisk(path: string): Promise<ArrayBuffer> {
  if (/^https?:/.test(path)) throw new Error(`No network in Node: cannot fetch ${path}`);
  const { readFile } = await import('node:fs/promises');
  // Node tests and scripts run from the repository root, where public/ holds the site's assets.
  const buf = await readFile(`${process.cwd()}/public/${path.replace(/^\/+/, '')}`);
  return buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength) as ArrayBuffer;
}

let current: OutputSink = consoleSink;

export function setSink(sink: OutputSink): void {
  current = sink;
}

export function sink(): OutputSink {
  return current;
}
