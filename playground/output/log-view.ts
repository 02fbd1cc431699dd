/**
 * The run's text output: lines are shown until LIMITS.shownOutputChars, then kept behind a
 * "Show more" button that reveals the next part. (Lines were already cut at LIMITS.lineChars and
 * the run's total held to LIMITS.keptOutputChars before they reached the page.)
 */
import { LIMITS } from '../shared/limits.ts';
import type { LogLevel } from '../shared/messages.ts';

interface Line {
  level: LogLevel;
  text: string;
}

function lineElement({ level, text }: Line): HTMLElement {
  const pre = document.createElement('pre');
  pre.className = `pg-log pg-log-${level}`;
  pre.textContent = text;
  return pre;
}

export class LogView {
  private shownChars = 0;
  private hidden: Line[] = [];
  private hiddenChars = 0;
  private more: { box: HTMLElement; button: HTMLButtonElement } | null = null;

  constructor(private readonly root: HTMLElement) {}

  clear(): void {
    this.shownChars = 0;
    this.hidden = [];
    this.hiddenChars = 0;
    this.more = null;
  }

  add(level: LogLevel, text: string): void {
    if (this.more || this.shownChars + text.length > LIMITS.shownOutputChars) {
      this.hold({ level, text });
      return;
    }
    this.shownChars += text.length;
    this.root.append(lineElement({ level, text }));
  }

  /** Lines waiting behind "Show more". */
  get hiddenLines(): number {
    return this.hidden.length;
  }

  private hold(line: Line): void {
    this.hidden.push(line);
    this.hiddenChars += line.text.length;
    if (!this.more) {
      const box = document.createElement('p');
      box.className = 'pg-more';
      const button = document.createElement('button');
      button.type = 'button';
      button.addEventListener('click', () => this.showMore());
      box.append(button);
      this.root.append(box);
      this.more = { box, button };
    }
    this.label();
  }

  private label(): void {
    if (!this.more) return;
    const n = this.hidden.length;
    this.more.button.textContent = `Show more output (${n.toLocaleString('en-US')} more line${n === 1 ? '' : 's'}, ${this.hiddenChars.toLocaleString('en-US')} characters)`;
  }

  /** Reveal the next LIMITS.shownOutputChars of held lines, where the button was. */
  showMore(): void {
    const more = this.more;
    if (!more) return;
    const part = document.createDocumentFragment();
    let chars = 0;
    while (this.hidden.length > 0 && (chars === 0 || chars + (this.hidden[0] as Line).text.length <= LIMITS.shownOutputChars)) {
      const line = this.hidden.shift() as Line;
      chars += line.text.length;
      this.hiddenChars -= line.text.length;
      part.append(lineElement(line));
    }
    more.box.before(part);
    if (this.hidden.length === 0) {
      more.box.remove();
      this.more = null;
      this.shownChars = 0; // later lines of the run continue below, in a new part
      return;
    }
    this.label();
    more.button.focus();
  }
}

/** A table: the first LIMITS.tableRowsShown rows, then "Show more rows". */
export function tableElement(caption: string, columns: string[], rows: Array<Array<string | number>>, totalRows?: number): HTMLElement {
  const wrap = document.createElement('div');
  wrap.className = 'pg-table';
  const table = document.createElement('table');
  const kept =
    totalRows !== undefined && totalRows > rows.length
      ? ` (the first ${rows.length.toLocaleString('en-US')} of ${totalRows.toLocaleString('en-US')} rows)`
      : '';
  if (caption || kept) table.createCaption().textContent = `${caption}${kept}`;
  const head = table.createTHead().insertRow();
  for (const c of columns) {
    const th = document.createElement('th');
    th.scope = 'col';
    th.textContent = c;
    head.append(th);
  }
  const body = table.createTBody();
  let shown = 0;
  const showRows = (n: number) => {
    for (const row of rows.slice(shown, shown + n)) {
      const tr = body.insertRow();
      for (const cell of row) tr.insertCell().textContent = typeof cell === 'number' ? String(Number(cell.toPrecision(6))) : cell;
    }
    shown = Math.min(rows.length, shown + n);
  };
  showRows(LIMITS.tableRowsShown);
  wrap.append(table);
  if (shown < rows.length) {
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'pg-more-rows';
    const label = () => {
      const left = rows.length - shown;
      button.textContent = `Show ${Math.min(LIMITS.tableRowsShown, left)} more rows (${left.toLocaleString('en-US')} not shown)`;
    };
    label();
    button.addEventListener('click', () => {
      showRows(LIMITS.tableRowsShown);
      if (shown >= rows.length) button.remove();
      else label();
    });
    wrap.append(button);
  }
  return wrap;
}
