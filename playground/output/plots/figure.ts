/**
 * The HTML around a plot: its visible title, the drawing area (one SVG, role="img"), the legend,
 * the colour scale of heatmaps, a "Data table" disclosure with real tables, and the download
 * buttons. All text from a run goes in with textContent (run output is not trusted).
 */
import type { PlotSpec } from '../../shared/messages.ts';
import { type DataTable, visiblePart } from './data-table.ts';
import { type ColorRamp, type LegendKey, SYMBOLS } from './draw.ts';
import { formatNumber } from './summary.ts';

export interface FigureParts {
  title: HTMLElement;
  area: HTMLElement;
  legend: HTMLUListElement;
  ramp: HTMLElement;
  details: HTMLDetailsElement;
  tables: HTMLElement;
  png: HTMLButtonElement;
  csv: HTMLButtonElement;
  /** A line for problems (a download that failed). */
  message: HTMLElement;
}

const GLYPHS: Record<(typeof SYMBOLS)[number], [string, string]> = {
  circle: ['●', '○'],
  square: ['■', '□'],
  triangle: ['▲', '△'],
  diamond: ['◆', '◇'],
};

function el<K extends keyof HTMLElementTagNameMap>(tag: K, className?: string, text?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

/** Build the figure's parts once; the plot and its legend are redrawn into them. */
export function buildFigure(figure: HTMLElement, spec: PlotSpec): FigureParts {
  const caption = el('figcaption', 'pg-plot-title');
  const area = el('div', 'pg-plot-area');
  const legend = el('ul', 'pg-plot-legend');
  legend.hidden = true;
  const ramp = el('div', 'pg-plot-ramp');
  ramp.hidden = true;
  const details = el('details', 'pg-plot-data');
  details.append(el('summary', undefined, 'Data table'));
  const tables = el('div', 'pg-plot-tables');
  details.append(tables);
  const actions = el('div', 'pg-plot-actions');
  const png = el('button', 'pg-download', 'Download PNG');
  const csv = el('button', 'pg-download', 'Download CSV');
  png.type = 'button';
  csv.type = 'button';
  const message = el('span', 'pg-plot-message');
  message.setAttribute('role', 'status');
  actions.append(png, csv, message);
  figure.replaceChildren(caption, area, legend, ramp, details, actions);
  const parts = { title: caption, area, legend, ramp, details, tables, png, csv, message };
  setTitle(parts, spec.title);
  return parts;
}

export function setTitle(parts: FigureParts, title: string): void {
  const name = title || 'Plot';
  parts.title.textContent = name;
  parts.png.setAttribute('aria-label', `Download PNG: ${name}`);
  parts.csv.setAttribute('aria-label', `Download CSV: ${name}`);
}

/** Legend entries with a swatch in the series' colour and style (dashed / hollow / pale for earlier runs). */
export function renderLegend(list: HTMLUListElement, keys: readonly LegendKey[], show: boolean): void {
  list.hidden = !show;
  if (!show) {
    list.replaceChildren();
    return;
  }
  list.replaceChildren(
    ...keys.map((key) => {
      const item = el('li', key.earlier ? 'pg-key pg-key-earlier' : 'pg-key');
      const swatch = el('span', `pg-swatch pg-swatch-${key.mark}`);
      swatch.setAttribute('aria-hidden', 'true');
      swatch.style.color = key.color;
      if (key.outline) swatch.style.outline = `1px solid ${key.outline}`;
      if (key.mark === 'dot') swatch.textContent = GLYPHS[SYMBOLS[key.symbol ?? 0] ?? 'circle'][key.earlier ? 1 : 0];
      item.append(swatch, el('span', 'pg-key-name', key.name));
      if (key.earlier) item.title = 'an earlier run';
      return item;
    }),
  );
}

/** The colour scale of a heatmap: a gradient bar with its two ends (and zero when diverging) labelled. */
export function renderRamp(box: HTMLElement, ramp: ColorRamp | undefined): void {
  box.hidden = !ramp;
  if (!ramp) {
    box.replaceChildren();
    return;
  }
  const bar = el('span', 'pg-ramp-bar');
  bar.style.background = `linear-gradient(to right, ${ramp.stops.join(', ')})`;
  bar.setAttribute('aria-hidden', 'true');
  const ends = el('span', 'pg-ramp-ends');
  ends.append(el('span', undefined, formatNumber(ramp.domain[0])));
  if (ramp.diverging) ends.append(el('span', undefined, '0'));
  ends.append(el('span', undefined, formatNumber(ramp.domain[1])));
  const label = el('span', 'pg-ramp-label', ramp.label);
  const scale = el('span', 'pg-ramp-scale');
  scale.append(bar, ends);
  box.replaceChildren(label, scale);
  box.setAttribute('role', 'note');
  box.setAttribute(
    'aria-label',
    `Colour scale for ${ramp.label}: ${ramp.diverging ? 'blue below zero, white at zero, red above, ' : 'dark purple to yellow, '}from ${formatNumber(ramp.domain[0])} to ${formatNumber(ramp.domain[1])}.`,
  );
}

const cellText = (v: string | number) => (typeof v === 'number' ? (Number.isFinite(v) ? String(Number(v.toPrecision(6))) : '') : v);

function tableElement(data: DataTable): HTMLElement {
  const { table: shown, note } = visiblePart(data);
  const wrap = el('div', 'pg-table');
  const table = el('table');
  if (data.caption) table.createCaption().textContent = data.caption;
  const head = table.createTHead().insertRow();
  for (const c of shown.columns) {
    const th = el('th', undefined, cellText(c));
    th.scope = 'col';
    head.append(th);
  }
  const body = table.createTBody();
  for (const row of shown.rows) {
    const tr = body.insertRow();
    row.forEach((cell, i) => {
      if (i === 0 && shown.rowHeaders) {
        const th = el('th', undefined, cellText(cell));
        th.scope = 'row';
        tr.append(th);
      } else {
        tr.insertCell().textContent = cellText(cell);
      }
    });
  }
  wrap.append(table);
  if (note) wrap.append(el('p', 'pg-plot-note', note));
  // Wide tables scroll sideways; keyboard users reach the scroller with Tab.
  wrap.tabIndex = 0;
  wrap.setAttribute('role', 'region');
  wrap.setAttribute('aria-label', data.caption ? `Data: ${data.caption}` : 'Data');
  return wrap;
}

export function renderTables(box: HTMLElement, tables: readonly DataTable[], title: string): void {
  box.replaceChildren(
    ...tables.map((t) => {
      const node = tableElement(t);
      node.setAttribute('aria-label', `Data of ${title}${t.caption ? `: ${t.caption}` : ''}`);
      return node;
    }),
  );
}
