/** Converting tensors and image-like objects to RGBA bytes for display. */
import * as tf from '@tensorflow/tfjs';

export interface ImageLike {
  width: number;
  height: number;
  /** RGBA bytes, 4 per pixel. */
  rgba: Uint8ClampedArray;
}

export function isImageLike(x: unknown): x is ImageLike {
  return typeof x === 'object' && x !== null && 'rgba' in x && 'width' in x && 'height' in x;
}

/**
 * Image tensor [h, w, c] (c in 1, 3, 4; a leading batch of 1 is dropped) → RGBA bytes.
 * `normalize`: true stretches the tensor's own range to black..white, a [lo, hi] pair stretches
 * that range (so several images share one scale); the range used comes back with the bytes.
 */
export async function toRgba(image: tf.Tensor | ImageLike, normalize: boolean | [number, number]): Promise<ImageLike & { range?: [number, number] }> {
  if (isImageLike(image)) return { width: image.width, height: image.height, rgba: new Uint8ClampedArray(image.rgba) };
  const t = image;
  let shape = t.shape.slice();
  if (shape.length === 4 && shape[0] === 1) shape = shape.slice(1);
  if (shape.length === 2) shape = [...shape, 1];
  if (shape.length !== 3 || ![1, 3, 4].includes(shape[2]!)) {
    throw new Error(`show() needs an image tensor of shape [h, w], [h, w, 1|3|4] or [1, h, w, c]; got [${t.shape.join(', ')}]`);
  }
  const [height, width, channels] = shape as [number, number, number];
  const values = await t.data();
  let lo = 0;
  let hi = t.dtype === 'int32' ? 255 : 1;
  if (Array.isArray(normalize)) {
    [lo, hi] = normalize;
  } else if (normalize) {
    lo = Infinity;
    hi = -Infinity;
    for (const v of values) {
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
  }
  if (!(hi > lo)) hi = lo + 1;
  const k = 255 / (hi - lo);
  const rgba = new Uint8ClampedArray(width * height * 4);
  for (let p = 0; p < width * height; p++) {
    const src = p * channels;
    const dst = p * 4;
    if (channels === 1) {
      const g = (values[src]! - lo) * k;
      rgba[dst] = rgba[dst + 1] = rgba[dst + 2] = g;
      rgba[dst + 3] = 255;
    } else {
      rgba[dst] = (values[src]! - lo) * k;
      rgba[dst + 1] = (values[src + 1]! - lo) * k;
      rgba[dst + 2] = (values[src + 2]! - lo) * k;
      rgba[dst + 3] = channels === 4 ? (values[src + 3]! - lo) * k : 255;
    }
  }
  return { width, height, rgba, range: normalize ? [lo, hi] : undefined };
}

/** RGBA bytes → float tensor [h, w, 3] with values in 0..1 (alpha dropped). */
export function fromRgba(image: ImageLike): tf.Tensor3D {
  const { width, height, rgba } = image;
  const rgb = new Float32Array(width * height * 3);
  for (let p = 0; p < width * height; p++) {
    rgb[p * 3] = rgba[p * 4]! / 255;
    rgb[p * 3 + 1] = rgba[p * 4 + 1]! / 255;
    rgb[p * 3 + 2] = rgba[p * 4 + 2]! / 255;
  }
  return tf.tensor3d(rgb, [height, width, 3]);
}
