/**
 * Sliders for values that span decades, such as learning rates. With `scale: 'log'` the slider
 * moves in powers of ten, twelve positions a decade, so 0.001 → 0.01 takes as many steps as
 * 0.1 → 1; a position reads back rounded to two significant figures (1, 1.2, 1.5, 1.8, 2.2, …),
 * and the control's default reads back exactly. Linear sliders pass through unchanged. Used by
 * the server-rendered controls and by the island, so both agree on every position.
 */

export interface RangeLike {
  min: number;
  max: number;
  step: number;
  value: number;
  scale?: 'linear' | 'log';
}

/** Slider positions per decade on a log scale. */
export const LOG_POSITIONS_PER_DECADE = 12;
const LOG_STEP = 1 / LOG_POSITIONS_PER_DECADE;

const isLog = (c: RangeLike) => c.scale === 'log' && c.min > 0 && c.max > c.min;

/** The <input type="range"> attributes, in slider units. */
export function sliderAttributes(c: RangeLike): { min: number; max: number; step: number; value: number } {
  if (!isLog(c)) return { min: c.min, max: c.max, step: c.step, value: c.value };
  const min = Math.log10(c.min);
  // The last position reaches the maximum (read back clamped to it), even when the range is not a whole number of steps.
  const max = min + Math.ceil((Math.log10(c.max) - min) / LOG_STEP - 1e-9) * LOG_STEP;
  return { min, max, step: LOG_STEP, value: toSlider(c, c.value) };
}

/** The slider position for a value (clamped to the range). */
export function toSlider(c: RangeLike, value: number): number {
  if (!isLog(c)) return value;
  return Math.log10(Math.min(c.max, Math.max(c.min, value)));
}

/** The value a slider position stands for. */
export function fromSlider(c: RangeLike, position: number): number {
  if (!isLog(c)) return position;
  // The browser snaps positions to min + k·step: whatever position the default snapped to means the default.
  const snapped = (p: number) => Math.round((p - Math.log10(c.min)) / LOG_STEP);
  if (snapped(position) === snapped(toSlider(c, c.value))) return c.value;
  const v = Number((10 ** position).toPrecision(2));
  return Math.min(c.max, Math.max(c.min, v));
}
