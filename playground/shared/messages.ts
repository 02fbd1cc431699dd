/**
 * What a run can show, as plain data: the payloads that travel from user code (worker or Node) to
 * whoever renders them (the page, or a recording sink in tests). No imports, no TF.js, so the page
 * side can import these types freely; every payload is checked again on arrival (see
 * playground/shared/validate.ts) because the sandbox is not trusted.
 */

export type LogLevel = 'log' | 'info' | 'warn' | 'error' | 'debug';

/** A control's value: numbers, text, switches, and numeric grids (e.g. a 3×3 kernel, rows first). */
export type ParamValue = number | string | boolean | number[][];

/** An image the reader chose in the page (upload, drop, camera, drawing), handed to the run. */
export interface InputImage {
  name: string;
  width: number;
  height: number;
  rgba: Uint8ClampedArray;
}

/** A file the reader chose in the page (for example model.json and weight shards). */
export interface InputFile {
  name: string;
  bytes: ArrayBuffer;
}

export interface Inputs {
  image: InputImage | null;
  files: InputFile[];
  /** Values of the example's controls in the page, by name. */
  params: Record<string, ParamValue>;
}

// ---- plots ----------------------------------------------------------------------------------

export type AxisScale = 'linear' | 'log';

/** One named series of (x, y) points. */
export interface XYSeries {
  name: string;
  points: Array<[number, number]>;
  /** Optional text per point (shown on hover and in the data table), same length as points. */
  labels?: string[];
}

/** Options every plot takes: user code passes them (see runtime/plots.ts), the plot carries them. */
export interface PlotOptions {
  xLabel?: string;
  yLabel?: string;
  xScale?: AxisScale;
  yScale?: AxisScale;
  /** Fixed y range; otherwise it follows the data. */
  yDomain?: [number, number];
  /**
   * Keep this plot's series across runs: each earlier run stays on the same axes, its series named
   * after the settings that differed ("activation = sigmoid"), until the reader clears them.
   * Plots are matched across runs by title.
   */
  compare?: boolean;
  /** One or two sentences saying what the plot shows (its text alternative adds a data table). */
  description?: string;
}

interface PlotBase extends PlotOptions {
  /** Unique within a run; live plots receive appends by this id. */
  id: string;
  title: string;
}

/** Lines; `live` ones grow by PlotAppend messages while the run goes on. */
export interface LinePlot extends PlotBase {
  kind: 'line';
  series: XYSeries[];
  live?: boolean;
}

export interface ScatterPlot extends PlotBase {
  kind: 'scatter';
  series: XYSeries[];
}

/** Bars: one group per category, one bar per series within the group. */
export interface BarPlot extends PlotBase {
  kind: 'bar';
  categories: string[];
  series: Array<{ name: string; values: number[] }>;
}

/** Counts in bins [x0, x1), already binned by the run (so a million values cost a few hundred numbers). */
export interface HistogramPlot extends PlotBase {
  kind: 'histogram';
  series: Array<{ name: string; bins: Array<[number, number, number]> }>;
}

/**
 * A matrix of values as coloured cells, rows top to bottom. With `xTicks`/`yTicks` the cells are
 * categories (a confusion matrix); with `x`/`y` ranges they tile a continuous plane (a cost surface),
 * on which `paths` can be drawn in the same coordinates.
 */
export interface HeatmapPlot extends PlotBase {
  kind: 'heatmap';
  values: number[][];
  xTicks?: string[];
  yTicks?: string[];
  x?: [number, number];
  y?: [number, number];
  /** Print each cell's value in it (small matrices such as confusion matrices). */
  showValues?: boolean;
  /** 'diverging' centres the colours on zero (weights, gradients); 'sequential' for counts, costs. */
  scheme?: 'sequential' | 'diverging';
  /** Colour range; otherwise the data's range. */
  domain?: [number, number];
  /** Name of what the colour means, for the legend ("count", "test accuracy"). */
  colorLabel?: string;
  paths?: XYSeries[];
}

export type PlotSpec = LinePlot | ScatterPlot | BarPlot | HistogramPlot | HeatmapPlot;
export type PlotKind = PlotSpec['kind'];

/** New points for a live line plot: one x and a value for some or all of its series. */
export interface PlotAppend {
  id: string;
  points: Array<{ x: number; values: Record<string, number> }>;
}

// ---- images, tables, progress -----------------------------------------------------------------

export interface ImageMessage {
  label: string;
  width: number;
  height: number;
  /** RGBA, 8 bits per channel, row-major; length 4 · width · height. */
  rgba: Uint8ClampedArray;
  /** Suggested integer upscaling for tiny images (drawn with crisp pixels). */
  scale: number;
  /**
   * Images with the same group are laid out together in a grid; a same-label image replaces its
   * twin (live-updating pictures), or, where `slot` is given, the image in the same slot.
   */
  group?: string;
  /** Position in its group's grid (showGrid): labels may repeat there, as the digits of a sample do. */
  slot?: number;
  /** Heading of the group's grid (the first image that names it sets it). */
  groupTitle?: string;
  /** The values that black and white stand for, when the image was stretched (a colour-scale legend). */
  range?: [number, number];
}

export interface TableMessage {
  caption: string;
  columns: string[];
  rows: Array<Array<string | number>>;
  /** Rows the code made, when more than the rows sent (tables are cut at LIMITS.tableRows). */
  totalRows?: number;
}

export interface ProgressMessage {
  id: string;
  label: string;
  done: number;
  total: number;
  elapsedMs: number;
}
