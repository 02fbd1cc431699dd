/**
 * Colours for plots: the series palette and page colours come from CSS variables in
 * src/styles/global.css (one set per theme, each at least 3:1 against the page background), read
 * at draw time so a theme change redraws in the new colours. Plus the text colour that stays
 * readable on a heatmap cell.
 */

const FALLBACK = ['#0a58a6', '#b34700', '#1b7a3a', '#7b3fa0', '#c0262d', '#00728a', '#a8326e', '#6b5a2e'];
export const PALETTE_SIZE = FALLBACK.length;

export interface Theme {
  series: string[];
  fg: string;
  muted: string;
  bg: string;
  border: string;
  font: string;
  dark: boolean;
}

/** The current theme's plot colours. */
export function readTheme(): Theme {
  const root = document.documentElement;
  const style = getComputedStyle(root);
  const v = (name: string, fallback: string) => style.getPropertyValue(name).trim() || fallback;
  return {
    series: FALLBACK.map((c, i) => v(`--plot-${i + 1}`, c)),
    fg: v('--fg', '#1c1c1e'),
    muted: v('--muted', '#4f4f55'),
    bg: v('--bg', '#ffffff'),
    border: v('--border', '#c9c5b9'),
    font: v('--font-ui', 'system-ui, sans-serif'),
    dark: root.dataset.theme === 'dark',
  };
}

/** [r, g, b] in 0…255 from "#rgb", "#rrggbb" or "rgb(r, g, b)" (what D3's colour schemes return). */
export function parseColor(color: string): [number, number, number] | null {
  const c = color.trim();
  let m = /^#([0-9a-f]{6})$/i.exec(c);
  if (m) return [0, 2, 4].map((i) => Number.parseInt(m![1]!.slice(i, i + 2), 16)) as [number, number, number];
  m = /^#([0-9a-f]{3})$/i.exec(c);
  if (m) return [0, 1, 2].map((i) => Number.parseInt(m![1]![i]!.repeat(2), 16)) as [number, number, number];
  m = /^rgba?\(\s*([\d.]+)[\s,]+([\d.]+)[\s,]+([\d.]+)/i.exec(c);
  if (m) return [Number(m[1]), Number(m[2]), Number(m[3])];
  return null;
}

/** WCAG relative luminance of an sRGB colour. */
export function luminance([r, g, b]: [number, number, number]): number {
  const lin = (v: number) => {
    const s = v / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
}

/** WCAG contrast ratio of two luminances. */
export function contrast(a: number, b: number): number {
  return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
}

/** Black or white, whichever contrasts more with the cell colour (unknown colours get black). */
export function textOn(cell: string): '#000000' | '#ffffff' {
  const rgb = parseColor(cell);
  if (!rgb) return '#000000';
  const l = luminance(rgb);
  return contrast(l, 0) >= contrast(l, 1) ? '#000000' : '#ffffff';
}
