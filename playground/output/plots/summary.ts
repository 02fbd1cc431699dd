/**
 * One-sentence text alternatives for plots, used as the plot's accessible name when the run gave
 * no `description`: what is drawn, over which range, and where the curves start and end. Pure
 * functions of the plot data (tested in Node).
 */
import type { PlotSpec, XYSeries } from '../../shared/messages.ts';

/** Whole numbers as they are (step 99999), others to three significant digits; exponents for extremes. */
export function formatNumber(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  const a = Math.abs(v);
  if (Number.isInteger(v) && a < 1e6) return String(v);
  if (a !== 0 && (a < 1e-3 || a >= 1e6))
    return v
      .toExponential(2)
      .replace('e+', 'e')
      .replace(/\.?0+e/, 'e');
  return String(Number(v.toPrecision(3)));
}

const MAX_LISTED = 6;

function listed<T>(items: T[], say: (item: T) => string): string {
  const shown = items.slice(0, MAX_LISTED).map(say);
  if (items.length > MAX_LISTED) shown.push(`and ${items.length - MAX_LISTED} more`);
  return shown.join('; ');
}

function finitePoints(s: XYSeries): Array<[number, number]> {
  return s.points.filter(([x, y]) => Number.isFinite(x) && Number.isFinite(y));
}

function range(values: Iterable<number>): [number, number] | null {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) {
    if (!Number.isFinite(v)) continue;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return lo <= hi ? [lo, hi] : null;
}

const plural = (n: number, word: string) =>
  n === 1 || word.endsWith('s') ? `${n} ${word}` : word.endsWith('y') ? `${n} ${word.slice(0, -1)}ies` : `${n} ${word}s`;
const scaleNote = (spec: PlotSpec) => {
  const logs = [spec.xScale === 'log' ? 'x' : '', spec.yScale === 'log' ? 'y' : ''].filter(Boolean);
  return logs.length ? ` (${logs.join(' and ')} on a log scale)` : '';
};

function describeLines(spec: Extract<PlotSpec, { kind: 'line' }>): string {
  // Live charts call this on every redraw: one pass over the points, no copies.
  let xLo = Infinity;
  let xHi = -Infinity;
  const ends: Array<{ name: string; first: number; last: number; count: number }> = [];
  for (const s of spec.series) {
    let first = Number.NaN;
    let last = Number.NaN;
    let count = 0;
    const points = s.points;
    for (let i = 0; i < points.length; i++) {
      const p = points[i]!;
      const x = p[0];
      const y = p[1];
      if (!Number.isFinite(x) || !Number.isFinite(y)) continue;
      if (count++ === 0) first = y;
      last = y;
      if (x < xLo) xLo = x;
      if (x > xHi) xHi = x;
    }
    if (count > 0) ends.push({ name: s.name, first, last, count });
  }
  if (ends.length === 0) return `${spec.title}: no data yet.`;
  const x = spec.xLabel || 'x';
  const head = `${spec.title}: ${plural(spec.series.length, 'series')}, ${x} ${formatNumber(xLo)} to ${formatNumber(xHi)}${scaleNote(spec)}`;
  const tails = listed(ends, (s) =>
    s.count === 1 ? `${s.name} ${formatNumber(s.first)}` : `${s.name} from ${formatNumber(s.first)} to ${formatNumber(s.last)}`,
  );
  return `${head}; ${tails}.`;
}

function describeScatter(spec: Extract<PlotSpec, { kind: 'scatter' }>): string {
  const points = spec.series.flatMap(finitePoints);
  if (points.length === 0) return `${spec.title}: no points.`;
  const xs = range(points.map(([x]) => x))!;
  const ys = range(points.map(([, y]) => y))!;
  const x = spec.xLabel || 'x';
  const y = spec.yLabel || 'y';
  const groups = spec.series.length > 1 ? ` in ${plural(spec.series.length, 'series')} (${listed(spec.series, (s) => s.name)})` : '';
  return `${spec.title}: ${plural(points.length, 'point')}${groups}; ${x} from ${formatNumber(xs[0])} to ${formatNumber(xs[1])}, ${y} from ${formatNumber(ys[0])} to ${formatNumber(ys[1])}${scaleNote(spec)}.`;
}

function describeBars(spec: Extract<PlotSpec, { kind: 'bar' }>): string {
  const n = spec.categories.length;
  if (n === 0 || spec.series.length === 0) return `${spec.title}: no bars.`;
  const groups = spec.series.length > 1 ? ` × ${plural(spec.series.length, 'series')}` : '';
  const perSeries = spec.series.map((s) => {
    const pairs = spec.categories.map((c, i) => [c, s.values[i] ?? Number.NaN] as const).filter(([, v]) => Number.isFinite(v));
    if (pairs.length <= 8) return `${spec.series.length > 1 ? `${s.name}: ` : ''}${pairs.map(([c, v]) => `${c} ${formatNumber(v)}`).join(', ')}`;
    const sorted = [...pairs].sort((a, b) => b[1] - a[1]);
    const [hiC, hiV] = sorted[0]!;
    const [loC, loV] = sorted[sorted.length - 1]!;
    return `${spec.series.length > 1 ? `${s.name}: ` : ''}highest ${hiC} ${formatNumber(hiV)}, lowest ${loC} ${formatNumber(loV)}`;
  });
  return `${spec.title}: ${plural(n, 'category')}${groups}; ${listed(perSeries, (t) => t)}.`;
}

function describeHistogram(spec: Extract<PlotSpec, { kind: 'histogram' }>): string {
  if (spec.series.length === 0) return `${spec.title}: no values.`;
  const parts = spec.series.map((s) => {
    const total = s.bins.reduce((sum, [, , c]) => sum + c, 0);
    const first = s.bins[0];
    const last = s.bins[s.bins.length - 1];
    if (!first || !last || total === 0) return `${s.name}: no values`;
    const top = s.bins.reduce((best, b) => (b[2] > best[2] ? b : best), first);
    return `${s.name}: ${plural(total, 'value')} in ${plural(s.bins.length, 'bin')} from ${formatNumber(first[0])} to ${formatNumber(last[1])}, most (${top[2]}) between ${formatNumber(top[0])} and ${formatNumber(top[1])}`;
  });
  return `${spec.title}: histogram${spec.series.length > 1 ? ` of ${plural(spec.series.length, 'series')}` : ''}; ${listed(parts, (t) => t)}.`;
}

function describeHeatmap(spec: Extract<PlotSpec, { kind: 'heatmap' }>): string {
  const rows = spec.values.length;
  const cols = Math.max(0, ...spec.values.map((r) => r.length));
  if (rows === 0 || cols === 0) return `${spec.title}: an empty matrix.`;
  let best: [number, number, number] | null = null;
  for (let r = 0; r < rows; r++) {
    const row = spec.values[r]!;
    for (let c = 0; c < row.length; c++) {
      const v = row[c]!;
      if (Number.isFinite(v) && (!best || v > best[0])) best = [v, r, c];
    }
  }
  const vs = range(spec.values.flat());
  const what = spec.colorLabel ? ` (${spec.colorLabel})` : '';
  let text = `${spec.title}: ${rows} × ${cols} cells`;
  if (vs && best) {
    const rowName = spec.yTicks?.[best[1]] ?? `row ${best[1] + 1}`;
    const colName = spec.xTicks?.[best[2]] ?? `column ${best[2] + 1}`;
    text += `, values from ${formatNumber(vs[0])} to ${formatNumber(vs[1])}${what}; highest at ${rowName}, ${colName}`;
  }
  const paths = (spec.paths ?? []).map((p) => ({ name: p.name, points: finitePoints(p) })).filter((p) => p.points.length > 0);
  if (paths.length > 0) {
    const at = ([x, y]: [number, number]) => `(${formatNumber(x)}, ${formatNumber(y)})`;
    text += `; ${paths.length === 1 ? 'a path' : `${paths.length} paths`} drawn on top: ${listed(paths, (p) => `${p.name} from ${at(p.points[0]!)} to ${at(p.points[p.points.length - 1]!)} over ${plural(p.points.length, 'point')}`)}`;
  }
  return `${text}.`;
}

/** A sentence that says what the plot shows, from its data alone. */
export function summarize(spec: PlotSpec): string {
  switch (spec.kind) {
    case 'line':
      return describeLines(spec);
    case 'scatter':
      return describeScatter(spec);
    case 'bar':
      return describeBars(spec);
    case 'histogram':
      return describeHistogram(spec);
    case 'heatmap':
      return describeHeatmap(spec);
  }
}

/** The plot's accessible name: the run's own description when it gave one. */
export function accessibleName(spec: PlotSpec): string {
  return spec.description?.trim() ? `${spec.title}: ${spec.description.trim()}` : summarize(spec);
}
