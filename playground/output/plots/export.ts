/**
 * Downloads: the plot as a PNG (title, plot, legend and colour scale, on the page's background,
 * at twice the screen resolution) and its data as CSV (every point, not the downsampled drawing).
 */
import type { PlotSpec } from '../../shared/messages.ts';
import type { Theme } from './colors.ts';
import { tablesOf, toCsv } from './data-table.ts';
import type { Drawn } from './draw.ts';
import { formatNumber } from './summary.ts';

/** "Loss (log) vs step!" → "Loss-log-vs-step.csv". */
export function fileName(title: string, extension: string): string {
  const base =
    title
      .replace(/[^a-z0-9-]+/gi, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 80) || 'plot';
  return `${base}.${extension}`;
}

function save(blob: Blob, name: string): void {
  const a = document.createElement('a');
  a.href = URL.createObjectURL(blob);
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
}

export function downloadCsv(spec: PlotSpec): void {
  save(new Blob([toCsv(tablesOf(spec))], { type: 'text/csv;charset=utf-8' }), fileName(spec.title, 'csv'));
}

async function svgImage(svg: SVGSVGElement): Promise<HTMLImageElement> {
  const copy = svg.cloneNode(true) as SVGSVGElement;
  copy.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
  const image = new Image();
  image.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(new XMLSerializer().serializeToString(copy))}`;
  await image.decode();
  return image;
}

const SCALE = 2;
const PAD = 12;
const TITLE_SIZE = 15;
const TEXT_SIZE = 12;
const ROW = 20;

/** Lay legend entries out in rows that fit `width`; returns the rows of [x, entry index]. */
function legendRows(ctx: CanvasRenderingContext2D, names: string[], width: number): Array<Array<[number, number]>> {
  const rows: Array<Array<[number, number]>> = [[]];
  let x = 0;
  names.forEach((name, i) => {
    const w = 26 + ctx.measureText(name).width + 14;
    if (x > 0 && x + w > width) {
      rows.push([]);
      x = 0;
    }
    rows[rows.length - 1]!.push([x, i]);
    x += w;
  });
  return rows;
}

export async function downloadPng(svg: SVGSVGElement, drawn: Drawn, showLegend: boolean, title: string, theme: Theme): Promise<void> {
  const image = await svgImage(svg);
  const plotWidth = svg.width.baseVal.value || image.naturalWidth;
  const plotHeight = svg.height.baseVal.value || image.naturalHeight;
  const width = Math.max(plotWidth, 240) + 2 * PAD;
  const measure = document.createElement('canvas').getContext('2d')!;
  measure.font = `${TEXT_SIZE}px ${theme.font}`;
  const keys = showLegend ? drawn.keys : [];
  const rows = keys.length
    ? legendRows(
        measure,
        keys.map((k) => k.name),
        width - 2 * PAD,
      )
    : [];
  const rampHeight = drawn.ramp ? 44 : 0;
  const height = PAD + TITLE_SIZE + 10 + plotHeight + 6 + rows.length * ROW + rampHeight + PAD;

  const canvas = document.createElement('canvas');
  canvas.width = Math.ceil(width * SCALE);
  canvas.height = Math.ceil(height * SCALE);
  const ctx = canvas.getContext('2d')!;
  ctx.scale(SCALE, SCALE);
  ctx.fillStyle = theme.bg;
  ctx.fillRect(0, 0, width, height);
  ctx.fillStyle = theme.fg;
  ctx.textBaseline = 'alphabetic';
  ctx.font = `600 ${TITLE_SIZE}px ${theme.font}`;
  ctx.fillText(title, PAD, PAD + TITLE_SIZE);
  let y = PAD + TITLE_SIZE + 10;
  ctx.drawImage(image, PAD, y, plotWidth, plotHeight);
  y += plotHeight + 6;

  ctx.font = `${TEXT_SIZE}px ${theme.font}`;
  ctx.textBaseline = 'middle';
  for (const row of rows) {
    for (const [x, i] of row) {
      const key = keys[i]!;
      const cx = PAD + x;
      const cy = y + ROW / 2;
      ctx.strokeStyle = key.color;
      ctx.fillStyle = key.color;
      ctx.lineWidth = key.earlier ? 1.5 : 2.5;
      ctx.setLineDash(key.earlier && key.mark === 'line' ? [6, 3] : []);
      if (key.mark === 'line' && key.outline) {
        ctx.save();
        ctx.strokeStyle = key.outline;
        ctx.lineWidth = 5;
        ctx.beginPath();
        ctx.moveTo(cx, cy);
        ctx.lineTo(cx + 20, cy);
        ctx.stroke();
        ctx.restore();
      }
      if (key.mark === 'line') {
        ctx.beginPath();
        ctx.moveTo(cx, cy);
        ctx.lineTo(cx + 20, cy);
        ctx.stroke();
      } else if (key.mark === 'dot') {
        ctx.beginPath();
        ctx.arc(cx + 10, cy, 5, 0, 2 * Math.PI);
        if (key.earlier) ctx.stroke();
        else ctx.fill();
      } else {
        ctx.globalAlpha = key.earlier ? 0.4 : 1;
        ctx.fillRect(cx + 3, cy - 6, 14, 12);
        ctx.globalAlpha = 1;
        ctx.strokeRect(cx + 3, cy - 6, 14, 12);
      }
      ctx.setLineDash([]);
      ctx.fillStyle = theme.fg;
      ctx.fillText(key.name, cx + 26, cy);
    }
    y += ROW;
  }

  if (drawn.ramp) {
    const ramp = drawn.ramp;
    const barWidth = Math.min(280, width - 2 * PAD);
    const gradient = ctx.createLinearGradient(PAD, 0, PAD + barWidth, 0);
    ramp.stops.forEach((c, i) => {
      gradient.addColorStop(i / (ramp.stops.length - 1), c);
    });
    ctx.fillStyle = theme.fg;
    ctx.textBaseline = 'alphabetic';
    ctx.fillText(ramp.label, PAD, y + 12);
    ctx.fillStyle = gradient;
    ctx.fillRect(PAD, y + 17, barWidth, 10);
    ctx.fillStyle = theme.fg;
    ctx.textBaseline = 'top';
    ctx.textAlign = 'left';
    ctx.fillText(formatNumber(ramp.domain[0]), PAD, y + 30);
    ctx.textAlign = 'right';
    ctx.fillText(formatNumber(ramp.domain[1]), PAD + barWidth, y + 30);
    if (ramp.diverging) {
      ctx.textAlign = 'center';
      ctx.fillText('0', PAD + barWidth / 2, y + 30);
    }
    ctx.textAlign = 'left';
  }

  const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/png'));
  if (!blob) throw new Error('the browser could not encode the PNG');
  save(blob, fileName(title, 'png'));
}
