/**
 * Renders a run's messages into the output panel: log lines, plots (live and static, with earlier
 * runs kept for comparison), images, tables and progress bars with an estimated time left. Knows
 * nothing about the editor or the runner.
 *
 * Messages arrive already checked (shared/validate.ts, in the runner's gate). They are drawn from
 * a queue in slices of a few milliseconds, so a flood of output never holds the page for longer
 * than a frame (live plots throttle their own redraws, see plots/types.ts); and drawing never
 * throws into the page: a message that fails to draw becomes one notice.
 */
import type { ParamValue, PlotAppend, PlotSpec, ProgressMessage } from '../shared/messages.ts';
import type { WorkerToHost } from '../shared/protocol.ts';
import { CompareStore, type RunLabeller } from './compare.ts';
import { ImageGroups } from './image-view.ts';
import { LogView, tableElement } from './log-view.ts';
import { mountPlot } from './plots/render.ts';
import type { PlotHandle } from './plots/types.ts';

/** Longest stretch of drawing before the page gets a turn (a frame is 16 ms). */
const SLICE_MS = 8;

export type NoticeKind = 'info' | 'warn' | 'error' | 'debug';

function formatDuration(ms: number): string {
  const s = Math.round(ms / 1000);
  return s < 60 ? `${s} s` : `${Math.floor(s / 60)} min ${s % 60} s`;
}

type Queued = { kind: 'message'; message: WorkerToHost } | { kind: 'notice'; text: string; level: NoticeKind; key?: string };

interface ShownPlot {
  /** The run's own data (live appends applied), which is what a later run compares against. */
  spec: PlotSpec;
  handle: PlotHandle;
}

export class OutputPanel {
  private readonly plots = new Map<string, ShownPlot>();
  private readonly compare: CompareStore;
  private readonly progressBars = new Map<string, { bar: HTMLProgressElement; text: HTMLElement }>();
  private readonly images: ImageGroups;
  private readonly logs: LogView;
  private readonly keyedNotices = new Map<string, HTMLElement>();
  private queue: Queued[] = [];
  private draining = 0;
  private waitingForDrain: Array<() => void> = [];
  private drawFailures = 0;

  constructor(
    private readonly root: HTMLElement,
    labeller: RunLabeller = (runs) => runs.map((_, i) => `run ${i + 1}`),
  ) {
    this.compare = new CompareStore(labeller);
    this.images = new ImageGroups(root);
    this.logs = new LogView(root);
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
    for (const p of this.plots.values()) this.safely('plot', () => p.handle.destroy());
    this.plots.clear();
    this.progressBars.clear();
    this.images.clear();
    this.logs.clear();
    this.keyedNotices.clear();
    this.queue = [];
    clearTimeout(this.draining);
    this.draining = 0;
    this.drawFailures = 0;
    this.settle();
    this.root.replaceChildren();
  }

  /**
   * A line from the page itself (status, notices), styled apart from the program's output, after
   * any output still waiting to be drawn. With a key, a later notice of the same key replaces this
   * one's text (one line that keeps a count up to date).
   */
  notice(text: string, level: NoticeKind = 'info', key?: string): void {
    this.enqueue({ kind: 'notice', text, level, key });
  }

  /** A notice at the top of the run's output, above what the code printed (type errors). */
  leadNotice(text: string, level: NoticeKind = 'warn'): void {
    let lead = this.root.querySelector<HTMLElement>(':scope > .pg-lead');
    if (!lead) {
      lead = document.createElement('div');
      lead.className = 'pg-lead';
      this.root.prepend(lead);
    }
    const p = document.createElement('p');
    p.className = `pg-notice pg-notice-${level}`;
    p.textContent = text;
    lead.append(p);
  }

  /** Queue a message of the run; it is drawn in the next slice. */
  handle(message: WorkerToHost): void {
    this.enqueue({ kind: 'message', message });
  }

  private enqueue(item: Queued): void {
    if (this.queue.length === 0 && item.kind === 'notice') {
      this.showNotice(item.text, item.level, item.key);
      return;
    }
    this.queue.push(item);
    if (!this.draining) this.draining = window.setTimeout(() => this.drain(), 0);
  }

  private showNotice(text: string, level: NoticeKind, key?: string): void {
    const existing = key ? this.keyedNotices.get(key) : undefined;
    if (existing?.isConnected) {
      existing.textContent = text;
      return;
    }
    const p = document.createElement('p');
    p.className = `pg-notice pg-notice-${level}`;
    if (level === 'error') p.setAttribute('role', 'alert');
    p.textContent = text;
    this.root.append(p);
    if (key) this.keyedNotices.set(key, p);
  }

  /** Resolves when everything received so far has been drawn (the status then says the run ended). */
  drained(): Promise<void> {
    if (this.queue.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.waitingForDrain.push(resolve));
  }

  private settle(): void {
    for (const resolve of this.waitingForDrain.splice(0)) resolve();
  }

  /** Draw everything queued now (a test wants it). */
  flush(): void {
    clearTimeout(this.draining);
    this.draining = 0;
    for (const item of this.queue.splice(0)) this.drawItem(item);
    this.settle();
  }

  private drain(): void {
    this.draining = 0;
    const start = performance.now();
    let drawn = 0;
    while (this.queue.length > 0 && (drawn === 0 || performance.now() - start < SLICE_MS)) {
      this.drawItem(this.queue.shift() as Queued);
      drawn++;
    }
    if (this.queue.length > 0) this.draining = window.setTimeout(() => this.drain(), 0);
    else this.settle();
  }

  private drawItem(item: Queued): void {
    if (item.kind === 'notice') this.showNotice(item.text, item.level, item.key);
    else this.draw(item.message);
  }

  private draw(message: WorkerToHost): void {
    this.safely(message.type, () => {
      switch (message.type) {
        case 'log':
          this.logs.add(message.level, message.text);
          break;
        case 'error': {
          const where = message.line ? ` (line ${message.line}${message.column ? `, column ${message.column}` : ''})` : '';
          this.showNotice(`${message.phase === 'compile' ? 'Could not run' : 'Error'}${where}: ${message.message}`, 'error');
          break;
        }
        case 'plot':
          this.plot(message.message);
          break;
        case 'plot-append':
          this.plotAppend(message.message);
          break;
        case 'image':
          this.images.show(message.message);
          break;
        case 'table': {
          const { caption, columns, rows, totalRows } = message.message;
          this.root.append(tableElement(caption, columns, rows, totalRows));
          break;
        }
        case 'progress':
          this.progress(message.message);
          break;
        case 'backend':
          if (message.note) this.showNotice(message.note, 'info');
          for (const n of message.notices) this.showNotice(n, 'warn');
          break;
        default:
          break;
      }
    });
  }

  /** Run a drawing step; a failure becomes one notice (with a count), never an exception. */
  private safely(what: string, draw: () => void): void {
    try {
      draw();
    } catch (error) {
      this.drawFailures++;
      const reason = error instanceof Error ? error.message : String(error);
      this.showNotice(
        `${this.drawFailures === 1 ? 'A part' : `${this.drawFailures} parts`} of the output could not be drawn (first: ${what}: ${reason.slice(0, 300)}).`,
        'warn',
        'draw-failure',
      );
    }
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
