import { describe, expect, it } from 'vitest';
import { fromSlider, sliderAttributes, toSlider } from '../../playground/shared/range-scale.ts';

const lr = { min: 0.01, max: 3, step: 0.01, value: 0.1, scale: 'log' as const };

/** Every position a browser lets the slider take: min + k·step up to max. */
function positions(c: typeof lr): number[] {
  const a = sliderAttributes(c);
  const out: number[] = [];
  for (let p = a.min; p <= a.max + 1e-9; p += a.step) out.push(p);
  return out;
}

describe('log-scale sliders', () => {
  it('move in twelfths of a decade and read back two significant figures, from the minimum to the maximum', () => {
    const values = positions(lr).map((p) => fromSlider(lr, p));
    expect(values[0]).toBe(0.01);
    expect(values.at(-1)).toBe(3);
    expect(values.slice(0, 13)).toEqual([0.01, 0.012, 0.015, 0.018, 0.022, 0.026, 0.032, 0.038, 0.046, 0.056, 0.068, 0.083, 0.1]);
    // Increasing, no two positions the same value: every step of the slider changes the setting.
    for (let i = 1; i < values.length; i++) expect(values[i]!).toBeGreaterThan(values[i - 1]!);
    // As many positions from 0.01 to 0.1 as from 0.1 to 1.
    expect(values.indexOf(0.1)).toBe(12);
    expect(values.indexOf(1)).toBe(24);
  });

  it('reads the default back exactly, even where it falls between positions', () => {
    const peak = { min: 0.0005, max: 0.01, step: 0.0005, value: 0.003, scale: 'log' as const };
    const a = sliderAttributes(peak);
    const snapped = a.min + Math.round((a.value - a.min) / a.step) * a.step;
    expect(fromSlider(peak, snapped)).toBe(0.003);
    expect(fromSlider(peak, toSlider(peak, 0.003))).toBe(0.003);
    // Out-of-range values (an edited share link) are clamped.
    expect(fromSlider(peak, toSlider(peak, 5))).toBe(0.01);
  });

  it('leaves linear sliders and log sliders with a non-positive minimum alone', () => {
    const linear = { min: 0, max: 1, step: 0.1, value: 0.5 };
    expect(sliderAttributes(linear)).toEqual({ min: 0, max: 1, step: 0.1, value: 0.5 });
    expect(fromSlider(linear, 0.7)).toBe(0.7);
    const bad = { ...linear, scale: 'log' as const };
    expect(toSlider(bad, 0.3)).toBe(0.3);
  });
});
