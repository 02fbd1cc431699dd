/** Live line plots grow by PlotAppend messages; this is how every receiver adds them. No imports but types. */
import type { PlotAppend, XYSeries } from './messages.ts';

/**
 * Add a live plot's new points to its series, in place; a series named for the first time is
 * created (and reported to `onNewSeries`).
 */
export function appendPoints(series: XYSeries[], points: PlotAppend['points'], onNewSeries?: (name: string) => void): void {
  for (const p of points) {
    for (const [name, y] of Object.entries(p.values)) {
      let s = series.find((x) => x.name === name);
      if (!s) {
        s = { name, points: [] };
        series.push(s);
        onNewSeries?.(name);
      }
      s.points.push([p.x, y]);
    }
  }
}
