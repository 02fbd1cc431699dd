/**
 * Renders a run's messages into the output panel: log lines, live charts, images, tables and
 * progress bars with an estimated time left. Knows nothing about the editor or the runner.
 */
import type { WorkerToHost } from '../runtime/protocol.ts';
import type { ImageMessage, ProgressMessage, TableMessage } from '../runtime/sink.ts';
import { renderChart } from './chart.ts';

const MAX_LOG_LINES = 2000;

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

export class OutputPanel {
  private readonly charts = new Map<string, { figure: HTMLElement; pending: unknown; frame: number }>();
  private readonly progressBars = new Map<string, { bar: HTMLProgressElement; text: HTMLElement }>();
  private readonly groups = new Map<string, HTMLElement>();
  private logLines = 0;

  constructor(private readonly root: HTMLElement) {}

  clear(): void {
    for (const c of this.charts.values()) cancelAnimationFrame(c.frame);
    this.charts.clear();
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
      case 'chart':
        this.chart(message.message.id, message.message);
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

  private chart(id: string, message: Parameters<typeof renderChart>[1]): void {
    let entry = this.charts.get(id);
    if (!entry) {
      const figure = document.createElement('figure');
      figure.className = 'pg-chart';
      this.root.append(figure);
      entry = { figure, pending: null, frame: 0 };
      this.charts.set(id, entry);
    }
    // Draw at most once per animation frame, however fast the points arrive.
    const e = entry;
    e.pending = message;
    if (!e.frame) {
      e.frame = requestAnimationFrame(() => {
        e.frame = 0;
        renderChart(e.figure, e.pending as typeof message);
      });
    }
  }

  private image(m: ImageMessage): void {
    const figure = document.createElement('figure');
    figure.className = 'pg-image';
    figure.dataset.label = m.label;
    const canvas = document.createElement('canvas');
    canvas.width = m.width;
    canvas.height = m.height;
    canvas.style.width = `${m.width * m.scale}px`;
    canvas.setAttribute('role', 'img');
    canvas.setAttribute('aria-label', `${m.label || 'Image'} (${m.width}×${m.height} pixels)`);
    canvas.getContext('2d')?.putImageData(new ImageData(new Uint8ClampedArray(m.rgba), m.width, m.height), 0, 0);
    figure.append(canvas);
    const caption = document.createElement('figcaption');
    if (m.label) caption.textContent = m.label;
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
        this.root.append(grid);
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
