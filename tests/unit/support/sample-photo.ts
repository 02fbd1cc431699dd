/**
 * A sample photo (public/data/photos/) decoded in Node as the page's "Sample photo" select hands
 * it to a run: RGBA pixels, scaled (if needed) to fit maxSide on its long side. sharp (libvips)
 * decodes the JPEG where the browser would.
 */
import path from 'node:path';
import sharp from 'sharp';
import { samplePhotoPath } from '../../../playground/shared/sample-photos.ts';
import type { InputImage } from '../../../playground/runtime/sink.ts';

export async function loadSamplePhoto(file: string, maxSide = 512): Promise<InputImage> {
  const where = path.resolve(process.cwd(), 'public', samplePhotoPath(file));
  const { data, info } = await sharp(where)
    .resize({ width: maxSide, height: maxSide, fit: 'inside', withoutEnlargement: true })
    .ensureAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  return { name: file, width: info.width, height: info.height, rgba: new Uint8ClampedArray(data.buffer, data.byteOffset, data.length) };
}
