/**
 * Plot data → one SVG drawn by Observable Plot, plus what the HTML legend around it needs. Called
 * on every (throttled) redraw, so live lines are downsampled to the pixels first. Earlier runs of a
 * compared plot are drawn thinner and dashed (lines), hollow (points) or pale (bars), so a run's
 * colour and its style both tell it apart.
 */
import type * as PlotLib from '@observablehq/plot';
import type { BarPlot, HeatmapPlot, HistogramPlot, LinePlot, PlotSpec, ScatterPlot } from '../../shared/messages.ts';
import type { Theme } from './colors.ts';
import { type Point, downsampleLine } from './downsample.ts';
import { heatmapParts } from './heatmap.ts';
import { formatNumber } from './summary.ts';

export type Plot = typeof PlotLib;

/** One entry of the HTML legend. */
export interface LegendKey {
  name: string;
  color: string;
  mark: 'line' | 'dot' | 'box';
  /** From an earlier run: dashed line, hollow dot, pale box. */
  earlier: boolean;
  /** Dot shape, for scatter series. */
  symbol?: number;
  /** A dark edge around a light line (paths drawn over a heatmap). */
  outline?: string;
}

/** A continuous colour scale, drawn by the figure as an HTML gradient with labelled ends. */
export interface ColorRamp {
  label: string;
  stops: string[];
  domain: [number, number];
  diverging: boolean;
}

export interface Drawn {
  svg: SVGSVGElement;
  keys: LegendKey[];
  ramp?: ColorRamp;
}

export interface DrawContext {
  /** Pixels available for the whole plot. */
  width: number;
  theme: Theme;
  /** Series of earlier runs (compare). */
  earlier: ReadonlySet<string>;
}

export const SYMBOLS = ['circle', 'square', 'triangle', 'diamond'] as const;
const CURRENT_WIDTH = 2.25;
const EARLIER_WIDTH = 1.5;
const EARLIER_DASH = '6,3';
const SMALL_SERIES = 40;

const first = (d: Point) => d[0];
const second = (d: Point) => d[1];

export function plotHeight(width: number): number {
  return Math.round(Math.min(320, Math.max(200, width * 0.55)));
}

/** Options every kind shares: size, page colours and font, axis labels and scales. */
function frame(spec: PlotSpec, ctx: DrawContext, height = plotHeight(ctx.width)): PlotLib.PlotOptions {
  const { theme } = ctx;
  return {
    width: ctx.width,
    height,
    marginLeft: 56,
    marginRight: 16,
    style: `color: ${theme.fg}; background: transparent; font: 12px ${theme.font}; --plot-background: ${theme.bg}; overflow: visible;`,
    x: { type: spec.xScale === 'log' ? 'log' : 'linear', label: spec.xLabel ?? null, grid: true, tickFormat: formatNumber },
    y: {
      type: spec.yScale === 'log' ? 'log' : 'linear',
      label: spec.yLabel ?? null,
      grid: true,
      domain: spec.yDomain,
      nice: !spec.yDomain,
      tickFormat: formatNumber,
    },
  };
}

const usableFor = (spec: PlotSpec) => (p: Point) =>
  Number.isFinite(p[0]) && Number.isFinite(p[1]) && (spec.xScale !== 'log' || p[0] > 0) && (spec.yScale !== 'log' || p[1] > 0);

function noData(Plot: Plot, options: PlotLib.PlotOptions, text: string): SVGSVGElement {
  return Plot.plot({
    ...options,
    x: { ...options.x, domain: [0, 1], type: 'linear' },
    y: { ...options.y, domain: [0, 1], type: 'linear' },
    marks: [Plot.frame({ strokeOpacity: 0.3 }), Plot.text([text], { frameAnchor: 'middle', fontSize: 13 })],
  }) as SVGSVGElement;
}

function drawLines(Plot: Plot, spec: LinePlot, ctx: DrawContext): Drawn {
  const usable = usableFor(spec);
  let lo = Infinity;
  let hi = -Infinity;
  for (const s of spec.series) {
    const points = s.points;
    for (let i = 0; i < points.length; i++) {
      const p = points[i]!;
      if (!usable(p)) continue;
      if (p[0] < lo) lo = p[0];
      if (p[0] > hi) hi = p[0];
    }
  }
  const keys: LegendKey[] = spec.series.map((s, i) => ({
    name: s.name,
    color: ctx.theme.series[i % ctx.theme.series.length]!,
    mark: 'line',
    earlier: ctx.earlier.has(s.name),
  }));
  const options = frame(spec, ctx);
  if (!(lo <= hi)) return { svg: noData(Plot, options, spec.live ? 'Waiting for data…' : 'No data'), keys };
  const columns = ctx.width - 72;
  const drawn = spec.series.map((s) => downsampleLine(s.points, columns, { logX: spec.xScale === 'log', domain: [lo, hi] }).filter(usable));
  const small = drawn.every((pts) => pts.length <= SMALL_SERIES);
  const marks: PlotLib.Markish[] = [];
  const clip = spec.yDomain ? true : undefined;
  drawn.forEach((pts, i) => {
    const key = keys[i]!;
    marks.push(
      Plot.line(pts, {
        x: first,
        y: second,
        stroke: key.color,
        strokeWidth: key.earlier ? EARLIER_WIDTH : CURRENT_WIDTH,
        strokeDasharray: key.earlier ? EARLIER_DASH : undefined,
        clip,
      }),
    );
    if (small) marks.push(Plot.dot(pts, { x: first, y: second, fill: key.earlier ? ctx.theme.bg : key.color, stroke: key.color, r: 2.5, clip }));
  });
  // One tip for all series: the point nearest the pointer. Its text is formatted on hover only.
  const tips = drawn.flatMap((pts, i) => pts.map((p) => ({ p, series: spec.series[i]!.name })));
  marks.push(
    Plot.tip(
      tips,
      Plot.pointer({
        x: (d: { p: Point }) => d.p[0],
        y: (d: { p: Point }) => d.p[1],
        channels: spec.series.length > 1 ? { series: { value: 'series', label: '' } } : undefined,
        format: { x: formatNumber, y: formatNumber },
      }),
    ),
  );
  return { svg: Plot.plot({ ...options, marks }) as SVGSVGElement, keys };
}

function drawScatter(Plot: Plot, spec: ScatterPlot, ctx: DrawContext): Drawn {
  const usable = usableFor(spec);
  const keys: LegendKey[] = spec.series.map((s, i) => ({
    name: s.name,
    color: ctx.theme.series[i % ctx.theme.series.length]!,
    mark: 'dot',
    earlier: ctx.earlier.has(s.name),
    symbol: i % SYMBOLS.length,
  }));
  const options = frame(spec, ctx);
  const points = spec.series.map((s) =>
    s.points.map(([x, y], j) => ({ x, y, label: s.labels?.[j] ?? '', series: s.name })).filter((p) => usable([p.x, p.y])),
  );
  if (points.every((p) => p.length === 0)) return { svg: noData(Plot, options, 'No points'), keys };
  const marks: PlotLib.Markish[] = points.map((pts, i) => {
    const key = keys[i]!;
    return Plot.dot(pts, {
      x: 'x',
      y: 'y',
      symbol: () => SYMBOLS[key.symbol ?? 0],
      stroke: key.color,
      fill: key.earlier ? 'none' : key.color,
      fillOpacity: 0.75,
      strokeWidth: 1.5,
      r: 4,
    });
  });
  const xName = spec.xLabel || 'x';
  const yName = spec.yLabel || 'y';
  marks.push(
    Plot.tip(
      points.flat(),
      Plot.pointer({
        x: 'x',
        y: 'y',
        title: (d: { x: number; y: number; label: string; series: string }) =>
          [d.label, spec.series.length > 1 ? d.series : '', `${xName} ${formatNumber(d.x)}`, `${yName} ${formatNumber(d.y)}`]
            .filter(Boolean)
            .join('\n'),
      }),
    ),
  );
  return { svg: Plot.plot({ ...options, symbol: { type: 'identity' }, marks }) as SVGSVGElement, keys };
}

/** Bottom of bars on a log axis (bars cannot start at 0 there): the power of ten below the smallest value. */
function logBase(values: number[]): number {
  const positive = values.filter((v) => v > 0);
  return positive.length ? 10 ** (Math.ceil(Math.log10(Math.min(...positive))) - 1) : 1;
}

/** Category labels that would collide are turned; the margin below grows to fit them. */
function categoryAxis(labels: string[], width: number): { tickRotate: number; marginBottom: number; marginLeft: number } {
  const longest = Math.max(1, ...labels.map((l) => l.length));
  if (labels.length * (longest * 7 + 8) <= width - 72) return { tickRotate: 0, marginBottom: 40, marginLeft: 56 };
  // Turned labels reach down and to the left of their bar: room below and on the left.
  return { tickRotate: -35, marginBottom: Math.min(120, 24 + longest * 5), marginLeft: Math.max(56, Math.min(140, longest * 5.5)) };
}

function drawBars(Plot: Plot, spec: BarPlot, ctx: DrawContext): Drawn {
  const keys: LegendKey[] = spec.series.map((s, i) => ({
    name: s.name,
    color: ctx.theme.series[i % ctx.theme.series.length]!,
    mark: 'box',
    earlier: ctx.earlier.has(s.name),
  }));
  const rows = spec.categories.flatMap((category, c) =>
    spec.series.map((s, i) => ({ category, series: s.name, value: s.values[c] ?? Number.NaN, color: keys[i]!.color, earlier: keys[i]!.earlier })),
  );
  const shown = rows.filter((r) => Number.isFinite(r.value) && (spec.yScale !== 'log' || r.value > 0));
  const options = frame(spec, ctx);
  if (shown.length === 0) return { svg: noData(Plot, options, 'No bars'), keys };
  const base = spec.yScale === 'log' ? logBase(shown.map((r) => r.value)) : 0;
  const grouped = spec.series.length > 1;
  const axis = categoryAxis(spec.categories, ctx.width);
  const bar = Plot.barY(shown, {
    x: grouped ? 'series' : 'category',
    fx: grouped ? 'category' : undefined,
    y1: () => base,
    y2: 'value',
    fill: 'color',
    fillOpacity: (d: { earlier: boolean }) => (d.earlier ? 0.4 : 1),
    stroke: 'color',
    title: (d: { category: string; series: string; value: number }) => `${d.category}${grouped ? `, ${d.series}` : ''}: ${formatNumber(d.value)}`,
    tip: true,
  });
  const categoryScale = { label: spec.xLabel ?? null, domain: spec.categories, tickRotate: axis.tickRotate };
  return {
    svg: Plot.plot({
      ...options,
      marginBottom: axis.marginBottom,
      marginLeft: axis.marginLeft,
      color: { type: 'identity' },
      x: grouped ? { axis: null, domain: spec.series.map((s) => s.name), paddingInner: 0.08 } : { ...categoryScale, padding: 0.2 },
      fx: grouped ? { ...categoryScale, axis: 'bottom', padding: 0.2 } : undefined,
      y: { ...options.y, grid: true, nice: true },
      marks: [bar, Plot.ruleY([base], { stroke: ctx.theme.muted })],
    }) as SVGSVGElement,
    keys,
  };
}

function drawHistogram(Plot: Plot, spec: HistogramPlot, ctx: DrawContext): Drawn {
  const keys: LegendKey[] = spec.series.map((s, i) => ({
    name: s.name,
    color: ctx.theme.series[i % ctx.theme.series.length]!,
    mark: 'box',
    earlier: ctx.earlier.has(s.name),
  }));
  const options = frame(spec, ctx);
  const counts = spec.series.flatMap((s) => s.bins.map((b) => b[2]));
  if (counts.length === 0) return { svg: noData(Plot, options, 'No values'), keys };
  const base = spec.yScale === 'log' ? logBase(counts) : 0;
  const overlaid = spec.series.length > 1;
  const xName = spec.xLabel || 'value';
  const marks: PlotLib.Markish[] = spec.series.map((s, i) => {
    const key = keys[i]!;
    const bins = s.bins.filter((b) => spec.yScale !== 'log' || b[2] > 0);
    return Plot.rect(bins, {
      x1: (b: [number, number, number]) => b[0],
      x2: (b: [number, number, number]) => b[1],
      y1: () => base,
      y2: (b: [number, number, number]) => b[2],
      fill: key.earlier ? 'none' : key.color,
      fillOpacity: overlaid ? 0.4 : 0.85,
      stroke: overlaid || key.earlier ? key.color : undefined,
      strokeDasharray: key.earlier ? EARLIER_DASH : undefined,
      inset: overlaid ? 0 : 0.5,
      title: (b: [number, number, number]) =>
        `${overlaid ? `${s.name}\n` : ''}${xName} ${formatNumber(b[0])} to ${formatNumber(b[1])}\ncount ${b[2]}`,
      tip: true,
    });
  });
  marks.push(Plot.ruleY([base], { stroke: ctx.theme.muted }));
  return { svg: Plot.plot({ ...options, x: { ...options.x, grid: false }, y: { ...options.y, nice: true }, marks }) as SVGSVGElement, keys };
}

function drawHeatmap(Plot: Plot, spec: HeatmapPlot, ctx: DrawContext): Drawn {
  return heatmapParts(Plot, spec, ctx, frame(spec, ctx));
}

/** Draw any kind of plot. */
export function drawPlot(Plot: Plot, spec: PlotSpec, ctx: DrawContext): Drawn {
  switch (spec.kind) {
    case 'line':
      return drawLines(Plot, spec, ctx);
    case 'scatter':
      return drawScatter(Plot, spec, ctx);
    case 'bar':
      return drawBars(Plot, spec, ctx);
    case 'histogram':
      return drawHistogram(Plot, spec, ctx);
    case 'heatmap':
      return drawHeatmap(Plot, spec, ctx);
  }
}
