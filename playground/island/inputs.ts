/**
 * What a reader can hand to a run from the page: an image (file picker, drag and drop, camera),
 * a drawing, or files (a model). Images are decoded and scaled down here, in the page, so a huge
 * photo never reaches the worker or the GPU at full size.
 */
import type { InputFile, InputImage } from '../shared/messages.ts';

/** Largest image file the page decodes. */
export const MAX_FILE_BYTES = 40 * 1024 * 1024;

export interface ImageResult {
  image: InputImage;
  /** Set when the image was scaled down. */
  notice?: string;
}

/** The size of a width×height picture scaled down (never up) so that its long side is at most maxSide. */
export function fitWithin(width: number, height: number, maxSide: number): { width: number; height: number; scale: number } {
  const scale = Math.min(1, maxSide / Math.max(width, height));
  return { width: Math.max(1, Math.round(width * scale)), height: Math.max(1, Math.round(height * scale)), scale };
}

/** Draw `source` at width×height on a fresh canvas and read its pixels back. */
function drawToRgba(source: CanvasImageSource, width: number, height: number): Uint8ClampedArray {
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  const ctx = canvas.getContext('2d')!;
  ctx.drawImage(source, 0, 0, width, height);
  return ctx.getImageData(0, 0, width, height).data;
}

/** Decode an image file and fit it within maxSide pixels on its long side. Throws with a clear message. */
export async function decodeImageFile(file: File, maxSide: number): Promise<ImageResult> {
  if (!file.type.startsWith('image/'))
    throw new Error(`“${file.name}” is not an image (type ${file.type || 'unknown'}). Choose a PNG, JPEG, GIF or WebP file.`);
  if (file.size > MAX_FILE_BYTES)
    throw new Error(`“${file.name}” is ${(file.size / 1e6).toFixed(0)} MB; the limit is ${MAX_FILE_BYTES / 1024 / 1024} MB.`);
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(file);
  } catch {
    throw new Error(`Could not decode “${file.name}”. The file may be damaged or in a format this browser cannot read.`);
  }
  const { width, height, scale } = fitWithin(bitmap.width, bitmap.height, maxSide);
  const rgba = drawToRgba(bitmap, width, height);
  const notice =
    scale < 1 ? `Your image (${bitmap.width}×${bitmap.height}) was scaled down to ${width}×${height} to fit the ${maxSide}-pixel limit.` : undefined;
  bitmap.close();
  return { image: { name: file.name, width, height, rgba }, notice };
}

/** A plain button (type="button", so it never submits a form). */
export function button(text: string, onClick?: () => void): HTMLButtonElement {
  const b = document.createElement('button');
  b.type = 'button';
  b.textContent = text;
  if (onClick) b.addEventListener('click', onClick);
  return b;
}

/** A file input inside its visible label; `onChange` gets the input when the reader picks files. */
export function filePicker(text: string, accept: string, onChange: (input: HTMLInputElement) => void, multiple = false): HTMLLabelElement {
  const label = document.createElement('label');
  label.className = 'pg-file';
  label.textContent = text;
  const input = document.createElement('input');
  input.type = 'file';
  input.accept = accept;
  input.multiple = multiple;
  input.addEventListener('change', () => onChange(input));
  label.append(input);
  return label;
}

export async function readFiles(files: FileList | File[]): Promise<InputFile[]> {
  return Promise.all([...files].map(async (f) => ({ name: f.name, bytes: await f.arrayBuffer() })));
}

/** A small square drawing pad (mouse, touch, pen; keyboard users can clear it). */
export function createDrawingPad(host: HTMLElement, onChange: () => void): { read(): InputImage; clear(): void } {
  const size = 196;
  const canvas = document.createElement('canvas');
  canvas.width = size;
  canvas.height = size;
  canvas.className = 'pg-drawing';
  canvas.setAttribute('role', 'img');
  canvas.setAttribute('aria-label', 'Drawing pad: draw a digit with the mouse, a finger or a pen');
  const ctx = canvas.getContext('2d')!;
  const clear = () => {
    ctx.fillStyle = '#000';
    ctx.fillRect(0, 0, size, size);
    onChange();
  };
  clear();
  let last: [number, number] | null = null;
  const point = (e: PointerEvent): [number, number] => {
    const r = canvas.getBoundingClientRect();
    return [((e.clientX - r.left) / r.width) * size, ((e.clientY - r.top) / r.height) * size];
  };
  canvas.addEventListener('pointerdown', (e) => {
    canvas.setPointerCapture(e.pointerId);
    last = point(e);
  });
  canvas.addEventListener('pointermove', (e) => {
    if (!last) return;
    const p = point(e);
    ctx.strokeStyle = '#fff';
    ctx.lineWidth = 16;
    ctx.lineCap = 'round';
    ctx.beginPath();
    ctx.moveTo(...last);
    ctx.lineTo(...p);
    ctx.stroke();
    last = p;
  });
  const end = () => {
    if (last) onChange();
    last = null;
  };
  canvas.addEventListener('pointerup', end);
  canvas.addEventListener('pointercancel', end);
  canvas.style.touchAction = 'none';
  host.append(canvas, button('Clear drawing', clear));
  return {
    read: () => ({ name: 'drawing', width: size, height: size, rgba: ctx.getImageData(0, 0, size, size).data }),
    clear,
  };
}

/**
 * A camera button where the browser allows it: a live preview and "Take photo", which hands the
 * frame (scaled to maxSide) to onPhoto. The stream stops as soon as the photo is taken.
 */
export function createCameraButton(
  host: HTMLElement,
  maxSide: number,
  onPhoto: (image: InputImage) => void,
  onError: (message: string) => void,
): void {
  if (!navigator.mediaDevices?.getUserMedia) return;
  const open = button('Use the camera');
  const box = document.createElement('div');
  box.className = 'pg-camera';
  box.hidden = true;
  const video = document.createElement('video');
  video.muted = true;
  video.playsInline = true;
  video.setAttribute('aria-label', 'Camera preview');
  const take = button('Take photo');
  box.append(video, take);
  let stream: MediaStream | null = null;
  const stop = () => {
    for (const t of stream?.getTracks() ?? []) t.stop();
    stream = null;
    box.hidden = true;
  };
  open.addEventListener('click', async () => {
    try {
      stream = await navigator.mediaDevices.getUserMedia({ video: true });
      video.srcObject = stream;
      box.hidden = false;
      await video.play();
      take.focus();
    } catch (error) {
      onError(`The camera is not available: ${error instanceof Error ? error.message : String(error)}`);
    }
  });
  take.addEventListener('click', () => {
    const { width, height } = fitWithin(video.videoWidth, video.videoHeight, maxSide);
    const rgba = drawToRgba(video, width, height);
    stop();
    onPhoto({ name: 'camera photo', width, height, rgba });
  });
  host.append(open, box);
}
