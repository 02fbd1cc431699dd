/**
 * The chapter 12 pictures made by scripts/figures-deepdream.ts (public/figures/q12/), and their
 * addresses under the site's base URL. The manifest records each file's pixel size, so the page
 * reserves the right space before an image arrives.
 */
import { withBase } from '../../../playground/shared/site.ts';
import manifest from '../../../public/figures/q12/manifest.json';

export interface DreamImage {
  file: string;
  width: number;
  height: number;
}

export const dreamFigures = manifest as {
  size: number;
  start: DreamImage;
  dreams: Array<DreamImage & { layer: string }>;
  octaves: Array<DreamImage & { octave: number }>;
  channels: Array<DreamImage & { layer: string; channels: number[]; tile: number }>;
};

/** The address of a figure image under the site's base URL. */
export function figureSrc(image: DreamImage): string {
  return withBase(`figures/q12/${image.file}`);
}

/** Receptive-field sizes of Tiny Darknet's activation layers (computed from model.json; see the sources note). */
export const FIELD: Record<string, number> = {
  leaky_re_lu_2: 8,
  leaky_re_lu_4: 18,
  leaky_re_lu_8: 46,
  leaky_re_lu_14: 134,
};
