/**
 * Fewer points, same picture: a line through 100,000 points drawn 600 pixels wide shows at most a
 * few values per pixel column. For each column we keep the first, lowest, highest and last point
 * (the "M4" rule of Jugel et al., 2014), in their original order, so every peak, dip and the shape
 * between columns survives while the drawing stays at ≤ 4 points per column. The data itself is
 * untouched (tables and CSV keep every point).
 */

export type Point = readonly [number, number];

/** Points a plot `width` pixels wide can show for this series (x increasing; else see below). */
export function downsampleLine(points: readonly Point[], width: number, options: { logX?: boolean; domain?: [number, number] } = {}): Point[] {
  const columns = Math.max(1, Math.floor(width));
  if (points.length <= 4 * columns) return points.filter(([x, y]) => Number.isFinite(x) && Number.isFinite(y) && (!options.logX || x > 0));
  const t = options.logX ? Math.log10 : (x: number) => x;
  const usable = (x: number, y: number) => Number.isFinite(x) && Number.isFinite(y) && (!options.logX || x > 0);

  let lo = Infinity;
  let hi = -Infinity;
  let sorted = true;
  let previous = -Infinity;
  for (const [x, y] of points) {
    if (!usable(x, y)) continue;
    const tx = t(x);
    if (tx < previous) sorted = false;
    previous = tx;
    if (tx < lo) lo = tx;
    if (tx > hi) hi = tx;
  }
  if (options.domain) [lo, hi] = [t(options.domain[0]), t(options.domain[1])];
  if (!(lo <= hi)) return [];
  // Out of order (a path that turns back): columns would join distant points; thin evenly instead.
  if (!sorted) return evenly(points.filter(([x, y]) => usable(x, y)), 4 * columns);

  const span = hi - lo || 1;
  const out: Point[] = [];
  let column = -1;
  let first = -1;
  let min = -1;
  let max = -1;
  let last = -1;
  const flush = () => {
    if (first < 0) return;
    // Keep original order and no duplicates: at most four points per column.
    for (const i of [...new Set([first, min, max, last])].sort((a, b) => a - b)) out.push(points[i]!);
  };
  for (let i = 0; i < points.length; i++) {
    const [x, y] = points[i]!;
    if (!usable(x, y)) continue;
    const c = Math.min(columns - 1, Math.max(0, Math.floor(((t(x) - lo) / span) * columns)));
    if (c !== column) {
      flush();
      column = c;
      first = min = max = last = i;
      continue;
    }
    if (y < points[min]![1]) min = i;
    if (y > points[max]![1]) max = i;
    last = i;
  }
  flush();
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
