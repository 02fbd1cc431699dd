/**
 * Heatmaps: a matrix as coloured cells. Named rows and columns (a confusion matrix) become a grid
 * of cells, optionally with each value printed in black or white, whichever reads better on that
 * cell; a continuous plane (a cost surface over two weights) becomes one raster image, with paths
 * (e.g. gradient descent) drawn on top in the plane's own coordinates. 'diverging' centres the
 * colours on zero: blue below, red above.
 */
import type * as PlotLib from '@observablehq/plot';
import type { HeatmapPlot, XYSeries } from '../../shared/messages.ts';
import { textOn } from './colors.ts';
import type { ColorRamp, DrawContext, Drawn, LegendKey, Plot } from './draw.ts';
import { formatNumber } from './summary.ts';

/** Matrices up to this size without names or ranges are drawn as cells with row/column numbers. */
const MAX_CELLS_SIDE = 40;
const PATH_COLORS = ['#ffffff', '#ff5fd2', '#00e0ff', '#ffc400'];
const PATH_HALO = '#000000';

export function colorDomain(spec: HeatmapPlot): [number, number] {
  if (spec.domain && spec.domain[0] < spec.domain[1]) return spec.domain;
  let lo = Infinity;
  let hi = -Infinity;
  for (const row of spec.values)
    for (const v of row)
      if (Number.isFinite(v)) {
        if (v < lo) lo = v;
        if (v > hi) hi = v;
      }
  if (!(lo <= hi)) return [0, 1];
  if (spec.scheme === 'diverging') {
    const m = Math.max(Math.abs(lo), Math.abs(hi)) || 1;
    return [-m, m];
  }
  return lo === hi ? [lo - 0.5, hi + 0.5] : [lo, hi];
}

export function isCategorical(spec: HeatmapPlot, rows: number, cols: number): boolean {
  if (spec.xTicks || spec.yTicks) return true;
  return !spec.x && !spec.y && rows <= MAX_CELLS_SIDE && cols <= MAX_CELLS_SIDE;
}

/** Every k-th tick when there are more names than fit. */
function tickSubset(n: number, pixels: number, perTick: number): number[] {
  const step = Math.max(1, Math.ceil((n * perTick) / Math.max(1, pixels)));
  return Array.from({ length: n }, (_, i) => i).filter((i) => i % step === 0);
}

function pathMarks(Plot: Plot, paths: XYSeries[]): { marks: PlotLib.Markish[]; keys: LegendKey[] } {
  const marks: PlotLib.Markish[] = [];
  const keys: LegendKey[] = [];
  paths.forEach((path, i) => {
    const pts = path.points.filter(([x, y]) => Number.isFinite(x) && Number.isFinite(y));
    const color = PATH_COLORS[i % PATH_COLORS.length]!;
    const at = { x: (d: [number, number]) => d[0], y: (d: [number, number]) => d[1] };
    marks.push(
      Plot.line(pts, { ...at, stroke: PATH_HALO, strokeOpacity: 0.75, strokeWidth: 4.5, clip: true }),
      Plot.line(pts, { ...at, stroke: color, strokeWidth: 2, clip: true }),
      Plot.dot(pts.slice(0, 1), { ...at, r: 5, stroke: PATH_HALO, fill: color, strokeWidth: 1.5, clip: true }),
      Plot.dot(pts.slice(-1), { ...at, r: 4, symbol: 'square', stroke: PATH_HALO, fill: color, strokeWidth: 1.5, clip: true }),
    );
    keys.push({ name: `${path.name} (● start, ■ end)`, color, mark: 'line', earlier: false, outline: PATH_HALO });
  });
  return { marks, keys };
}

export function heatmapParts(Plot: Plot, spec: HeatmapPlot, ctx: DrawContext, base: PlotLib.PlotOptions): Drawn {
  const rows = spec.values.length;
  const cols = Math.max(0, ...spec.values.map((r) => r.length));
  const domain = colorDomain(spec);
  const diverging = spec.scheme === 'diverging';
  const colorOptions: PlotLib.ScaleOptions = diverging
    ? { type: 'diverging', scheme: 'rdbu', reverse: true, domain, pivot: 0 }
    : { type: 'linear', scheme: 'viridis', domain };
  const scale = Plot.scale({ color: colorOptions });
  const colorOf = (v: number) => String(scale.apply(v));
  const ramp: ColorRamp = {
    label: spec.colorLabel || 'value',
    domain,
    diverging,
    stops: Array.from({ length: 11 }, (_, i) => colorOf(domain[0] + ((domain[1] - domain[0]) * i) / 10)),
  };
  if (rows === 0 || cols === 0) {
    const svg = Plot.plot({ ...base, marks: [Plot.frame({ strokeOpacity: 0.3 }), Plot.text(['Empty matrix'], { frameAnchor: 'middle' })] });
    return { svg: svg as SVGSVGElement, keys: [], ramp };
  }
  const cells = spec.values.flatMap((row, r) => Array.from({ length: cols }, (_, c) => ({ r, c, value: row[c] ?? Number.NaN })));
  const { marks: overlays, keys } = pathMarks(Plot, spec.paths ?? []);
  const xName = spec.xLabel || (spec.x ? 'x' : 'column');
  const yName = spec.yLabel || (spec.y ? 'y' : 'row');

  if (isCategorical(spec, rows, cols)) {
    const colNames = Array.from({ length: cols }, (_, c) => spec.xTicks?.[c] ?? String(c + 1));
    const rowNames = Array.from({ length: rows }, (_, r) => spec.yTicks?.[r] ?? String(r + 1));
    const longest = Math.max(1, ...rowNames.map((n) => n.length));
    const marginLeft = Math.min(160, 14 + longest * 7 + (spec.yLabel ? 16 : 0));
    const cell = Math.max(6, Math.min(56, Math.floor((ctx.width - marginLeft - 16) / cols)));
    const marginBottom = spec.xLabel ? 44 : 30;
    const marks: PlotLib.Markish[] = [
      // Missing values (NaN) leave their cell empty.
      Plot.cell(
        cells.filter((d) => Number.isFinite(d.value)),
        {
          x: 'c',
          y: 'r',
          fill: (d: { value: number }) => colorOf(d.value),
          title: (d: { r: number; c: number; value: number }) => `${yName} ${rowNames[d.r]}, ${xName} ${colNames[d.c]}: ${formatNumber(d.value)}`,
          tip: true,
        },
      ),
    ];
    if (spec.showValues && cell >= 16) {
      marks.push(
        Plot.text(
          cells.filter((d) => Number.isFinite(d.value)),
          {
            x: 'c',
            y: 'r',
            text: (d: { value: number }) => formatNumber(d.value),
            fill: (d: { value: number }) => textOn(colorOf(d.value)),
            fontSize: Math.min(13, Math.max(9, cell * 0.36)),
            pointerEvents: 'none',
          },
        ),
      );
    }
    const svg = Plot.plot({
      ...base,
      width: marginLeft + cell * cols + 16,
      height: 8 + cell * rows + marginBottom,
      marginTop: 8,
      marginLeft,
      marginBottom,
      color: { type: 'identity' },
      x: {
        type: 'band',
        domain: colNames.map((_, i) => i),
        tickFormat: (i: number) => colNames[i],
        ticks: tickSubset(cols, cell * cols, 28),
        label: spec.xLabel ?? null,
        padding: 0,
      },
      y: {
        type: 'band',
        domain: rowNames.map((_, i) => i),
        tickFormat: (i: number) => rowNames[i],
        ticks: tickSubset(rows, cell * rows, 16),
        label: spec.yLabel ?? null,
        padding: 0,
      },
      marks,
    });
    return { svg: svg as SVGSVGElement, keys, ramp };
  }

  // A continuous plane: one raster image; columns span x, rows span y with the top row first.
  const [x0, x1] = spec.x ?? [0, cols];
  const [yTop, yBottom] = spec.y ?? [0, rows];
  const innerWidth = Math.max(120, ctx.width - 72);
  const innerHeight = Math.round(Math.min(420, Math.max(160, (innerWidth * rows) / cols)));
  const marks: PlotLib.Markish[] = [
    Plot.raster(
      cells.map((d) => d.value),
      {
        width: cols,
        height: rows,
        x1: x0,
        x2: x1,
        y1: yTop,
        y2: yBottom,
        fill: (v: number) => (Number.isFinite(v) ? colorOf(v) : 'none'),
        imageRendering: 'pixelated',
      },
    ),
  ];
  const centre = (d: { r: number; c: number }) => ({
    x: x0 + ((d.c + 0.5) * (x1 - x0)) / cols,
    y: yTop + ((d.r + 0.5) * (yBottom - yTop)) / rows,
  });
  const cellWidth = innerWidth / cols;
  const cellHeight = innerHeight / rows;
  if (spec.showValues && Math.min(cellWidth, cellHeight) >= 16) {
    marks.push(
      Plot.text(
        cells.filter((d) => Number.isFinite(d.value)).map((d) => ({ ...centre(d), value: d.value })),
        {
          x: 'x',
          y: 'y',
          text: (d: { value: number }) => formatNumber(d.value),
          fill: (d: { value: number }) => textOn(colorOf(d.value)),
          fontSize: Math.min(13, Math.max(9, Math.min(cellWidth, cellHeight) * 0.36)),
          pointerEvents: 'none',
        },
      ),
    );
  }
  marks.push(...overlays);
  if (rows * cols <= 10_000) {
    marks.push(
      Plot.tip(
        cells.map((d) => ({ ...centre(d), value: d.value })),
        Plot.pointer({
          x: 'x',
          y: 'y',
          title: (d: { x: number; y: number; value: number }) =>
            `${xName} ${formatNumber(d.x)}, ${yName} ${formatNumber(d.y)}: ${formatNumber(d.value)}`,
        }),
      ),
    );
  }
  const svg = Plot.plot({
    ...base,
    height: innerHeight + 30 + (spec.xLabel ? 14 : 0) + 10,
    marginTop: 10,
    marginBottom: 30 + (spec.xLabel ? 14 : 0),
    color: { type: 'identity' },
    x: { type: 'linear', domain: [x0, x1], label: spec.xLabel ?? null, tickFormat: formatNumber },
    // The first domain value sits at the bottom: put the top row's y there on top.
    y: { type: 'linear', domain: [yBottom, yTop], label: spec.yLabel ?? null, tickFormat: formatNumber },
    marks,
  });
  return { svg: svg as SVGSVGElement, keys, ramp };
}
