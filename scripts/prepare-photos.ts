/**
 * Make the sample photographs in public/data/photos/ from scikit-image's sample data, as listed
 * in playground/shared/sample-photos.ts.
 *
 *   sudo apt-get install -y python3-skimage        # only to read its data files; nothing depends on it
 *   npx tsx scripts/prepare-photos.ts [--from DIR]  # DIR defaults to Debian's skimage/data folder
 *
 * For every photo it first checks that the licence statement we credit is really in the loader's
 * docstring (skimage/data/_fetchers.py), then scales the image to at most 512 pixels on its long
 * side (the largest a playground accepts) and writes a JPEG of at most 100 kB,
 * lowering the quality in steps until it fits. sharp (libvips) does the decoding and encoding.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';
import { SAMPLE_PHOTO_DIR, SAMPLE_PHOTOS } from '../playground/shared/sample-photos.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const DEFAULT_SOURCE = '/usr/lib/python3/dist-packages/skimage/data';
/** The largest side a playground image input keeps (maxImageSize of the image examples). */
export const MAX_SIDE = 512;
export const MAX_BYTES = 100_000;

const squash = (text: string) => text.replace(/\s+/g, ' ').trim();

function argument(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

async function encode(path: string): Promise<{ bytes: Buffer; width: number; height: number; quality: number }> {
  for (let quality = 88; quality >= 40; quality -= 4) {
    const { data, info } = await sharp(path)
      .resize({ width: MAX_SIDE, height: MAX_SIDE, fit: 'inside', withoutEnlargement: true })
      .jpeg({ quality, mozjpeg: true })
      .toBuffer({ resolveWithObject: true });
    if (data.length <= MAX_BYTES) return { bytes: data, width: info.width, height: info.height, quality };
  }
  throw new Error(`${path} does not fit in ${MAX_BYTES} bytes even at quality 40`);
}

async function main(): Promise<void> {
  const source = argument('--from') ?? DEFAULT_SOURCE;
  const docstrings = squash(readFileSync(join(source, '_fetchers.py'), 'utf8'));
  const out = join(ROOT, 'public', SAMPLE_PHOTO_DIR);
  mkdirSync(out, { recursive: true });
  for (const photo of SAMPLE_PHOTOS) {
    if (!docstrings.includes(squash(photo.licenceText))) {
      throw new Error(`The licence we credit for ${photo.source} is not in ${source}/_fetchers.py: “${photo.licenceText}”`);
    }
    const { bytes, width, height, quality } = await encode(join(source, photo.source));
    writeFileSync(join(out, photo.file), bytes);
    console.log(
      `${photo.file.padEnd(16)} ${width}×${height}  ${(bytes.length / 1000).toFixed(1)} kB  (JPEG quality ${quality}, from ${photo.source})`,
    );
  }
}

await main();
