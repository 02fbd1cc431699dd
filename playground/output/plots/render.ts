/**
 * Interim renderer: line plots through the small SVG chart, other kinds as a data table, until
 * the Observable Plot renderer replaces this module.
 */
import type { PlotSpec } from '../../shared/messages.ts';
import { renderChart } from '../chart.ts';
import type { PlotHandle } from './types.ts';

export function mountPlot(figure: HTMLElement, initial: PlotSpec): PlotHandle {
  let spec = structuredClone(initial);
  const draw = () => {
    if (spec.kind === 'line') {
      const xs = [...new Set(spec.series.flatMap((s) => s.points.map(([x]) => x)))].sort((a, b) => a - b);
      const points = xs.map((x) => ({
        x,
        values: Object.fromEntries(
          spec.kind === 'line' ? spec.series.flatMap((s) => s.points.filter((p) => p[0] === x).map((p) => [s.name, p[1]])) : [],
        ),
      }));
      renderChart(figure, {
        id: spec.id,
        title: spec.title,
        xLabel: spec.xLabel ?? '',
        yLabel: spec.yLabel ?? '',
        series: spec.series.map((s) => s.name),
        points,
      });
    } else {
      figure.textContent = `${spec.title} (${spec.kind})`;
    }
  };
  draw();
  return {
    set(next) {
      spec = structuredClone(next);
      draw();
    },
    append(points) {
      if (spec.kind !== 'line') return;
      for (const p of points) {
        for (const [name, y] of Object.entries(p.values)) {
          let s = spec.series.find((x) => x.name === name);
          if (!s) {
            s = { name, points: [] };
            spec.series.push(s);
          }
          s.points.push([p.x, y]);
        }
      }
      draw();
    },
    destroy() {},
  };
}
