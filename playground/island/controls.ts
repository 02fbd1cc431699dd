/**
 * Binds the server-rendered controls of one playground (src/components/PlaygroundControls.astro):
 * reads and writes their values, grid cells and presets, the seed's "New seed" button, and tells
 * the island when something changed. The registry entry is the source of truth for names, kinds
 * and defaults; the DOM only holds the current values.
 */
import type { Control } from '../examples/registry.ts';
import type { ParamValue } from '../shared/messages.ts';
import { fromSlider, toSlider } from '../shared/range-scale.ts';

export interface BoundControls {
  /** Current value of every control, by name. */
  values(): Record<string, ParamValue>;
  /** Only the values that differ from the defaults (what a share link needs to carry). */
  changed(): Record<string, ParamValue>;
  /** Set some controls (e.g. from a share link); unknown names and values of the wrong kind are ignored. */
  set(values: Record<string, ParamValue>): void;
  /** Back to the registry defaults. */
  reset(): void;
}

const sameValue = (a: ParamValue | undefined, b: ParamValue | undefined) => JSON.stringify(a) === JSON.stringify(b);

function gridOf(fieldset: HTMLElement, like: number[][]): number[][] {
  return like.map((row, r) =>
    row.map((fallback, k) => {
      const input = fieldset.querySelector<HTMLInputElement>(`[data-cell="${r},${k}"]`);
      const v = input ? Number.parseFloat(input.value) : Number.NaN;
      return Number.isFinite(v) ? v : fallback;
    }),
  );
}

function fitsGrid(value: ParamValue, like: number[][]): value is number[][] {
  return (
    Array.isArray(value) &&
    value.length === like.length &&
    value.every((row, r) => Array.isArray(row) && row.length === like[r]?.length && row.every((v) => Number.isFinite(v)))
  );
}

/** Shortest text that reads back as the same number (cells and outputs stay narrow). */
export function formatNumber(v: number): string {
  return String(Number(v.toPrecision(6)));
}

export function bindControls(root: HTMLElement, controls: readonly Control[], onChange: (name: string) => void): BoundControls {
  const element = (name: string) => root.querySelector<HTMLElement>(`[data-control="${CSS.escape(name)}"]`);

  function read(control: Control): ParamValue {
    const el = element(control.name);
    if (!el) return control.value;
    switch (control.type) {
      case 'grid':
        return gridOf(el, control.value);
      case 'checkbox':
        return (el as HTMLInputElement).checked;
      case 'select':
        return (el as HTMLSelectElement).value;
      case 'range': {
        const v = Number.parseFloat((el as HTMLInputElement).value);
        return Number.isFinite(v) ? fromSlider(control, v) : control.value;
      }
      default: {
        const v = Number.parseFloat((el as HTMLInputElement).value);
        return Number.isFinite(v) ? v : control.value;
      }
    }
  }

  function write(control: Control, value: ParamValue): void {
    const el = element(control.name);
    if (!el) return;
    if (control.type === 'grid') {
      if (!fitsGrid(value, control.value)) return;
      value.forEach((row, r) => {
        row.forEach((v, k) => {
          const input = el.querySelector<HTMLInputElement>(`[data-cell="${r},${k}"]`);
          if (input) input.value = formatNumber(v);
        });
      });
    } else if (control.type === 'checkbox') {
      if (typeof value === 'boolean') (el as HTMLInputElement).checked = value;
    } else if (control.type === 'select') {
      if (typeof value === 'string' && control.options.some((o) => o.value === value)) (el as HTMLSelectElement).value = value;
    } else if (typeof value === 'number' && Number.isFinite(value)) {
      (el as HTMLInputElement).value = String(control.type === 'range' ? toSlider(control, value) : value);
      if (control.type === 'range') showRangeValue(control);
    }
  }

  /** The number beside a slider, and what a screen reader announces (not a log-scale position). */
  function showRangeValue(control: Extract<Control, { type: 'range' }>): void {
    const input = element(control.name) as HTMLInputElement | null;
    const out = root.querySelector<HTMLOutputElement>(`[data-output-of="${CSS.escape(control.name)}"]`);
    if (!input) return;
    const text = formatNumber(fromSlider(control, Number(input.value)));
    input.setAttribute('aria-valuetext', text);
    if (out) out.textContent = text;
  }

  for (const control of controls) {
    const el = element(control.name);
    if (!el) continue;
    el.addEventListener('input', () => {
      if (control.type === 'range') showRangeValue(control);
    });
    el.addEventListener('change', () => onChange(control.name));
    if (control.type === 'grid') {
      for (const button of root.querySelectorAll<HTMLButtonElement>(`[data-control-wrap="${CSS.escape(control.name)}"] [data-preset]`)) {
        button.addEventListener('click', () => {
          write(control, JSON.parse(button.dataset.preset ?? 'null') as ParamValue);
          onChange(control.name);
        });
      }
    }
    if (control.type === 'seed') {
      root.querySelector(`[data-new-seed="${CSS.escape(control.name)}"]`)?.addEventListener('click', () => {
        write(control, Math.floor(Math.random() * 1_000_000));
        onChange(control.name);
      });
    }
  }

  const values = () => Object.fromEntries(controls.map((c) => [c.name, read(c)]));
  return {
    values,
    changed() {
      return Object.fromEntries(
        controls.map((c) => [c.name, read(c)] as const).filter(([name, v]) => !sameValue(v, controls.find((c) => c.name === name)?.value)),
      );
    },
    set(next) {
      for (const control of controls) if (control.name in next) write(control, next[control.name]!);
    },
    reset() {
      for (const control of controls) write(control, control.value);
    },
  };
}

/**
 * Names for runs kept on one chart: the settings that differ between them, with the controls'
 * labels ("Activation = sigmoid, Learning rate = 0.1"). Runs with identical settings are numbered.
 */
export function runLabels(runs: ReadonlyArray<Record<string, ParamValue>>, controls: readonly Control[]): string[] {
  const differing = controls.filter((c) => runs.some((r) => !sameValue(r[c.name], runs[0]?.[c.name])));
  const valueText = (c: Control, v: ParamValue | undefined): string => {
    if (c.type === 'select') return c.options.find((o) => o.value === v)?.label ?? String(v);
    if (c.type === 'checkbox') return v ? 'on' : 'off';
    if (c.type === 'grid') return Array.isArray(v) ? `[${v.map((row) => row.map(formatNumber).join(' ')).join(' | ')}]` : '?';
    return typeof v === 'number' ? formatNumber(v) : String(v);
  };
  const labels = runs.map((r) => differing.map((c) => `${c.label} = ${valueText(c, r[c.name])}`).join(', '));
  return labels.map((label, i) => {
    const twins = labels.filter((l) => l === label).length;
    const nth = labels.slice(0, i + 1).filter((l) => l === label).length;
    return twins > 1 || !label ? `${label ? `${label}, ` : ''}run ${nth}` : label;
  });
}
