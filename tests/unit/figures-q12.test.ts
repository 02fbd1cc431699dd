/**
 * Chapter 12's pictures (scripts/figures-deepdream.ts → public/figures/q12/): every file the
 * manifest names exists with the size it records, together they stay within the 400 KB budget,
 * and the chapter places all three figures.
 */
import { readFileSync, statSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const dir = new URL('../../public/figures/q12/', import.meta.url);
const manifest = JSON.parse(readFileSync(new URL('manifest.json', dir), 'utf8'));
const images: Array<{ file: string; width: number; height: number }> = [
  manifest.start,
  ...manifest.dreams,
  ...manifest.octaves,
  ...manifest.channels,
];

/** Width and height from a WebP file's header (VP8, VP8L or VP8X chunk). */
function webpSize(bytes: Buffer): [number, number] {
  expect(bytes.toString('ascii', 0, 4)).toBe('RIFF');
  expect(bytes.toString('ascii', 8, 12)).toBe('WEBP');
  const chunk = bytes.toString('ascii', 12, 16);
  if (chunk === 'VP8 ') return [bytes.readUInt16LE(26) & 0x3fff, bytes.readUInt16LE(28) & 0x3fff];
  if (chunk === 'VP8L') {
    const b = bytes.readUInt32LE(21);
    return [(b & 0x3fff) + 1, ((b >> 14) & 0x3fff) + 1];
  }
  return [bytes.readUIntLE(24, 3) + 1, bytes.readUIntLE(27, 3) + 1]; // VP8X
}

describe('chapter 12 figures', () => {
  it('has every image the manifest names, at the recorded size', () => {
    expect(images.length).toBe(11);
    for (const image of images) {
      const bytes = readFileSync(new URL(image.file, dir));
      expect(webpSize(bytes), image.file).toEqual([image.width, image.height]);
    }
  });

  it('shows three layers, four octaves growing by 1.4, and six channels per layer', () => {
    expect(manifest.dreams.map((d: { layer: string }) => d.layer)).toEqual(['leaky_re_lu_2', 'leaky_re_lu_8', 'leaky_re_lu_14']);
    const widths = manifest.octaves.map((o: { width: number }) => o.width);
    expect(widths.at(-1)).toBe(224);
    for (let k = 1; k < widths.length; k++) expect(widths[k] / widths[k - 1]).toBeCloseTo(1.4, 1);
    for (const row of manifest.channels) expect(row.width).toBe(6 * row.tile + 5 * 4);
  });

  it('stays within 400 KB together', () => {
    const total = images.reduce((sum, image) => sum + statSync(new URL(image.file, dir)).size, 0);
    expect(total).toBeLessThanOrEqual(400 * 1024);
  });

  it('is placed in the chapter, numbered in reading order', () => {
    const chapter = readFileSync(new URL('../../docs/12-deepdream.mdx', import.meta.url), 'utf8');
    const at = (tag: string) => chapter.indexOf(tag);
    expect(at('<DreamLayersFigure number={1} />')).toBeGreaterThan(0);
    expect(at('<OctavePyramidFigure number={2} />')).toBeGreaterThan(at('<DreamLayersFigure number={1} />'));
    expect(at('<ChannelGridFigure number={3} />')).toBeGreaterThan(at('<OctavePyramidFigure number={2} />'));
  });
});
