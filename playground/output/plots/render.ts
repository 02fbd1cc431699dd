/**
 * Draws plots with Observable Plot, loaded on the first plot (never with a plain chapter page).
 * Each figure is `figure.pg-plot.pg-plot-<kind>`: a visible title, one SVG with role="img" and a
 * one-sentence name, a legend, a "Data table" disclosure and PNG/CSV downloads. Live plots redraw
 * at most 20 times a second, drawing only what the pixels can show; every point stays in the data
 * (table, CSV). Plots follow their container's width and the page's light or dark theme.
 */
import type { PlotSpec } from '../../shared/messages.ts';
import { readTheme } from './colors.ts';
import { tablesOf } from './data-table.ts';
import { type Drawn, drawPlot, type Plot } from './draw.ts';
import { downloadCsv, downloadPng } from './export.ts';
import { buildFigure, type FigureParts, renderLegend, renderRamp, renderTables, setTitle } from './figure.ts';
import { accessibleName } from './summary.ts';
import type { PlotHandle } from './types.ts';

/** Shortest time between two redraws of one plot (≤ 20 redraws a second). */
export const REDRAW_MS = 50;
/**
 * A redraw that took d ms waits BUSY_FACTOR · d for the next (redraws keep ≤ 20 % of the main
 * thread on a slow machine), but never more than MAX_SPACING_MS, so a live plot keeps moving.
 */
const BUSY_FACTOR = 4;
const MAX_SPACING_MS = 1000;
/** Shortest time between two rebuilds of an open data table while a live plot grows. */
const TABLE_MS = 1000;
const MAX_WIDTH = 720;
const FALLBACK_WIDTH = 560;

let library: Promise<Plot> | null = null;
function loadPlotLibrary(): Promise<Plot> {
  library ??= import('@observablehq/plot');
  library.catch(() => {
    library = null; // a failed load (offline) may be retried by the next plot
  });
  return library;
}

// One observer of <html data-theme> for all plots on the page.
const themeListeners = new Set<() => void>();
let themeObserver: MutationObserver | null = null;
function onThemeChange(listener: () => void): () => void {
  themeListeners.add(listener);
  if (!themeObserver) {
    themeObserver = new MutationObserver(() => {
      for (const l of themeListeners) l();
    });
    themeObserver.observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme'] });
  }
  return () => {
    themeListeners.delete(listener);
    if (themeListeners.size === 0) {
      themeObserver?.disconnect();
      themeObserver = null;
    }
  };
}

function showsLegend(spec: PlotSpec, drawn: Drawn): boolean {
  return spec.kind === 'heatmap' ? drawn.keys.length > 0 : drawn.keys.length > 1;
}

class PlotView implements PlotHandle {
  private spec: PlotSpec;
  private earlier: Set<string>;
  private readonly parts: FigureParts;
  private plot: Plot | null = null;
  private drawn: Drawn | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private tableTimer: ReturnType<typeof setTimeout> | null = null;
  /** The earliest time the next redraw may start. */
  private nextDraw = Number.NEGATIVE_INFINITY;
  /** The earliest time an open table may be rebuilt again (it follows a live plot). */
  private nextTable = Number.NEGATIVE_INFINITY;
  private tableStale = true;
  private width = 0;
  private destroyed = false;
  private readonly stopTheme: () => void;
  private readonly resize: ResizeObserver | null;

  constructor(
    private readonly figure: HTMLElement,
    initial: PlotSpec,
    earlier: readonly string[],
  ) {
    this.spec = structuredClone(initial);
    this.earlier = new Set(earlier);
    this.parts = buildFigure(figure, this.spec);
    this.parts.area.textContent = 'Drawing…';
    this.parts.details.addEventListener('toggle', () => {
      if (this.parts.details.open && this.tableStale) this.renderTables();
    });
    this.parts.csv.addEventListener('click', () => downloadCsv(this.spec));
    this.parts.png.addEventListener('click', () => void this.savePng());
    this.stopTheme = onThemeChange(() => this.redraw());
    this.resize =
      typeof ResizeObserver === 'undefined'
        ? null
        : new ResizeObserver(() => {
            if (this.measure() !== this.width) this.schedule();
          });
    this.resize?.observe(figure);
    loadPlotLibrary().then(
      (plot) => {
        this.plot = plot;
        this.redraw();
      },
      (error: unknown) => {
        this.parts.area.textContent = `The plotting library could not load (${error instanceof Error ? error.message : String(error)}); the data table below has the values.`;
        this.renderTables();
      },
    );
  }

  set(spec: PlotSpec, earlier: readonly string[] = []): void {
    this.spec = structuredClone(spec);
    this.earlier = new Set(earlier);
    setTitle(this.parts, this.spec.title);
    this.tableStale = true;
    this.schedule();
  }

  append(points: Array<{ x: number; values: Record<string, number> }>): void {
    if (this.spec.kind !== 'line') return;
    const series = this.spec.series;
    const byName = new Map(series.map((s) => [s.name, s]));
    for (const p of points) {
      for (const name in p.values) {
        let s = byName.get(name);
        if (!s) {
          s = { name, points: [] };
          series.push(s);
          byName.set(name, s);
        }
        s.points.push([p.x, p.values[name]!]);
      }
    }
    this.tableStale = true;
    this.schedule();
  }

  destroy(): void {
    this.destroyed = true;
    if (this.timer !== null) clearTimeout(this.timer);
    if (this.tableTimer !== null) clearTimeout(this.tableTimer);
    this.timer = this.tableTimer = null;
    this.resize?.disconnect();
    this.stopTheme();
  }

  /** Redraw soon: right away if the last redraw is REDRAW_MS old, else when it will be. */
  private schedule(): void {
    if (this.timer !== null || this.destroyed) return;
    const wait = Math.max(0, this.nextDraw - performance.now());
    this.timer = setTimeout(() => {
      this.timer = null;
      this.redraw();
    }, wait);
  }

  private measure(): number {
    const width = Math.floor(this.figure.clientWidth);
    return Math.min(MAX_WIDTH, width > 0 ? width : FALLBACK_WIDTH);
  }

  private redraw(): void {
    if (!this.plot || this.destroyed) return;
    const started = performance.now();
    this.width = this.measure();
    const theme = readTheme();
    try {
      const drawn = drawPlot(this.plot, this.spec, { width: this.width, theme, earlier: this.earlier });
      const svg = drawn.svg;
      // Plot names its groups with aria-label ("line", "x-axis tick"); on plain <g> elements that
      // is not allowed, and inside role="img" it is never read. Keep the names as data-mark.
      for (const named of svg.querySelectorAll('[aria-label]')) {
        named.setAttribute('data-mark', named.getAttribute('aria-label') ?? '');
        named.removeAttribute('aria-label');
      }
      svg.classList.add('pg-plot-svg');
      svg.setAttribute('role', 'img');
      svg.setAttribute('aria-label', accessibleName(this.spec));
      this.parts.area.replaceChildren(svg);
      renderLegend(this.parts.legend, drawn.keys, showsLegend(this.spec, drawn));
      renderRamp(this.parts.ramp, drawn.ramp);
      this.drawn = drawn;
    } catch (error) {
      this.drawn = null;
      this.parts.area.textContent = `This plot could not be drawn: ${error instanceof Error ? error.message : String(error)}`;
    }
    this.nextDraw = started + Math.min(MAX_SPACING_MS, Math.max(REDRAW_MS, BUSY_FACTOR * (performance.now() - started)));
    if (this.parts.details.open && this.tableStale) this.scheduleTable();
  }

  /** An open table follows a live plot at most once a second; its final state always lands. */
  private scheduleTable(): void {
    if (this.tableTimer !== null) return;
    this.tableTimer = setTimeout(
      () => {
        this.tableTimer = null;
        if (this.parts.details.open && this.tableStale && !this.destroyed) this.renderTables();
      },
      Math.max(0, this.nextTable - performance.now()),
    );
  }

  private renderTables(): void {
    const started = performance.now();
    this.tableStale = false;
    try {
      renderTables(this.parts.tables, tablesOf(this.spec), this.spec.title);
    } catch (error) {
      this.parts.tables.textContent = `The data could not be listed: ${error instanceof Error ? error.message : String(error)}`;
    }
    // A table of many rows is costly to rebuild: the costlier, the rarer (≤ 10 % of the main thread).
    this.nextTable = started + Math.max(TABLE_MS, 10 * (performance.now() - started));
  }

  private async savePng(): Promise<void> {
    const svg = this.parts.area.querySelector('svg');
    if (!svg || !this.drawn) return;
    try {
      await downloadPng(svg as SVGSVGElement, this.drawn, showsLegend(this.spec, this.drawn), this.spec.title, readTheme());
    } catch (error) {
      this.parts.message.textContent = `Could not make the PNG: ${error instanceof Error ? error.message : String(error)}`;
    }
  }
}

export function mountPlot(figure: HTMLElement, spec: PlotSpec, earlier: readonly string[] = []): PlotHandle {
  return new PlotView(figure, spec, earlier);
}
