/**
 * Renders a run's messages into the output panel: log lines, plots (live and static, with earlier
 * runs kept for comparison), images, tables and progress bars with an estimated time left. Knows
 * nothing about the editor or the runner.
 */
import type { ImageMessage, ParamValue, PlotAppend, PlotSpec, ProgressMessage, TableMessage } from '../shared/messages.ts';
import type { WorkerToHost } from '../shared/protocol.ts';
import { CompareStore, type RunLabeller } from './compare.ts';
import { showEnlarged } from './enlarge.ts';
import { mountPlot } from './plots/render.ts';
import type { PlotHandle } from './plots/types.ts';

const MAX_LOG_LINES = 2000;

function formatValue(v: number): string {
  return Math.abs(v) >= 1e4 || (v !== 0 && Math.abs(v) < 1e-3) ? v.toExponential(2) : String(Number(v.toPrecision(3)));
}

function formatDuration(ms: number): string {
  const s = Math.round(ms / 1000);
  return s < 60 ? `${s} s` : `${Math.floor(s / 60)} min ${s % 60} s`;
}

/** Save a canvas as a PNG file named after its label. */
function downloadCanvas(canvas: HTMLCanvasElement, label: string): void {
  canvas.toBlob((blob) => {
    if (!blob) return;
    const a = document.createElement('a');
    a.href = URL.createObjectURL(blob);
    a.download = `${label.replace(/[^a-z0-9-]+/gi, '-').replace(/^-|-$/g, '') || 'image'}.png`;
    a.click();
    setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
  }, 'image/png');
}

interface ShownPlot {
  /** The run's own data (live appends applied), which is what a later run compares against. */
  spec: PlotSpec;
  handle: PlotHandle;
}

export class OutputPanel {
  private readonly plots = new Map<string, ShownPlot>();
  private readonly compare: CompareStore;
  private readonly progressBars = new Map<string, { bar: HTMLProgressElement; text: HTMLElement }>();
  private readonly groups = new Map<string, HTMLElement>();
  private logLines = 0;

  constructor(
    private readonly root: HTMLElement,
    labeller: RunLabeller = (runs) => runs.map((_, i) => `run ${i + 1}`),
  ) {
    this.compare = new CompareStore(labeller);
  }

  /** Earlier runs on the charts (for the "Clear runs" bar). */
  get keptRuns(): number {
    return this.compare.count;
  }

  /** A new run with these settings: the output is cleared, earlier compare plots are kept. */
  beginRun(params: Record<string, ParamValue>): void {
    this.clear();
    this.compare.begin(params);
  }

  /** Forget earlier runs (their series leave the charts at the next run). */
  clearRuns(): void {
    this.compare.clear();
    for (const shown of this.plots.values()) {
      const merged = this.compare.mergeRuns(shown.spec);
      shown.handle.set(merged.spec, merged.earlier);
    }
  }

  clear(): void {
    for (const p of this.plots.values()) p.handle.destroy();
    this.plots.clear();
    this.progressBars.clear();
    this.groups.clear();
    this.logLines = 0;
    this.root.replaceChildren();
  }

  /** A line from the page itself (status, notices), styled apart from the program's output. */
  notice(text: string, kind: 'info' | 'warn' | 'error' | 'debug' = 'info'): HTMLElement {
    const p = document.createElement('p');
    p.className = `pg-notice pg-notice-${kind}`;
    if (kind === 'error') p.setAttribute('role', 'alert');
    p.textContent = text;
    this.root.append(p);
    return p;
  }

  handle(message: WorkerToHost): void {
    switch (message.type) {
      case 'log':
        this.log(message.level, message.text);
        break;
      case 'error': {
        const where = message.line ? ` (line ${message.line}${message.column ? `, column ${message.column}` : ''})` : '';
        this.notice(`${message.phase === 'compile' ? 'Could not run' : 'Error'}${where}: ${message.message}`, 'error');
        break;
      }
      case 'plot':
        this.plot(message.message);
        break;
      case 'plot-append':
        this.plotAppend(message.message);
        break;
      case 'image':
        this.image(message.message);
        break;
      case 'table':
        this.table(message.message);
        break;
      case 'progress':
        this.progress(message.message);
        break;
      case 'backend':
        for (const n of message.notices) this.notice(n, 'warn');
        break;
      default:
        break;
    }
  }

  private log(level: string, text: string): void {
    if (this.logLines === MAX_LOG_LINES) this.notice(`Output limited to ${MAX_LOG_LINES} lines; later lines are not shown.`, 'warn');
    if (++this.logLines > MAX_LOG_LINES) return;
    const pre = document.createElement('pre');
    pre.className = `pg-log pg-log-${level}`;
    pre.textContent = text;
    this.root.append(pre);
  }

  private plot(spec: PlotSpec): void {
    const shown = this.plots.get(spec.id);
    const own = structuredClone(spec);
    this.compare.record(own);
    const merged = this.compare.mergeRuns(own);
    if (shown) {
      shown.spec = own;
      shown.handle.set(merged.spec, merged.earlier);
      return;
    }
    const figure = document.createElement('figure');
    figure.className = `pg-plot pg-plot-${spec.kind}`;
    this.root.append(figure);
    this.plots.set(spec.id, { spec: own, handle: mountPlot(figure, merged.spec, merged.earlier) });
  }

  private plotAppend(append: PlotAppend): void {
    const shown = this.plots.get(append.id);
    if (shown?.spec.kind !== 'line') return;
    const spec = shown.spec;
    // 100,000 pushes arrive as a few large batches: look series and their compare names up once.
    const byName = new Map(spec.series.map((s) => [s.name, s]));
    const names = new Map<string, string>();
    let renamed = false;
    for (const p of append.points) {
      for (const name in p.values) {
        let series = byName.get(name);
        if (!series) {
          series = { name, points: [] };
          spec.series.push(series);
          byName.set(name, series);
        }
        series.points.push([p.x, p.values[name]!]);
        if (!names.has(name)) {
          const shownName = this.compare.currentName(spec, name);
          names.set(name, shownName);
          renamed ||= shownName !== name;
        }
      }
    }
    shown.handle.append(
      renamed
        ? append.points.map((p) => ({ x: p.x, values: Object.fromEntries(Object.entries(p.values).map(([k, v]) => [names.get(k) ?? k, v])) }))
        : append.points,
    );
  }

  private image(m: ImageMessage): void {
    const figure = document.createElement('figure');
    figure.className = 'pg-image';
    figure.dataset.label = m.label;
    const canvas = document.createElement('canvas');
    canvas.width = m.width;
    canvas.height = m.height;
    canvas.style.width = `${m.width * m.scale}px`;
    // Tiny images (kernels, digits) are upscaled with hard pixel edges, not blurred.
    if (m.scale > 1) canvas.classList.add('pg-pixelated');
    const range = m.range ? ` Black is ${formatValue(m.range[0])}, white is ${formatValue(m.range[1])}.` : '';
    const name = `${m.label || 'Image'} (${m.width}×${m.height} pixels).${range}`;
    canvas.getContext('2d')?.putImageData(new ImageData(new Uint8ClampedArray(m.rgba), m.width, m.height), 0, 0);
    // The picture is a button: it opens a large view (Escape or a click closes it).
    const open = document.createElement('button');
    open.type = 'button';
    open.className = 'pg-enlarge';
    open.setAttribute('aria-label', `Enlarge: ${name}`);
    open.append(canvas);
    open.addEventListener('click', () => showEnlarged(canvas, name));
    figure.append(open);
    const caption = document.createElement('figcaption');
    if (m.label) caption.textContent = m.label;
    if (m.range) {
      const legend = document.createElement('span');
      legend.className = 'pg-range';
      legend.textContent = ` black ${formatValue(m.range[0])} … white ${formatValue(m.range[1])}`;
      caption.append(legend);
    }
    const download = document.createElement('button');
    download.type = 'button';
    download.className = 'pg-download';
    download.textContent = 'Download PNG';
    download.setAttribute('aria-label', `Download PNG: ${m.label || 'image'}`);
    download.addEventListener('click', () => downloadCanvas(canvas, m.label || 'image'));
    caption.append(download);
    figure.append(caption);
    if (m.group) {
      let grid = this.groups.get(m.group);
      if (!grid) {
        grid = document.createElement('div');
        grid.className = 'pg-image-grid';
        this.groups.set(m.group, grid);
        if (m.groupTitle) {
          const section = document.createElement('section');
          section.className = 'pg-image-group';
          const heading = document.createElement('p');
          heading.className = 'pg-image-group-title';
          heading.textContent = m.groupTitle;
          section.setAttribute('aria-label', m.groupTitle);
          section.append(heading, grid);
          this.root.append(section);
        } else {
          this.root.append(grid);
        }
      }
      // A group with a label already shown replaces it (live-updating images, e.g. DeepDream).
      const same = [...grid.querySelectorAll<HTMLElement>('figure')].find((f) => f.dataset.label === m.label);
      if (same && m.label) same.replaceWith(figure);
      else grid.append(figure);
    } else {
      this.root.append(figure);
    }
  }

  private table(m: TableMessage): void {
    const wrap = document.createElement('div');
    wrap.className = 'pg-table';
    const table = document.createElement('table');
    if (m.caption) table.createCaption().textContent = m.caption;
    const head = table.createTHead().insertRow();
    for (const c of m.columns) {
      const th = document.createElement('th');
      th.scope = 'col';
      th.textContent = c;
      head.append(th);
    }
    const body = table.createTBody();
    for (const row of m.rows) {
      const tr = body.insertRow();
      for (const cell of row) tr.insertCell().textContent = typeof cell === 'number' ? String(Number(cell.toPrecision(6))) : cell;
    }
    wrap.append(table);
    this.root.append(wrap);
  }

  private progress(m: ProgressMessage): void {
    let entry = this.progressBars.get(m.id);
    if (!entry) {
      const wrap = document.createElement('div');
      wrap.className = 'pg-progress';
      const label = document.createElement('label');
      const bar = document.createElement('progress');
      const text = document.createElement('span');
      bar.id = `${m.id}-${Math.random().toString(36).slice(2)}`;
      label.htmlFor = bar.id;
      label.textContent = m.label;
      wrap.append(label, bar, text);
      this.root.append(wrap);
      entry = { bar, text };
      this.progressBars.set(m.id, entry);
    }
    entry.bar.max = Math.max(1, m.total);
    entry.bar.value = m.done;
    const left = m.done > 0 && m.done < m.total ? (m.elapsedMs / m.done) * (m.total - m.done) : 0;
    entry.text.textContent =
      m.done >= m.total
        ? ` ${m.done}/${m.total} · done in ${formatDuration(m.elapsedMs)}`
        : ` ${m.done}/${m.total}${left ? ` · about ${formatDuration(left)} left` : ''}`;
  }
}
