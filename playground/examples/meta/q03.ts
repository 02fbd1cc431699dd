/** Examples of question 3 (Convolution), in the order the chapter embeds them. */
import { KERNELS } from './kernels.ts';
import type { ExampleInfo } from './types.ts';

export const q03: readonly ExampleInfo[] = [
  {
    id: 'conv-from-scratch',
    title: 'Convolution from scratch',
    summary: 'A 2-D convolution in plain TypeScript, checked against tf.conv2d on random inputs.',
  },
  {
    id: 'kernel-demo',
    title: 'Edit a kernel and watch it filter an image',
    summary: 'A 5×5 kernel grid with presets (blur, Sobel, centre-surround, Gabor) filters a picture or your photo as you type.',
    inputs: ['image'],
    maxImageSize: 512,
    live: true,
    controls: [
      {
        name: 'kernel',
        label: 'Kernel',
        type: 'grid',
        step: 0.1,
        value: KERNELS.identity,
        presets: [
          { label: 'Identity', value: KERNELS.identity },
          { label: 'Blur (3×3 box)', value: KERNELS.box },
          { label: 'Blur (5×5 Gaussian)', value: KERNELS.gaussian },
          { label: 'Sharpen', value: KERNELS.sharpen },
          { label: 'Sobel: vertical edges', value: KERNELS.sobelX },
          { label: 'Sobel: horizontal edges', value: KERNELS.sobelY },
          { label: 'Centre-surround', value: KERNELS.centreSurround },
          { label: 'Gabor, vertical', value: KERNELS.gaborVertical },
          { label: 'Gabor, 45°', value: KERNELS.gabor45 },
        ],
        help: 'Each number weights one pixel of the 5×5 neighbourhood; the centre cell sits on the output pixel.',
      },
      {
        name: 'scene',
        label: 'Picture',
        type: 'select',
        options: [
          { value: 'shapes', label: 'Shapes' },
          { value: 'rings', label: 'Rings' },
          { value: 'stripes', label: 'Stripes' },
          { value: 'checkerboard', label: 'Checkerboard' },
        ],
        value: 'shapes',
      },
    ],
  },
];
