/**
 * Images in the output: a canvas per image (a button that enlarges it), a caption with the colour
 * range and a PNG download; images of a group sit in a grid, and one with a label already shown in
 * its group replaces it (live-updating pictures such as DeepDream's); a grid's images replace by
 * position instead, since their labels may repeat.
 */
import type { ImageMessage } from '../shared/messages.ts';
import { showEnlarged } from './enlarge.ts';

export function formatValue(v: number): string {
  return Math.abs(v) >= 1e4 || (v !== 0 && Math.abs(v) < 1e-3) ? v.toExponential(2) : String(Number(v.toPrecision(3)));
}

/** Save a canvas as a PNG file named after its label. */
function downloadCanvas(canvas: HTMLCanvasElement, label: string): void {
  canvas.toBlob((blob) => {
    if (!blob) return;
    const a = document.createElement('a');
    a.href = URL.createObjectURL(blob);
    a.download = `${label.replace(/[^a-z0-9-]+/gi, '-').replace(/^-|-$/g, '') || 'image'}.png`;
    a.click();
    setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
  }, 'image/png');
}

/** The figure for one checked image message (sizes and byte count were validated). */
export function imageFigure(m: ImageMessage): HTMLElement {
  const figure = document.createElement('figure');
  figure.className = 'pg-image';
  figure.dataset.label = m.label;
  if (m.slot !== undefined) figure.dataset.slot = String(m.slot);
  const canvas = document.createElement('canvas');
  canvas.width = m.width;
  canvas.height = m.height;
  canvas.style.width = `${m.width * m.scale}px`;
  // Tiny images (kernels, digits) are upscaled with hard pixel edges, not blurred.
  if (m.scale > 1) canvas.classList.add('pg-pixelated');
  const range = m.range ? ` Black is ${formatValue(m.range[0])}, white is ${formatValue(m.range[1])}.` : '';
  const name = `${m.label || 'Image'} (${m.width}×${m.height} pixels).${range}`;
  const pixels = new Uint8ClampedArray(m.rgba.buffer as ArrayBuffer, m.rgba.byteOffset, m.rgba.length);
  canvas.getContext('2d')?.putImageData(new ImageData(pixels, m.width, m.height), 0, 0);
  // The picture is a button: it opens a large view (Escape or a click closes it).
  const open = document.createElement('button');
  open.type = 'button';
  open.className = 'pg-enlarge';
  open.setAttribute('aria-label', `Enlarge: ${name}`);
  open.append(canvas);
  open.addEventListener('click', () => showEnlarged(canvas, name));
  figure.append(open);
  const caption = document.createElement('figcaption');
  if (m.label) caption.textContent = m.label;
  if (m.range) {
    const legend = document.createElement('span');
    legend.className = 'pg-range';
    legend.textContent = ` black ${formatValue(m.range[0])} … white ${formatValue(m.range[1])}`;
    caption.append(legend);
  }
  const download = document.createElement('button');
  download.type = 'button';
  download.className = 'pg-download';
  download.textContent = 'Download PNG';
  download.setAttribute('aria-label', `Download PNG: ${m.label || 'image'}`);
  download.addEventListener('click', () => downloadCanvas(canvas, m.label || 'image'));
  caption.append(download);
  figure.append(caption);
  return figure;
}

/** Image groups of one run's output: a grid per group, created where its first image appears. */
export class ImageGroups {
  private readonly grids = new Map<string, HTMLElement>();

  constructor(private readonly root: HTMLElement) {}

  clear(): void {
    this.grids.clear();
  }

  show(m: ImageMessage): void {
    const figure = imageFigure(m);
    if (!m.group) {
      this.root.append(figure);
      return;
    }
    let grid = this.grids.get(m.group);
    if (!grid) {
      grid = document.createElement('div');
      grid.className = 'pg-image-grid';
      this.grids.set(m.group, grid);
      if (m.groupTitle) {
        const section = document.createElement('section');
        section.className = 'pg-image-group';
        const heading = document.createElement('p');
        heading.className = 'pg-image-group-title';
        heading.textContent = m.groupTitle;
        section.setAttribute('aria-label', m.groupTitle);
        section.append(heading, grid);
        this.root.append(section);
      } else {
        this.root.append(grid);
      }
    }
    // An image replaces the one in its slot (a grid drawn again), else one with its label
    // (live-updating images, e.g. DeepDream); a grid's images may share a label ("7", "7").
    const twin = (f: Element) =>
      f instanceof HTMLElement &&
      (m.slot !== undefined ? f.dataset.slot === String(m.slot) : f.dataset.slot === undefined && f.dataset.label === m.label);
    const same = m.slot !== undefined || m.label ? [...grid.children].find(twin) : undefined;
    if (same) same.replaceWith(figure);
    else grid.append(figure);
  }
}
