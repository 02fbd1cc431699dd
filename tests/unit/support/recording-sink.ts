/**
 * A recording implementation of the playground API's sink for Node tests: everything an example
 * shows is kept for assertions; site assets come from public/, the Tiny Darknet public address from
 * the local copy in ../shared (never committed).
 */
import { readFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { ChartMessage, ImageMessage, Inputs, OutputSink, ProgressMessage, TableMessage } from '../../../playground/runtime/sink.ts';
import { TINY_DARKNET_CLASSES_URL, TINY_DARKNET_DIR } from '../../../playground/runtime/remote-models.ts';

export const SHARED_DARKNET = path.resolve(process.cwd(), '../shared/models/darknet-tiny');
export const hasTinyDarknet = existsSync(path.join(SHARED_DARKNET, 'model.json'));

export interface Recording extends OutputSink {
  logs: Array<{ level: string; text: string }>;
  charts: Map<string, ChartMessage>;
  images: ImageMessage[];
  tables: TableMessage[];
  progressUpdates: ProgressMessage[];
  text(): string;
}

export function recordingSink(inputs: Partial<Inputs> = {}): Recording {
  const rec: Recording = {
    logs: [],
    charts: new Map(),
    images: [],
    tables: [],
    progressUpdates: [],
    log: (level, text) => void rec.logs.push({ level, text }),
    chart: (m) => void rec.charts.set(m.id, structuredClone(m)),
    image: (m) => void rec.images.push(m),
    table: (m) => void rec.tables.push(m),
    progress: (m) => void rec.progressUpdates.push(m),
    async fetchAsset(pathOrUrl) {
      let file: string;
      if (pathOrUrl === TINY_DARKNET_CLASSES_URL) file = path.join(SHARED_DARKNET, 'classes.json');
      else if (pathOrUrl.startsWith(TINY_DARKNET_DIR)) file = path.join(SHARED_DARKNET, path.basename(pathOrUrl));
      else if (/^https?:/.test(pathOrUrl)) throw new Error(`offline in tests: ${pathOrUrl}`);
      else file = path.join(process.cwd(), 'public', pathOrUrl.replace(/^\/+/, ''));
      const buf = await readFile(file);
      return buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength) as ArrayBuffer;
    },
    inputs: () => ({ image: null, files: [], params: {}, ...inputs }),
    text: () => [...rec.logs.map((l) => l.text), ...rec.tables.map((t) => [t.caption, ...t.rows.map((r) => r.join('\t'))].join('\n'))].join('\n'),
  };
  return rec;
}
