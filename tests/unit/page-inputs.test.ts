/**
 * The page's checks on what a reader hands to a run (playground/island/inputs.ts), before anything
 * is decoded: files that are not images, files over the size limit, images that do not decode, and
 * the scaling that keeps a huge photo away from the worker.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { decodeImageFile, fitWithin, MAX_FILE_BYTES } from '../../playground/island/inputs.ts';

afterEach(() => vi.unstubAllGlobals());

describe('fitWithin', () => {
  it('scales the long side down to the limit, keeping the aspect ratio', () => {
    expect(fitWithin(1600, 1200, 512)).toEqual({ width: 512, height: 384, scale: 0.32 });
    expect(fitWithin(1200, 1600, 512)).toEqual({ width: 384, height: 512, scale: 0.32 });
  });

  it('never scales up, and never below one pixel', () => {
    expect(fitWithin(100, 50, 512)).toEqual({ width: 100, height: 50, scale: 1 });
    expect(fitWithin(10_000, 1, 100)).toEqual({ width: 100, height: 1, scale: 0.01 });
  });
});

describe('decodeImageFile', () => {
  it('refuses a file that is not an image, naming it and its type', async () => {
    const file = new File(['a,b\n1,2\n'], 'data.csv', { type: 'text/csv' });
    await expect(decodeImageFile(file, 512)).rejects.toThrow('“data.csv” is not an image (type text/csv). Choose a PNG, JPEG, GIF or WebP file.');
  });

  it('refuses an image over the size limit before decoding it', async () => {
    const decode = vi.fn();
    vi.stubGlobal('createImageBitmap', decode);
    const file = new File([new Uint8Array(MAX_FILE_BYTES + 1)], 'huge.png', { type: 'image/png' });
    await expect(decodeImageFile(file, 512)).rejects.toThrow('“huge.png” is 42 MB; the limit is 40 MB.');
    expect(decode).not.toHaveBeenCalled();
  });

  it('says so when the browser cannot decode the image', async () => {
    vi.stubGlobal('createImageBitmap', () => Promise.reject(new DOMException('The source image could not be decoded.')));
    const file = new File([new Uint8Array([0x89, 0x50, 0x4e, 0x47])], 'broken.png', { type: 'image/png' });
    await expect(decodeImageFile(file, 512)).rejects.toThrow(
      'Could not decode “broken.png”. The file may be damaged or in a format this browser cannot read.',
    );
  });
});
