/**
 * What the site knows about an example before any code runs: plain data with no imports, so pages
 * and the island can list examples and draw their controls without loading TF.js. The code lives
 * in `playground/examples/<id>.ts`; user code reads the controls with `param(name, default)`.
 */

export type InputKind = 'image' | 'drawing' | 'model-files';

interface ControlBase {
  /** The name user code reads with param(name, …); also the key in share links. */
  name: string;
  /** Visible label, short ("Activation", "Learning rate"). */
  label: string;
  /** One sentence under the control, for what the label cannot say. */
  help?: string;
}

export type Control =
  | (ControlBase & { type: 'range'; min: number; max: number; step: number; value: number; scale?: 'linear' | 'log' })
  | (ControlBase & { type: 'number'; min?: number; max?: number; step?: number; value: number })
  | (ControlBase & { type: 'select'; options: Array<{ value: string; label: string }>; value: string })
  | (ControlBase & { type: 'checkbox'; value: boolean })
  /** A grid of numbers (rows first), e.g. a kernel, with optional presets of the same shape. */
  | (ControlBase & { type: 'grid'; value: number[][]; step?: number; presets?: Array<{ label: string; value: number[][] }> })
  /** A whole-number seed with a "new seed" button: the same seed repeats a run exactly. */
  | (ControlBase & { type: 'seed'; value: number });

export type ControlType = Control['type'];

export interface ExampleInfo {
  id: string;
  title: string;
  /** One sentence for the example picker. */
  summary: string;
  /** What the reader can hand to the run from the page. */
  inputs?: InputKind[];
  /** Largest side of an uploaded image before it is scaled down (pixels). */
  maxImageSize?: number;
  /** A sample photo (file in playground/shared/sample-photos.ts) chosen when the page opens. */
  samplePhoto?: string;
  /** Controls shown above the code; user code reads them with param(name, default). */
  controls?: Control[];
  /**
   * Cheap labs (well under a second) run again on every control change; others say "settings
   * changed — Run" and wait for the reader.
   */
  live?: boolean;
  /**
   * Keep earlier runs in plots that ask for it (`compare: true`), labelled by the settings that
   * differed, with a "Clear runs" button. On by default for examples with controls.
   */
  compare?: boolean;
}
