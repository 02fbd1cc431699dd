/**
 * Fewer points, same picture: a line through 100,000 points drawn 600 pixels wide shows at most a
 * few values per pixel column. For each column we keep the first, lowest, highest and last point
 * (the "M4" rule of Jugel et al., 2014), in their original order, so every peak, dip and the shape
 * between columns survives while the drawing stays at ≤ 4 points per column. The data itself is
 * untouched (tables and CSV keep every point). Live charts call this on every redraw, so it is one
 * tight pass over the points with no allocation per point.
 */

export type Point = readonly [number, number];

const usable = (x: number, y: number, logX: boolean) => x - x === 0 && y - y === 0 && (!logX || x > 0);

/** Points a plot `width` pixels wide can show for this series. */
export function downsampleLine(points: readonly Point[], width: number, options: { logX?: boolean; domain?: [number, number] } = {}): Point[] {
  const logX = options.logX === true;
  const columns = Math.max(1, Math.floor(width));
  if (points.length <= 4 * columns) return points.filter((p) => usable(p[0], p[1], logX));

  let lo: number;
  let hi: number;
  if (options.domain) [lo, hi] = options.domain;
  else {
    lo = Infinity;
    hi = -Infinity;
    for (let i = 0; i < points.length; i++) {
      const p = points[i]!;
      if (!usable(p[0], p[1], logX)) continue;
      if (p[0] < lo) lo = p[0];
      if (p[0] > hi) hi = p[0];
    }
  }
  if (!(lo <= hi)) return [];
  if (logX) [lo, hi] = [Math.log10(lo), Math.log10(hi)];
  const scale = columns / (hi - lo || 1);

  const out: Point[] = [];
  let column = -1;
  let first = -1;
  let min = -1;
  let max = -1;
  let last = -1;
  let minY = 0;
  let maxY = 0;
  let previousX = -Infinity;
  const flush = () => {
    // Original order, no repeats: at most four points per column.
    const a = Math.min(min, max);
    const b = Math.max(min, max);
    out.push(points[first]!);
    if (a !== first) out.push(points[a]!);
    if (b !== a && b !== first) out.push(points[b]!);
    if (last !== b && last !== first) out.push(points[last]!);
  };
  for (let i = 0; i < points.length; i++) {
    const p = points[i]!;
    const x = p[0];
    const y = p[1];
    if (!usable(x, y, logX)) continue;
    // Out of order (a path that turns back): columns would join distant points; thin evenly instead.
    if (x < previousX)
      return evenly(
        points.filter((q) => usable(q[0], q[1], logX)),
        4 * columns,
      );
    previousX = x;
    let c = Math.floor(((logX ? Math.log10(x) : x) - lo) * scale);
    if (c >= columns) c = columns - 1;
    else if (c < 0) c = 0;
    if (c !== column) {
      if (column >= 0) flush();
      column = c;
      first = min = max = last = i;
      minY = maxY = y;
      continue;
    }
    if (y < minY) {
      minY = y;
      min = i;
    }
    if (y > maxY) {
      maxY = y;
      max = i;
    }
    last = i;
  }
  if (column >= 0) flush();
  return out;
}

/** `count` points spread evenly through `items`, always with the first and the last. */
export function evenly<T>(items: readonly T[], count: number): T[] {
  if (items.length <= count) return items.slice();
  if (count <= 1) return items.slice(0, Math.max(0, count));
  const out: T[] = [];
  const step = (items.length - 1) / (count - 1);
  for (let k = 0; k < count; k++) out.push(items[Math.round(k * step)]!);
  return out;
}
