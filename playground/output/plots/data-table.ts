/**
 * Every plot as plain tables: the text alternative under "Data table" and the CSV download. Pure
 * functions of the plot data (tested in Node). The CSV keeps every value at full precision; the
 * page's table shows an evenly spread sample of very long tables, with a note.
 */
import type { PlotSpec, XYSeries } from '../../shared/messages.ts';
import { evenly } from './downsample.ts';

export type Cell = string | number;

export interface DataTable {
  /** Shown above the table when a plot has more than one (a heatmap and the paths drawn on it). */
  caption?: string;
  /** Column names; numbers where the columns are positions (a heatmap's x), formatted when shown. */
  columns: Cell[];
  rows: Cell[][];
  /** The first cell of each row names the row (a category, a matrix row): a row header. */
  rowHeaders?: boolean;
}

/** Most rows and columns the page shows per table; the CSV has them all. */
export const MAX_TABLE_ROWS = 200;
export const MAX_TABLE_COLUMNS = 41;

const blank = (v: number | undefined): Cell => (v === undefined || !Number.isFinite(v) ? '' : v);

/** Lines: one row per x with a column per series when every series has each x once; else long. */
function xyTable(spec: PlotSpec & { series: XYSeries[] }, wide: boolean): DataTable {
  const x = spec.xLabel || 'x';
  const y = spec.yLabel || 'y';
  const hasLabels = spec.series.some((s) => s.labels?.length);
  const uniqueX = spec.series.every((s) => new Set(s.points.map((p) => p[0])).size === s.points.length);
  if (wide && uniqueX && !hasLabels) {
    const rows = new Map<number, Cell[]>();
    spec.series.forEach((s, k) => {
      for (const [px, py] of s.points) {
        let row = rows.get(px);
        if (!row) {
          row = [px, ...spec.series.map(() => '' as Cell)];
          rows.set(px, row);
        }
        row[k + 1] = blank(py);
      }
    });
    return {
      columns: [x, ...spec.series.map((s) => s.name)],
      rows: [...rows.values()].sort((a, b) => (a[0] as number) - (b[0] as number)),
      rowHeaders: true,
    };
  }
  const columns = [...(spec.series.length > 1 ? ['series'] : []), x, y, ...(hasLabels ? ['label'] : [])];
  const rows = spec.series.flatMap((s) =>
    s.points.map(([px, py], i) => [...(spec.series.length > 1 ? [s.name] : []), blank(px), blank(py), ...(hasLabels ? [s.labels?.[i] ?? ''] : [])]),
  );
  return { columns, rows, rowHeaders: false };
}

function sameBins(series: Array<{ bins: Array<[number, number, number]> }>): boolean {
  const first = series[0]?.bins ?? [];
  return series.every((s) => s.bins.length === first.length && s.bins.every((b, i) => b[0] === first[i]![0] && b[1] === first[i]![1]));
}

function heatmapTables(spec: Extract<PlotSpec, { kind: 'heatmap' }>): DataTable[] {
  const rows = spec.values.length;
  const cols = Math.max(0, ...spec.values.map((r) => r.length));
  // Cell centres, without float noise (0.41666666666666696 → 0.416666666667).
  const centre = (range: [number, number] | undefined, i: number, n: number) =>
    range ? Number((range[0] + ((i + 0.5) * (range[1] - range[0])) / n).toPrecision(12)) : i + 1;
  const colNames = Array.from({ length: cols }, (_, c): Cell => spec.xTicks?.[c] ?? centre(spec.x, c, cols));
  const rowName = (r: number): Cell => spec.yTicks?.[r] ?? (spec.y ? centre(spec.y, r, rows) : r + 1);
  const corner = spec.y || spec.x ? `${spec.yLabel || 'y'} \\ ${spec.xLabel || 'x'}` : `${spec.yLabel || 'row'} \\ ${spec.xLabel || 'column'}`;
  const cells: DataTable = {
    caption: spec.paths?.length ? `Values${spec.colorLabel ? ` (${spec.colorLabel})` : ''}` : undefined,
    columns: [corner, ...colNames],
    rows: spec.values.map((row, r) => [rowName(r), ...Array.from({ length: cols }, (_, c) => blank(row[c]))]),
    rowHeaders: true,
  };
  const tables = [cells];
  for (const path of spec.paths ?? []) {
    tables.push({
      caption: `Path: ${path.name}`,
      columns: ['point', spec.xLabel || 'x', spec.yLabel || 'y'],
      rows: path.points.map(([x, y], i) => [i + 1, blank(x), blank(y)]),
    });
  }
  return tables;
}

/** The plot's data as one or more tables. */
export function tablesOf(spec: PlotSpec): DataTable[] {
  switch (spec.kind) {
    case 'line':
      return [xyTable(spec, true)];
    case 'scatter':
      return [xyTable(spec, false)];
    case 'bar':
      return [
        {
          columns: [spec.xLabel || 'category', ...spec.series.map((s) => s.name)],
          rows: spec.categories.map((c, i) => [c, ...spec.series.map((s) => blank(s.values[i]))]),
          rowHeaders: true,
        },
      ];
    case 'histogram':
      if (sameBins(spec.series)) {
        const bins = spec.series[0]?.bins ?? [];
        return [
          {
            columns: ['bin start', 'bin end', ...spec.series.map((s) => s.name)],
            rows: bins.map(([x0, x1], i) => [x0, x1, ...spec.series.map((s) => s.bins[i]![2])]),
          },
        ];
      }
      return [
        { columns: ['series', 'bin start', 'bin end', 'count'], rows: spec.series.flatMap((s) => s.bins.map(([x0, x1, c]) => [s.name, x0, x1, c])) },
      ];
    case 'heatmap':
      return heatmapTables(spec);
  }
}

function csvField(v: Cell): string {
  const text = typeof v === 'number' ? (Number.isFinite(v) ? String(v) : '') : v;
  return /[",\n\r]/.test(text) || /^\s|\s$/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** CSV (RFC 4180, CRLF line ends); several tables are separated by a blank line and their caption. */
export function toCsv(tables: readonly DataTable[]): string {
  const lines: string[] = [];
  tables.forEach((t, i) => {
    if (i > 0) lines.push('');
    if (tables.length > 1 && t.caption) lines.push(csvField(t.caption));
    lines.push(t.columns.map(csvField).join(','));
    for (const row of t.rows) lines.push(row.map(csvField).join(','));
  });
  return `${lines.join('\r\n')}\r\n`;
}

/** What the page shows of a long or wide table, and a note saying what was left out. */
export function visiblePart(table: DataTable): { table: DataTable; note: string } {
  const notes: string[] = [];
  let { columns, rows } = table;
  if (columns.length > MAX_TABLE_COLUMNS) {
    notes.push(`the first ${MAX_TABLE_COLUMNS - 1} of ${columns.length - 1} columns`);
    columns = columns.slice(0, MAX_TABLE_COLUMNS);
    rows = rows.map((r) => r.slice(0, MAX_TABLE_COLUMNS));
  }
  if (rows.length > MAX_TABLE_ROWS) {
    notes.push(`${MAX_TABLE_ROWS} of ${rows.length.toLocaleString('en-US')} rows, evenly spread`);
    rows = evenly(rows, MAX_TABLE_ROWS);
  }
  const note = notes.length ? `Showing ${notes.join(' and ')}; Download CSV has every value.` : '';
  return { table: { ...table, columns, rows }, note };
}
