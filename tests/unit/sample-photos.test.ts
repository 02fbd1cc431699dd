/**
 * The sample photos every image input offers (public/data/photos/): each listed photo exists, is a
 * JPEG of at most 100 kB and 512 px on its long side, carries a CC0 or public-domain licence, and
 * names its ImageNet class as Tiny Darknet spells it; no unlisted file ships.
 *
 *   npx vitest run tests/unit/sample-photos.test.ts
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { SAMPLE_PHOTO_DIR, SAMPLE_PHOTOS, findSamplePhoto } from '../../playground/shared/sample-photos.ts';
import { LOCAL_TINY_DARKNET } from '../../scripts/local-darknet.ts';
import { needTinyDarknet } from './support/tiny-darknet.ts';

const dir = path.resolve('public', SAMPLE_PHOTO_DIR);

describe('sample photos', () => {
  it('the folder holds exactly the listed photos', () => {
    expect(readdirSync(dir).sort()).toEqual(SAMPLE_PHOTOS.map((p) => p.file).sort());
  });

  it('each is a JPEG of at most 100 kB and 512 px, with a free licence, a credit and a text alternative', async () => {
    for (const photo of SAMPLE_PHOTOS) {
      const file = path.join(dir, photo.file);
      expect(statSync(file).size, photo.file).toBeLessThanOrEqual(100_000);
      const meta = await sharp(file).metadata();
      expect(meta.format).toBe('jpeg');
      expect(Math.max(meta.width!, meta.height!)).toBeLessThanOrEqual(512);
      expect(['CC0 1.0', 'Public domain']).toContain(photo.licence);
      expect(photo.credit.length).toBeGreaterThan(2);
      expect(photo.alt.length).toBeGreaterThan(20);
      expect(findSamplePhoto(photo.file)).toBe(photo);
    }
  });

  it('every ImageNet label is one of Tiny Darknet’s 1,000 class names', (ctx) => {
    needTinyDarknet(ctx);
    const names = JSON.parse(readFileSync(path.join(LOCAL_TINY_DARKNET, 'classes.json'), 'utf8')) as string[];
    for (const photo of SAMPLE_PHOTOS) if (photo.imagenetClass) expect(names, photo.file).toContain(photo.imagenetClass);
  });
});
