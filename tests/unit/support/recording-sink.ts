/**
 * A recording implementation of the playground API's sink for Node tests: everything an example
 * shows is kept for assertions (live charts with their appended points); site assets come from
 * public/, the Tiny Darknet public address from the local copy in ../shared (never committed).
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { ImageMessage, Inputs, OutputSink, PlotSpec, ProgressMessage, TableMessage } from '../../../playground/runtime/sink.ts';
import { appendPoints } from '../../../playground/shared/plot-append.ts';
import { readTinyDarknetUrl } from '../../../scripts/local-darknet.ts';

/** A live chart as the page would hold it at the end: every pushed point in order. */
export interface RecordedChart {
  title: string;
  series: string[];
  points: Array<{ x: number; values: Record<string, number> }>;
}

export interface Recording extends OutputSink {
  logs: Array<{ level: string; text: string }>;
  /** Every plot in the order shown; live line plots hold their appended points. */
  plots: PlotSpec[];
  /** Live charts (chart() in the API) by id, as points with a value per series. */
  charts: Map<string, RecordedChart>;
  images: ImageMessage[];
  tables: TableMessage[];
  progressUpdates: ProgressMessage[];
  /** The plot with this title (the last one, if several); throws when there is none. */
  plotNamed(title: string | RegExp): PlotSpec;
  /** The live chart with this title; throws when there is none. */
  chartNamed(title: string | RegExp): RecordedChart;
  text(): string;
}

const matches = (title: string, want: string | RegExp) => (typeof want === 'string' ? title === want : want.test(title));

export function recordingSink(inputs: Partial<Inputs> = {}): Recording {
  const rec: Recording = {
    logs: [],
    plots: [],
    charts: new Map(),
    images: [],
    tables: [],
    progressUpdates: [],
    log: (level, text) => void rec.logs.push({ level, text }),
    plot(spec) {
      rec.plots.push(structuredClone(spec));
      if (spec.kind === 'line' && spec.live) rec.charts.set(spec.id, { title: spec.title, series: spec.series.map((s) => s.name), points: [] });
    },
    plotAppend({ id, points }) {
      const live = rec.plots.find((p) => p.id === id);
      const chart = rec.charts.get(id);
      if (live?.kind !== 'line' || !chart) throw new Error(`plotAppend for unknown live plot ${id}`);
      for (const p of points) chart.points.push({ x: p.x, values: { ...p.values } });
      appendPoints(live.series, points, (name) => chart.series.push(name));
    },
    image: (m) => void rec.images.push(m),
    table: (m) => void rec.tables.push(m),
    progress: (m) => void rec.progressUpdates.push(m),
    async fetchAsset(pathOrUrl) {
      const remote = readTinyDarknetUrl(pathOrUrl);
      if (remote) return remote;
      if (/^https?:/.test(pathOrUrl)) throw new Error(`offline in tests: ${pathOrUrl}`);
      const buf = await readFile(path.join(process.cwd(), 'public', pathOrUrl.replace(/^\/+/, '')));
      return buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength) as ArrayBuffer;
    },
    inputs: () => ({ image: null, files: [], params: {}, ...inputs }),
    plotNamed(title) {
      const found = rec.plots.filter((p) => matches(p.title, title)).pop();
      if (!found) throw new Error(`no plot titled ${String(title)}; plots: ${rec.plots.map((p) => p.title).join(' | ')}`);
      return found;
    },
    chartNamed(title) {
      const found = [...rec.charts.values()].filter((c) => matches(c.title, title)).pop();
      if (!found) throw new Error(`no live chart titled ${String(title)}`);
      return found;
    },
    text: () => [...rec.logs.map((l) => l.text), ...rec.tables.map((t) => [t.caption, ...t.rows.map((r) => r.join('\t'))].join('\n'))].join('\n'),
  };
  return rec;
}
