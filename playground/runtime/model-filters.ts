/** First-layer filters of a model, and a tiled picture of them. Part of the models API (see models.ts). */
import * as tf from '@tensorflow/tfjs';
import type { LoadedModel } from './model-wrapper.ts';

/** The first Conv2D kernel [kh, kw, in, out] of a model (a copy; dispose it when done). */
export function firstLayerFilters(model: tf.LayersModel | LoadedModel): tf.Tensor4D {
  const m = model instanceof tf.LayersModel ? model : model.model;
  for (const layer of m.layers) {
    const cls = layer.getClassName();
    if (cls === 'Conv2D' || cls === 'Conv2DTranspose' || cls === 'SeparableConv2D' || cls === 'DepthwiseConv2D') {
      const kernel = layer.getWeights()[0];
      if (kernel && kernel.rank === 4) return kernel.clone() as tf.Tensor4D;
    }
  }
  throw new Error(`The model "${m.name}" has no 2D convolution layer.`);
}

export interface FilterGridOptions {
  /** Filters per row (default: about square). */
  columns?: number;
  /** Pixels between filters (default 1). */
  padding?: number;
  /** Value of the gaps, 0..1 (default 1, white). */
  background?: number;
  /** Stretch each filter to 0..1 on its own (default) or all filters with one scale. */
  normalize?: 'each' | 'all';
}

/**
 * A [H, W, 3] (RGB first layers) or [H, W, 1] image in 0..1 tiling the filters of a kernel
 * [kh, kw, in, out]: one tile per output channel. Kernels with other than 1 or 3 input channels
 * show the mean over input channels. Use with `show(grid, { label, scale })`.
 */
export function filterGrid(kernel: tf.Tensor4D, options: FilterGridOptions = {}): tf.Tensor3D {
  if (kernel.rank !== 4) throw new Error(`filterGrid: expected a kernel [kh, kw, in, out], got [${kernel.shape.join(', ')}]`);
  const [kh, kw, cin, count] = kernel.shape;
  const pad = Math.max(0, Math.floor(options.padding ?? 1));
  const bg = options.background ?? 1;
  const cols = Math.max(1, Math.min(count, Math.floor(options.columns ?? Math.ceil(Math.sqrt(count)))));
  const rows = Math.ceil(count / cols);
  return tf.tidy(() => {
    let f: tf.Tensor = kernel.transpose([3, 0, 1, 2]); // [out, kh, kw, in]
    if (cin !== 1 && cin !== 3) f = f.mean(3, true);
    const c = f.shape[3]!;
    const axes = options.normalize === 'all' ? [0, 1, 2, 3] : [1, 2, 3];
    const lo = f.min(axes, true);
    const hi = f.max(axes, true);
    f = f.sub(lo).div(hi.sub(lo).maximum(1e-8));
    // Pad each tile on the bottom and right and add blank tiles to fill the grid, then lay out.
    f = tf.pad(
      f,
      [
        [0, rows * cols - count],
        [0, pad],
        [0, pad],
        [0, 0],
      ],
      bg,
    );
    const th = kh + pad;
    const tw = kw + pad;
    const grid = f
      .reshape([rows, cols, th, tw, c])
      .transpose([0, 2, 1, 3, 4])
      .reshape([rows * th, cols * tw, c]);
    return tf.pad(
      grid,
      [
        [pad, 0],
        [pad, 0],
        [0, 0],
      ],
      bg,
    ) as tf.Tensor3D;
  });
}
