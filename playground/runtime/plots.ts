/**
 * Plots from user code: a live line chart that grows while a model trains, and static line,
 * scatter, bar, histogram and heatmap plots. Only data leaves here (see shared/messages.ts); the
 * page draws it. Live charts send new points at most every FLUSH_MS, so 100,000 pushes cost a few
 * hundred messages, not 100,000.
 *
 *   const curve = chart('Loss', { series: ['train', 'validation'], yScale: 'log', compare: true });
 *   curve.push(step, { train: 0.31 });
 *   plot.bars('Accuracy per digit', { '0': 0.99, '1': 0.98 });
 *   plot.heatmap('Confusion matrix', counts, { xTicks: digits, yTicks: digits, showValues: true });
 */
import { sink } from './sink.ts';
import type { HeatmapPlot, PlotAppend, PlotOptions, XYSeries } from '../shared/messages.ts';

export type { PlotOptions } from '../shared/messages.ts';

export interface ChartOptions extends PlotOptions {
  /** Names of the lines, e.g. ['loss', 'val_loss']. Defaults to the keys of the first push. */
  series?: string[];
}

export interface LiveChart {
  /** Add a point at x for some or all series; the page redraws at most 20 times a second. */
  push(x: number, values: Record<string, number>): void;
}

const FLUSH_MS = 50;
/**
 * Most points one message carries: a tight loop of 100,000 pushes becomes 50 small messages that
 * the page takes one at a time between frames, not one large message that blocks it while it is
 * decoded.
 */
const MAX_BATCH = 2000;
let plotCount = 0;
const pending = new Map<string, PlotAppend['points']>();
let flushTimer: ReturnType<typeof setTimeout> | null = null;

/** Send every buffered live-chart point now (the worker calls it before a run ends). */
export function flushPlots(): void {
  if (flushTimer !== null) clearTimeout(flushTimer);
  flushTimer = null;
  for (const [id, points] of pending) if (points.length) sink().plotAppend({ id, points });
  pending.clear();
}

function nextId(kind: string): string {
  return `${kind}-${++plotCount}`;
}

function baseOf(title: string, options: PlotOptions) {
  const { xLabel, yLabel, xScale, yScale, yDomain, compare, description } = options;
  return { title, xLabel, yLabel, xScale, yScale, yDomain, compare, description };
}

/** A live line chart, e.g. a loss curve that grows while a model trains. */
export function chart(title: string, options: ChartOptions = {}): LiveChart {
  const id = nextId('chart');
  let announced = false;
  const announce = (names: string[]) => {
    announced = true;
    sink().plot({
      kind: 'line',
      id,
      live: true,
      ...baseOf(title, { xLabel: 'step', ...options }),
      series: names.map((name) => ({ name, points: [] })),
    });
  };
  if (options.series) announce(options.series);
  return {
    push(x, values) {
      if (!announced) announce(Object.keys(values));
      let list = pending.get(id);
      if (!list) {
        list = [];
        pending.set(id, list);
      }
      list.push({ x, values: { ...values } });
      if (list.length >= MAX_BATCH) {
        sink().plotAppend({ id, points: list });
        pending.set(id, []);
      }
      flushTimer ??= setTimeout(flushPlots, FLUSH_MS);
    },
  };
}

type SeriesInput = Record<string, ArrayLike<readonly [number, number]>> | XYSeries[];

function toSeries(input: SeriesInput): XYSeries[] {
  if (Array.isArray(input)) return input.map((s) => ({ name: s.name, points: s.points.map(([x, y]) => [x, y]), labels: s.labels }));
  return Object.entries(input).map(([name, points]) => ({ name, points: Array.from(points, ([x, y]) => [x, y] as [number, number]) }));
}

export interface HistogramOptions extends PlotOptions {
  /** Number of bins (default 30). */
  bins?: number;
  /** Range of the bins; default: from the smallest to the largest value of all series. */
  range?: [number, number];
}

export interface HeatmapOptions extends PlotOptions {
  xTicks?: string[];
  yTicks?: string[];
  /** The x range the columns span (a continuous plane, e.g. two weights). */
  x?: [number, number];
  /** The y range the rows span, top row first. */
  y?: [number, number];
  showValues?: boolean;
  scheme?: HeatmapPlot['scheme'];
  domain?: [number, number];
  colorLabel?: string;
  /** Lines drawn over the plane in x/y coordinates, e.g. the path of gradient descent. */
  paths?: SeriesInput;
}

/** Count values into `bins` equal bins over `range`; values outside are left out. */
export function binValues(values: ArrayLike<number>, bins: number, range: [number, number]): Array<[number, number, number]> {
  const [lo, hi] = range[0] === range[1] ? [range[0] - 0.5, range[1] + 0.5] : range;
  const width = (hi - lo) / bins;
  const counts = new Array<number>(bins).fill(0);
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (!(v >= lo && v <= hi)) continue;
    counts[Math.min(bins - 1, Math.floor((v - lo) / width))]! += 1;
  }
  return counts.map((c, i) => [lo + i * width, lo + (i + 1) * width, c]);
}

function extent(arrays: Array<ArrayLike<number>>): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const a of arrays) {
    for (let i = 0; i < a.length; i++) {
      const v = a[i]!;
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
  }
  return lo <= hi ? [lo, hi] : [0, 1];
}

/** Static plots: drawn once with all their data. */
export const plot = {
  /** Lines through (x, y) points: `{ relu: [[1, 0.9], [2, 0.5]], sigmoid: [...] }`. */
  lines(title: string, series: SeriesInput, options: PlotOptions = {}): void {
    sink().plot({ kind: 'line', id: nextId('line'), ...baseOf(title, options), series: toSeries(series) });
  },

  /** Points, one colour per series. Series given as objects may carry a label per point. */
  scatter(title: string, series: SeriesInput, options: PlotOptions = {}): void {
    sink().plot({ kind: 'scatter', id: nextId('scatter'), ...baseOf(title, options), series: toSeries(series) });
  },

  /**
   * Bars: `{ relu: 120, sigmoid: 900 }` for one series, or `{ categories, series: { a: [...], b: [...] } }`
   * for groups of bars.
   */
  bars(
    title: string,
    data: Record<string, number> | { categories: string[]; series: Record<string, ArrayLike<number>> },
    options: PlotOptions = {},
  ): void {
    const grouped = 'categories' in data && Array.isArray(data.categories);
    const categories = grouped ? (data as { categories: string[] }).categories : Object.keys(data);
    const series = grouped
      ? Object.entries((data as { series: Record<string, ArrayLike<number>> }).series).map(([name, v]) => ({ name, values: Array.from(v) }))
      : [{ name: options.yLabel ?? 'value', values: Object.values(data as Record<string, number>) }];
    sink().plot({ kind: 'bar', id: nextId('bar'), ...baseOf(title, options), categories, series });
  },

  /** A histogram of many values (binned here), or of several named sets on shared bins. */
  histogram(title: string, values: ArrayLike<number> | Record<string, ArrayLike<number>>, options: HistogramOptions = {}): void {
    const sets: Array<[string, ArrayLike<number>]> =
      typeof (values as ArrayLike<number>).length === 'number' ? [['values', values as ArrayLike<number>]] : Object.entries(values);
    const range = options.range ?? extent(sets.map(([, v]) => v));
    const bins = Math.max(1, Math.min(500, Math.round(options.bins ?? 30)));
    sink().plot({
      kind: 'histogram',
      id: nextId('histogram'),
      ...baseOf(title, { yLabel: 'count', ...options }),
      series: sets.map(([name, v]) => ({ name, bins: binValues(v, bins, range) })),
    });
  },

  /** A matrix as coloured cells (rows top to bottom): confusion matrices, weights, cost surfaces. */
  heatmap(title: string, values: ArrayLike<ArrayLike<number>>, options: HeatmapOptions = {}): void {
    const { xTicks, yTicks, x, y, showValues, scheme, domain, colorLabel, paths } = options;
    sink().plot({
      kind: 'heatmap',
      id: nextId('heatmap'),
      ...baseOf(title, options),
      values: Array.from(values, (row) => Array.from(row)),
      xTicks,
      yTicks,
      x,
      y,
      showValues,
      scheme,
      domain,
      colorLabel,
      paths: paths ? toSeries(paths) : undefined,
    });
  },
};
