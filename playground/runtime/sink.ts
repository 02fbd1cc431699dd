/**
 * The one channel through which user code talks to the outside world.
 *
 * In the browser the worker implements it by posting messages to the page; in Node tests a
 * recording sink collects everything so a test can assert on what an example showed.
 * Nothing here knows about pages or the DOM.
 */

import type { ImageMessage, Inputs, LogLevel, PlotAppend, PlotSpec, ProgressMessage, TableMessage } from '../shared/messages.ts';

export type * from '../shared/messages.ts';

export interface OutputSink {
  log(level: LogLevel, text: string): void;
  /** A new plot (static, or the first message of a live one). */
  plot(spec: PlotSpec): void;
  /** New points for a live line plot sent before. */
  plotAppend(append: PlotAppend): void;
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
  plot: (m) => {
    if (!('live' in m && m.live)) console.log(`[${m.kind} plot] ${m.title}`);
  },
  plotAppend: (m) => {
    const last = m.points[m.points.length - 1];
    if (last) console.log(`[plot ${m.id}] x=${last.x} ${JSON.stringify(last.values)}`);
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
