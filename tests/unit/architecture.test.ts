/**
 * Layer arithmetic (playground/shared/architecture.ts) against brute force: a convolution written
 * as loops that counts its own multiply-adds (and agrees with tf.conv2d), parameter counts against
 * the tensors TF.js allocates, shapes against what the built network really outputs, and the
 * published totals (AlexNet's 60 million parameters, ResNet-50's 3.8 billion multiply-adds).
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  ALEXNET,
  type Architecture,
  BOOK_CNN,
  costs,
  outputLength,
  outputShape,
  RESNET50,
  resnet50,
  summarize,
  trainingFlops,
} from '../../playground/shared/architecture.ts';
import { initBackend } from '../../playground/runtime/backends.ts';
import { buildNetwork } from '../../playground/runtime/network.ts';
import { mulberry32 } from '../../playground/runtime/random.ts';
import { alexnetTrainingWork, find, IMAGENET_TRAIN_IMAGES, runs, secondsForAlexnet } from '../../playground/shared/training-runs.ts';

beforeAll(async () => {
  await initBackend('wasm');
});

/**
 * A grouped 2-D convolution as plain loops over one image [h][w][c], with `pad` zeros on every
 * side, counting every multiply-add it performs (padding zeros included, as dense code does).
 */
function bruteConv(
  image: number[][][],
  kernel: number[][][][], // [k][k][cIn / groups][cOut]
  stride: number,
  pad: number,
  groups: number,
): { out: number[][][]; macs: number } {
  const [h, w, c] = [image.length, image[0]!.length, image[0]![0]!.length];
  const k = kernel.length;
  const cOut = kernel[0]![0]![0]!.length;
  const perGroupIn = c / groups;
  const perGroupOut = cOut / groups;
  let macs = 0;
  const out: number[][][] = [];
  for (let oy = 0; oy * stride + k <= h + 2 * pad; oy++) {
    const row: number[][] = [];
    for (let ox = 0; ox * stride + k <= w + 2 * pad; ox++) {
      const values: number[] = [];
      for (let o = 0; o < cOut; o++) {
        const g = Math.floor(o / perGroupOut);
        let sum = 0;
        for (let ky = 0; ky < k; ky++) {
          for (let kx = 0; kx < k; kx++) {
            for (let i = 0; i < perGroupIn; i++) {
              const y = oy * stride + ky - pad;
              const x = ox * stride + kx - pad;
              const v = y >= 0 && y < h && x >= 0 && x < w ? image[y]![x]![g * perGroupIn + i]! : 0;
              sum += v * kernel[ky]![kx]![i]![o]!;
              macs++;
            }
          }
        }
        values.push(sum);
      }
      row.push(values);
    }
    out.push(row);
  }
  return { out, macs };
}

describe('convolution arithmetic against a brute-force count', () => {
  const rand = mulberry32(7);
  const cases = [
    { size: 9, c: 3, filters: 4, kernel: 3, stride: 1, pad: 0, groups: 1 },
    { size: 11, c: 4, filters: 6, kernel: 5, stride: 2, pad: 2, groups: 2 },
    { size: 12, c: 6, filters: 6, kernel: 3, stride: 3, pad: 1, groups: 3 },
    { size: 15, c: 3, filters: 8, kernel: 11, stride: 4, pad: 0, groups: 1 }, // AlexNet's conv1, shrunk
  ];
  for (const t of cases) {
    it(`k=${t.kernel} s=${t.stride} p=${t.pad} groups=${t.groups}: shape, multiply-adds and values`, () => {
      const image = Array.from({ length: t.size }, () => Array.from({ length: t.size }, () => Array.from({ length: t.c }, () => rand() - 0.5)));
      const kernel = Array.from({ length: t.kernel }, () =>
        Array.from({ length: t.kernel }, () => Array.from({ length: t.c / t.groups }, () => Array.from({ length: t.filters }, () => rand() - 0.5))),
      );
      const brute = bruteConv(image, kernel, t.stride, t.pad, t.groups);
      const arch: Architecture = {
        name: 'case',
        input: [t.size, t.size, t.c],
        layers: [
          { kind: 'conv', name: 'conv', filters: t.filters, kernel: t.kernel, stride: t.stride, padding: t.pad, groups: t.groups, bias: false },
        ],
      };
      const [row] = costs(arch);
      expect(row!.output).toEqual([brute.out.length, brute.out[0]!.length, t.filters]);
      expect(row!.macs).toBe(brute.macs);
      expect(row!.params).toBe(t.kernel * t.kernel * (t.c / t.groups) * t.filters);
      // The loops are a real convolution: TF.js agrees, group by group.
      const ours = tf.tidy(() => {
        const x = tf.tensor4d(image.flat(2), [1, t.size, t.size, t.c]);
        const parts = tf.split(x, t.groups, 3).map((part, g) => {
          const w = tf.tensor4d(kernel.flat(3), [t.kernel, t.kernel, t.c / t.groups, t.filters]);
          const slice = tf.slice(w, [0, 0, 0, g * (t.filters / t.groups)], [-1, -1, -1, t.filters / t.groups]);
          return tf.conv2d(part as tf.Tensor4D, slice as tf.Tensor4D, t.stride, t.pad);
        });
        return tf.concat(parts, 3).dataSync();
      });
      const flat = brute.out.flat(2);
      expect(ours.length).toBe(flat.length);
      for (let i = 0; i < flat.length; i++) expect(Math.abs(ours[i]! - flat[i]!)).toBeLessThan(1e-4);
    });
  }

  it("'same' padding gives ceil(input / stride), as in TensorFlow", () => {
    expect(outputLength(28, 3, 1, 'same')).toBe(28);
    expect(outputLength(27, 3, 2, 'same')).toBe(14);
    expect(outputLength(227, 11, 4, 'valid')).toBe(55);
    expect(() => outputLength(3, 5, 1, 'valid')).toThrow(/does not fit/);
  });
});

describe('published architectures', () => {
  it('AlexNet: 227×227 input gives the paper’s 55×55×96 first layer and about 60 million parameters', () => {
    const rows = costs(ALEXNET);
    expect(rows[0]!.output).toEqual([55, 55, 96]);
    expect(rows.find((r) => r.name === 'pool5')!.output).toEqual([6, 6, 256]);
    const s = summarize(ALEXNET);
    expect(s.params).toBe(60_965_224);
    expect(Math.abs(s.params - 60e6) / 60e6).toBeLessThan(0.02);
    // The dense layers hold 96 % of the weights but do only 8 % of the arithmetic.
    const dense = rows.filter((r) => r.kind === 'dense');
    expect(dense.reduce((n, r) => n + r.params, 0) / s.params).toBeGreaterThan(0.95);
    expect(dense.reduce((n, r) => n + r.macs, 0) / s.forwardMacs).toBeLessThan(0.09);
    // Training: forward, weight gradients, input gradients except for the image.
    expect(s.trainingFlops).toBe(2 * (3 * s.forwardMacs - rows[0]!.macs));
  });

  it('ResNet-50: 3.8 billion multiply-adds as in He et al. (2016), more with the stride on the 3×3', () => {
    const he = summarize(RESNET50);
    expect(he.forwardMacs / 1e9).toBeCloseTo(3.86, 2);
    expect(Math.abs(he.forwardMacs - 3.8e9) / 3.8e9).toBeLessThan(0.02);
    expect(outputShape(RESNET50.input, RESNET50.layers)).toEqual([1, 1, 1000]);
    expect(summarize(resnet50('3x3')).forwardMacs).toBeGreaterThan(he.forwardMacs);
    expect(he.params).toBe(summarize(resnet50('3x3')).params);
  });

  it('parameter counts equal the tensors the built network allocates, and shapes what it outputs', () => {
    // AlexNet's grouped convolutions (its 58 million dense weights would take long to fill).
    const alexnetConvs: Architecture = {
      name: 'AlexNet convolutions',
      input: ALEXNET.input,
      layers: [...ALEXNET.layers.filter((l) => l.kind !== 'dense'), { kind: 'dense', name: 'head', units: 10 }],
    };
    for (const arch of [BOOK_CNN, alexnetConvs]) {
      const net = buildNetwork(arch, { seed: 3 });
      const allocated = net.variables.reduce((n, v) => n + v.size, 0);
      expect(allocated, arch.name).toBe(summarize(arch).params);
      net.dispose();
    }
    // The book CNN as the Layers API builds it (scripts/train-book-cnn.ts) has the same count.
    expect(summarize(BOOK_CNN).params).toBe(129_388);
    // Layer by layer, the built network's intermediate shapes match the arithmetic (a small
    // residual network with a projection shortcut and grouped convolutions).
    const small: Architecture = {
      name: 'small',
      input: [16, 16, 4],
      layers: [
        { kind: 'conv', name: 'c1', filters: 8, kernel: 3, padding: 1, groups: 2 },
        {
          kind: 'branches',
          name: 'block',
          merge: 'add',
          paths: [
            [
              { kind: 'conv', name: 'a', filters: 8, kernel: 1, stride: 2 },
              { kind: 'conv', name: 'b', filters: 16, kernel: 3, padding: 1 },
            ],
            [{ kind: 'conv', name: 'proj', filters: 16, kernel: 1, stride: 2 }],
          ],
        },
        { kind: 'pool', name: 'p', size: 2 },
        { kind: 'dense', name: 'out', units: 5 },
      ],
    };
    const net = buildNetwork(small, { seed: 1 });
    const logits = tf.tidy(() => net.apply(tf.ones([2, 16, 16, 4])));
    expect(logits.shape).toEqual([2, 5]);
    expect(net.variables.reduce((n, v) => n + v.size, 0)).toBe(summarize(small).params);
    logits.dispose();
    net.dispose();
  });
});

describe('published training runs', () => {
  it('computes each rate from the architecture: AlexNet 2012 sustained about a teraflop on two GPUs', () => {
    const alexnet = find('alexnet-2012');
    expect(alexnet.flopsPerSecond).toBeCloseTo((trainingFlops(ALEXNET) * IMAGENET_TRAIN_IMAGES * 90) / (5.5 * 86400), 0);
    expect(alexnet.flopsPerSecond! / 1e12).toBeGreaterThan(0.5);
    expect(alexnet.flopsPerSecond! / 1e12).toBeLessThan(2);
    // Goyal et al.: ResNet-50 (stride on the 3×3), 90 epochs of ImageNet in one hour.
    expect(find('resnet50-2017').flopsPerSecond).toBeCloseTo((trainingFlops(resnet50('3x3')) * IMAGENET_TRAIN_IMAGES * 90) / 3600, 0);
    // AlexNet's recipe at each rate: 2012's own rate gives back its reported 5.5 days.
    expect(secondsForAlexnet(alexnet.flopsPerSecond!) / 86400).toBeCloseTo(5.5, 6);
    expect(alexnetTrainingWork()).toBe(trainingFlops(ALEXNET) * IMAGENET_TRAIN_IMAGES * 90);
    for (const r of runs) expect(r.seconds, r.id).toBeGreaterThan(0);
  });
});
