/**
 * The one place where messages from the sandbox are checked. The sandbox runs code from anyone
 * (a shared link), and that code can post any message it likes on the worker's port, so the page
 * (runner/gate.ts) rebuilds every message from its known fields only: types, finite numbers,
 * sizes, lengths. Long text is cut rather than refused; anything else malformed is refused with
 * a reason. The worker checks its own output with the same function, so honest code hears the
 * reason as an error from the call that made it (e.g. `show()` of a NaN-sized image).
 *
 * Each object is described field by field with `Fields<T>`, which lists every key of T: adding a
 * field to protocol.ts or messages.ts fails the type check until it is validated here too.
 */
import { CUT_NOTE_CHARS, cutLine, LIMITS } from './limits.ts';
import type {
  BarPlot,
  HeatmapPlot,
  HistogramPlot,
  ImageMessage,
  LinePlot,
  LogLevel,
  PlotAppend,
  PlotSpec,
  ProgressMessage,
  ScatterPlot,
  TableMessage,
  XYSeries,
} from './messages.ts';
import type { MemoryInfo, WorkerToHost } from './protocol.ts';

export const LOG_LEVELS: readonly LogLevel[] = ['log', 'info', 'warn', 'error', 'debug'];

class Invalid extends Error {}

type Check<T> = (value: unknown, path: string) => T;
/** A checker for every key of T, optional ones included (they receive and may return undefined). */
type Fields<T> = { [K in keyof Required<T>]: Check<T[K]> };

function fail(path: string, problem: string): never {
  throw new Invalid(`${path} ${problem}`);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !ArrayBuffer.isView(value);
}

/** An object with exactly the described fields (others are ignored, not copied). */
function object<T>(fields: Fields<T>): Check<T> {
  return (value, path) => {
    if (!isRecord(value)) fail(path, 'is not an object');
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(fields) as Array<keyof T & string>) {
      const checked = (fields[key] as Check<unknown>)(value[key], `${path}.${key}`);
      if (checked !== undefined) out[key] = checked;
    }
    return out as T;
  };
}

const optional =
  <T>(check: Check<T>): Check<T | undefined> =>
  (value, path) =>
    value === undefined ? undefined : check(value, path);

function literal<const T extends string>(...allowed: T[]): Check<T> {
  return (value, path) => (allowed.includes(value as T) ? (value as T) : fail(path, `is not one of ${allowed.join(', ')}`));
}

/**
 * Text shown to the reader: cut to `max` characters (with a note), never refused for its length.
 * Text the worker already cut (with its note) passes unchanged.
 */
function text(max: number = LIMITS.textChars): Check<string> {
  return (value, path) =>
    typeof value === 'string' ? (value.length <= max + CUT_NOTE_CHARS ? value : cutLine(value, max)) : fail(path, 'is not text');
}

/** A name that identifies something (a plot id, a group): refused when too long. */
function name(max = 200): Check<string> {
  return (value, path) => (typeof value === 'string' && value.length <= max ? value : fail(path, `is not text of at most ${max} characters`));
}

const boolean: Check<boolean> = (value, path) => (typeof value === 'boolean' ? value : fail(path, 'is not true or false'));

const finite: Check<number> = (value, path) => (typeof value === 'number' && Number.isFinite(value) ? value : fail(path, 'is not a finite number'));

function finiteAtLeast(min: number): Check<number> {
  return (value, path) => (finite(value, path) >= min ? (value as number) : fail(path, `is below ${min}`));
}

function integer(min: number, max = Number.MAX_SAFE_INTEGER): Check<number> {
  return (value, path) =>
    Number.isInteger(value) && (value as number) >= min && (value as number) <= max
      ? (value as number)
      : fail(path, `is not a whole number from ${min} to ${max}`);
}

/** A data value on a plot: any number; NaN and infinities become NaN (drawn as a gap). */
const dataValue: Check<number> = (value, path) =>
  typeof value === 'number' ? (Number.isFinite(value) ? value : Number.NaN) : fail(path, 'is not a number');

/**
 * Entries one message may hold in all its lists together; counted before each list is read, so a
 * forged message with millions of entries is refused before any time is spent on them.
 */
const MESSAGE_ENTRIES = 1_000_000;
let entriesLeft = MESSAGE_ENTRIES;

function spend(count: number, path: string): void {
  entriesLeft -= count;
  if (entriesLeft < 0) fail(path, `makes the message hold more than ${MESSAGE_ENTRIES.toLocaleString('en-US')} entries`);
}

function array<T>(item: Check<T>, max: number): Check<T[]> {
  return (value, path) => {
    if (!Array.isArray(value)) fail(path, 'is not a list');
    if (value.length > max) fail(path, `has ${value.length.toLocaleString('en-US')} entries (at most ${max.toLocaleString('en-US')})`);
    spend(value.length, path);
    const out = new Array<T>(value.length);
    for (let i = 0; i < value.length; i++) out[i] = item(value[i], `${path}[${i}]`);
    return out;
  };
}

function pair<T>(item: Check<T>): Check<[T, T]> {
  return (value, path) => {
    if (!Array.isArray(value) || value.length !== 2) fail(path, 'is not a pair');
    return [item(value[0], `${path}[0]`), item(value[1], `${path}[1]`)];
  };
}

/** A record of named numbers, e.g. one x's values per series. */
function numbers(maxKeys: number): Check<Record<string, number>> {
  return (value, path) => {
    if (!isRecord(value)) fail(path, 'is not an object');
    const keys = Object.keys(value);
    if (keys.length > maxKeys) fail(path, `has ${keys.length} keys (at most ${maxKeys})`);
    spend(keys.length, path);
    // fromEntries defines own properties, so a key such as "__proto__" stays plain data.
    return Object.fromEntries(keys.map((k) => [name(LIMITS.textChars)(k, `${path} key`), dataValue(value[k], `${path}.${k}`)]));
  };
}

// ---- plots ------------------------------------------------------------------------------------

const point: Check<[number, number]> = (value, path) => {
  if (!Array.isArray(value) || value.length !== 2) fail(path, 'is not an [x, y] point');
  return [finite(value[0], `${path}[0]`), dataValue(value[1], `${path}[1]`)];
};

const xySeries: Check<XYSeries> = (value, path) => {
  const series = object<XYSeries>({
    name: text(),
    points: array(point, LIMITS.plotPointsPerMessage),
    labels: optional(array(text(), LIMITS.plotPointsPerMessage)),
  })(value, path);
  if (series.labels && series.labels.length !== series.points.length) fail(`${path}.labels`, 'has not one label per point');
  return series;
};

const axisScale = optional(literal('linear', 'log'));

/** The fields every plot kind has. */
const plotBase = {
  id: name(),
  title: text(),
  xLabel: optional(text()),
  yLabel: optional(text()),
  xScale: axisScale,
  yScale: axisScale,
  yDomain: optional(pair(finite)),
  compare: optional(boolean),
  description: optional(text(LIMITS.messageChars)),
};

const linePlot = object<LinePlot>({ ...plotBase, kind: literal('line'), series: array(xySeries, LIMITS.plotSeries), live: optional(boolean) });
const scatterPlot = object<ScatterPlot>({ ...plotBase, kind: literal('scatter'), series: array(xySeries, LIMITS.plotSeries) });
const barPlot = object<BarPlot>({
  ...plotBase,
  kind: literal('bar'),
  categories: array(text(), LIMITS.plotCategories),
  series: array(object({ name: text(), values: array(dataValue, LIMITS.plotCategories) }), LIMITS.plotSeries),
});
const bin: Check<[number, number, number]> = (value, path) => {
  if (!Array.isArray(value) || value.length !== 3) fail(path, 'is not an [x0, x1, count] bin');
  return [finite(value[0], `${path}[0]`), finite(value[1], `${path}[1]`), finiteAtLeast(0)(value[2], `${path}[2]`)];
};
const histogramPlot = object<HistogramPlot>({
  ...plotBase,
  kind: literal('histogram'),
  series: array(object({ name: text(), bins: array(bin, LIMITS.histogramBins) }), LIMITS.plotSeries),
});
const heatmapPlot = object<HeatmapPlot>({
  ...plotBase,
  kind: literal('heatmap'),
  values: array(array(dataValue, LIMITS.heatmapCells), LIMITS.heatmapCells),
  xTicks: optional(array(text(), LIMITS.plotCategories)),
  yTicks: optional(array(text(), LIMITS.plotCategories)),
  x: optional(pair(finite)),
  y: optional(pair(finite)),
  showValues: optional(boolean),
  scheme: optional(literal('sequential', 'diverging')),
  domain: optional(pair(finite)),
  colorLabel: optional(text()),
  paths: optional(array(xySeries, LIMITS.plotSeries)),
});

/** Points a plot holds (what the renderer has to draw), for the per-plot limit. */
export function plotSize(spec: PlotSpec): number {
  switch (spec.kind) {
    case 'line':
    case 'scatter':
      return spec.series.reduce((n, s) => n + s.points.length, 0);
    case 'bar':
      return spec.series.reduce((n, s) => n + s.values.length, 0);
    case 'histogram':
      return spec.series.reduce((n, s) => n + s.bins.length, 0);
    case 'heatmap':
      return spec.values.reduce((n, row) => n + row.length, 0) + (spec.paths ?? []).reduce((n, s) => n + s.points.length, 0);
  }
}

const plotSpec: Check<PlotSpec> = (value, path) => {
  const kind = isRecord(value) ? value.kind : undefined;
  const spec =
    kind === 'line'
      ? linePlot(value, path)
      : kind === 'scatter'
        ? scatterPlot(value, path)
        : kind === 'bar'
          ? barPlot(value, path)
          : kind === 'histogram'
            ? histogramPlot(value, path)
            : kind === 'heatmap'
              ? heatmapPlot(value, path)
              : fail(`${path}.kind`, 'is not a known plot kind');
  const size = plotSize(spec);
  if (size > LIMITS.plotPointsPerMessage) {
    fail(
      path,
      `has ${size.toLocaleString('en-US')} points, more than the ${LIMITS.plotPointsPerMessage.toLocaleString('en-US')} a plot can show at once (thin the data, or push it to a live chart)`,
    );
  }
  if (spec.kind === 'heatmap') {
    const width = spec.values[0]?.length ?? 0;
    if (spec.values.some((row) => row.length !== width)) fail(`${path}.values`, 'has rows of different lengths');
  }
  return spec;
};

const plotAppend = object<PlotAppend>({
  id: name(),
  points: array(object({ x: finite, values: numbers(LIMITS.plotSeries) }), LIMITS.plotPointsPerMessage),
});

// ---- images, tables, progress -------------------------------------------------------------------

const rgbaBytes: Check<Uint8ClampedArray> = (value, path) => {
  if (!(value instanceof Uint8ClampedArray)) fail(path, 'is not a Uint8ClampedArray');
  // A view into a larger buffer is copied, so that only its own bytes travel on.
  return value.byteOffset === 0 && value.byteLength === value.buffer.byteLength ? value : value.slice();
};

const imageMessage: Check<ImageMessage> = (value, path) => {
  const side = integer(1, LIMITS.imageSide);
  const image = object<ImageMessage>({
    label: text(),
    width: side,
    height: side,
    rgba: rgbaBytes,
    scale: (v, p) => Math.min(LIMITS.imageScale, Math.max(1, Math.round(finite(v, p)))),
    group: optional(name()),
    slot: optional(integer(0, LIMITS.imagesPerRun)),
    groupTitle: optional(text()),
    range: optional(pair(finite)),
  })(value, path);
  if (image.width * image.height > LIMITS.imagePixels) {
    fail(path, `is ${image.width}×${image.height} pixels (at most ${LIMITS.imagePixels.toLocaleString('en-US')} pixels)`);
  }
  if (image.rgba.length !== 4 * image.width * image.height) fail(`${path}.rgba`, `has ${image.rgba.length} bytes, not 4 × width × height`);
  return image;
};

const cell: Check<string | number> = (value, path) => (typeof value === 'number' ? value : text()(value, path));

const tableMessage: Check<TableMessage> = (value, path) => {
  const table = object<TableMessage>({
    caption: text(),
    columns: array(text(), LIMITS.tableColumns),
    rows: array(array(cell, LIMITS.tableColumns), LIMITS.tableRows),
    totalRows: optional(integer(0)),
  })(value, path);
  if (table.totalRows !== undefined && table.totalRows < table.rows.length) fail(`${path}.totalRows`, 'is fewer than the rows sent');
  return table;
};

const progressMessage: Check<ProgressMessage> = (value, path) => {
  const progress = object<ProgressMessage>({
    id: name(),
    label: text(),
    done: finiteAtLeast(0),
    total: finiteAtLeast(0),
    elapsedMs: finiteAtLeast(0),
  })(value, path);
  return { ...progress, done: Math.min(progress.done, progress.total) };
};

const memoryInfo = object<MemoryInfo>({ numTensors: integer(0), numBytes: finiteAtLeast(0) });

// ---- messages ---------------------------------------------------------------------------------

type Of<T extends WorkerToHost['type']> = Extract<WorkerToHost, { type: T }>;
const runId = integer(1);
const line = optional(integer(1));

const MESSAGES: { [T in WorkerToHost['type']]: Check<Of<T>> } = {
  ready: object<Of<'ready'>>({ type: literal('ready') }),
  pong: object<Of<'pong'>>({ type: literal('pong'), id: integer(0) }),
  backend: object<Of<'backend'>>({
    type: literal('backend'),
    runId,
    name: name(40),
    notices: array(text(LIMITS.messageChars), LIMITS.backendNotices),
    note: optional(text(LIMITS.messageChars)),
  }),
  log: object<Of<'log'>>({ type: literal('log'), runId, level: literal(...LOG_LEVELS), text: text(LIMITS.lineChars) }),
  plot: object<Of<'plot'>>({ type: literal('plot'), runId, message: plotSpec }),
  'plot-append': object<Of<'plot-append'>>({ type: literal('plot-append'), runId, message: plotAppend }),
  image: object<Of<'image'>>({ type: literal('image'), runId, message: imageMessage }),
  table: object<Of<'table'>>({ type: literal('table'), runId, message: tableMessage }),
  progress: object<Of<'progress'>>({ type: literal('progress'), runId, message: progressMessage }),
  'asset-request': object<Of<'asset-request'>>({ type: literal('asset-request'), requestId: integer(1), path: name(LIMITS.assetPathChars) }),
  error: object<Of<'error'>>({
    type: literal('error'),
    runId,
    phase: literal('compile', 'runtime'),
    message: text(LIMITS.messageChars),
    line,
    column: line,
  }),
  done: object<Of<'done'>>({
    type: literal('done'),
    runId,
    ms: finiteAtLeast(0),
    memoryBefore: memoryInfo,
    memoryAfter: memoryInfo,
    backend: name(40),
    omittedLines: optional(integer(0)),
  }),
};

export type Checked =
  | { ok: true; message: WorkerToHost }
  /** `requestId` is set when a malformed asset request can still be answered (with an error). */
  | { ok: false; reason: string; type?: string; runId?: number; requestId?: number };

/** Check one message from the sandbox; never throws. */
export function validateWorkerMessage(raw: unknown): Checked {
  const type = isRecord(raw) && typeof raw.type === 'string' ? raw.type : undefined;
  const check = type !== undefined && Object.hasOwn(MESSAGES, type) ? (MESSAGES[type as WorkerToHost['type']] as Check<WorkerToHost>) : undefined;
  if (!check) return { ok: false, reason: type === undefined ? 'a message without a type' : `a message of unknown type '${cutLine(type, 40)}'` };
  entriesLeft = MESSAGE_ENTRIES;
  try {
    return { ok: true, message: check(raw, type as string) };
  } catch (error) {
    const record = raw as Record<string, unknown>;
    const reason = error instanceof Invalid ? error.message : `${type}: ${String(error)}`;
    const id = (key: string) => (Number.isSafeInteger(record[key]) && (record[key] as number) > 0 ? (record[key] as number) : undefined);
    return { ok: false, reason, type, runId: id('runId'), requestId: type === 'asset-request' ? id('requestId') : undefined };
  }
}
