/**
 * Runs kept for comparison. Plots that ask for it (`compare: true`) keep the series of earlier runs
 * of the same playground on their axes, named after the settings that differed between the runs,
 * until the reader clears them. Works on plain plot data; the renderer just draws more series.
 */
import type { ParamValue, PlotSpec } from '../shared/messages.ts';

/** Names runs from their settings (see island/controls.ts `runLabels`). */
export type RunLabeller = (runs: ReadonlyArray<Record<string, ParamValue>>) => string[];

/** Most runs kept; the oldest goes first. */
export const MAX_KEPT_RUNS = 8;

interface KeptRun {
  params: Record<string, ParamValue>;
  /** Plots of the run by title, as they stood when it ended (or was stopped). */
  plots: Map<string, PlotSpec>;
}

/** `loss` + `ReLU` → `loss · ReLU`; a plot's only series is named by the run alone. */
export function runSeriesName(series: string, runLabel: string, onlySeries: boolean): string {
  if (!runLabel) return series;
  return onlySeries ? runLabel : `${series} · ${runLabel}`;
}

function renameSeries(spec: PlotSpec, label: string): PlotSpec {
  const only = spec.kind !== 'heatmap' && spec.series.length === 1;
  switch (spec.kind) {
    case 'line':
    case 'scatter':
      return { ...spec, series: spec.series.map((s) => ({ ...s, name: runSeriesName(s.name, label, only) })) };
    case 'bar':
      return { ...spec, series: spec.series.map((s) => ({ ...s, name: runSeriesName(s.name, label, only) })) };
    case 'histogram':
      return { ...spec, series: spec.series.map((s) => ({ ...s, name: runSeriesName(s.name, label, only) })) };
    case 'heatmap':
      return spec;
  }
}

export class CompareStore {
  private kept: KeptRun[] = [];
  private current: KeptRun | null = null;

  constructor(private readonly labeller: RunLabeller) {}

  /** One label per kept run, then one for the current run. */
  private labels(): string[] {
    return this.labeller([...this.kept, ...(this.current ? [this.current] : [])].map((r) => r.params));
  }

  /** Number of earlier runs on the charts. */
  get count(): number {
    return this.kept.length;
  }

  /** A run starts with these settings: the one before it (if it drew any compare plot) is kept. */
  begin(params: Record<string, ParamValue>): void {
    if (this.current && this.current.plots.size > 0) this.kept.push(this.current);
    if (this.kept.length > MAX_KEPT_RUNS) this.kept.splice(0, this.kept.length - MAX_KEPT_RUNS);
    this.current = { params, plots: new Map() };
  }

  /** The latest state of a compare plot of the current run (heatmaps are not comparable). */
  record(spec: PlotSpec): void {
    if (spec.compare && spec.kind !== 'heatmap') this.current?.plots.set(spec.title, spec);
  }

  clear(): void {
    this.kept = [];
    if (this.current) this.current.plots.clear();
  }

  /**
   * The plot to draw for the current run's `spec`: earlier runs' series of the same title first,
   * each renamed after its run's settings, then the current ones.
   */
  merge(spec: PlotSpec): PlotSpec {
    return this.mergeRuns(spec).spec;
  }

  /** As `merge`, and the names of the series that come from earlier runs (drawn apart). */
  mergeRuns(spec: PlotSpec): { spec: PlotSpec; earlier: string[] } {
    if (!spec.compare || spec.kind === 'heatmap') return { spec, earlier: [] };
    const labels = this.labels();
    const earlier = this.kept
      .map((run, i) => ({ plot: run.plots.get(spec.title), label: labels[i] ?? `run ${i + 1}` }))
      .filter((e) => e.plot?.kind === spec.kind);
    if (earlier.length === 0) return { spec, earlier: [] };
    const now = renameSeries(spec, labels[this.kept.length] ?? 'this run');
    const old = earlier.map((e) => renameSeries(e.plot as PlotSpec, e.label));
    if (now.kind === 'bar') {
      const bars = old as Array<typeof now>;
      const oldSeries = bars.flatMap((b) =>
        b.series.map((s) => ({ ...s, values: now.categories.map((c) => s.values[b.categories.indexOf(c)] ?? Number.NaN) })),
      );
      return { spec: { ...now, series: [...oldSeries, ...now.series] }, earlier: oldSeries.map((s) => s.name) };
    }
    if (now.kind === 'heatmap') return { spec: now, earlier: [] };
    const oldSeries = old.flatMap((p) => (p.kind === now.kind ? (p.series as Array<{ name: string }>) : []));
    return { spec: { ...now, series: [...oldSeries, ...now.series] } as PlotSpec, earlier: oldSeries.map((s) => s.name) };
  }

  /** How the current run's live series are named on a merged chart. */
  currentName(spec: PlotSpec, series: string): string {
    if (!spec.compare || spec.kind === 'heatmap' || !this.kept.some((r) => r.plots.has(spec.title))) return series;
    return runSeriesName(series, this.labels()[this.kept.length] ?? 'this run', spec.series.length === 1);
  }
}
