/**
 * DeepDream core (playground/runtime/deepdream.ts): gradient ascent on pixels raises the chosen
 * layer's activity, the octave loop and Stop behave, and nothing leaks.
 *
 * Runs on the WASM backend (much faster than CPU in Node) with the project's extra gradient
 * kernels: TF.js 4.22's WASM backend has no Conv2DBackpropFilter, and the gradient of a Conv2D
 * layer (a fused conv) computes the filter gradient even when only the pixels' is asked for.
 */
import { readFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  applyFeatures,
  blur,
  dream,
  dreamStep,
  makeFeatureModel,
  octaveSizes,
  roll,
  visualizeChannel,
  type DreamOptions,
} from '../../playground/runtime/deepdream.ts';
import { generateImage } from '../../playground/runtime/images.ts';
import { registerWasmTrainingKernels } from '../../playground/runtime/wasm-kernels.ts';
import { loadLocalTinyDarknet } from '../../scripts/local-darknet.ts';
import { needTinyDarknet } from './support/tiny-darknet.ts';

/** Two 3x3 convolutions with ReLU and fixed-seed weights; accepts images of any size. */
function tinyModel(): tf.LayersModel {
  const init = (seed: number) => tf.initializers.glorotUniform({ seed });
  return tf.sequential({
    layers: [
      tf.layers.conv2d({
        inputShape: [null, null, 3],
        filters: 8,
        kernelSize: 3,
        padding: 'same',
        activation: 'relu',
        kernelInitializer: init(1),
        name: 'c1',
      }),
      tf.layers.conv2d({ filters: 8, kernelSize: 3, padding: 'same', activation: 'relu', kernelInitializer: init(2), name: 'c2' }),
    ],
  });
}

/** Mean activation of `layer` (or of one channel) for one image. */
function meanActivation(model: tf.LayersModel, layer: string, image: tf.Tensor3D, channel?: number): number {
  return tf.tidy(() => {
    let act = makeFeatureModel(model, layer).predict(image.expandDims(0)) as tf.Tensor4D;
    if (channel !== undefined) act = act.slice([0, 0, 0, channel], [-1, -1, -1, 1]);
    return act.mean().dataSync()[0]!;
  });
}

function meanAbsDiff(a: tf.Tensor3D, b: tf.Tensor3D): number {
  return tf.tidy(() => a.sub(b).abs().mean().dataSync()[0]!);
}

const quick: Partial<DreamOptions> = {
  layer: 'c2',
  octaves: 2,
  octaveScale: 1.4,
  stepsPerOctave: 3,
  stepSize: 0.02,
  jitter: 4,
  minOctaveSize: 16,
  seed: 7,
};

describe('deepdream', () => {
  let model: tf.LayersModel;
  let photo: tf.Tensor3D;

  beforeAll(async () => {
    registerWasmTrainingKernels();
    expect(await tf.setBackend('wasm')).toBe(true);
    model = tinyModel();
    photo = generateImage('rings', 40, 3);
  });

  it('roll shifts with wrap-around and rolling back restores the image', () => {
    const x = tf.tensor3d([1, 2, 3, 4, 5, 6], [2, 3, 1]);
    const r = roll(x, 1, 1);
    expect(Array.from(r.dataSync())).toEqual([6, 4, 5, 3, 1, 2]);
    const back = roll(r, -1, -1);
    expect(Array.from(back.dataSync())).toEqual([1, 2, 3, 4, 5, 6]);
    tf.dispose([x, r, back]);
  });

  it('plans octaves smallest first and never below the minimum size', () => {
    expect(octaveSizes([224, 224, 3], { octaves: 4, octaveScale: 1.4, useOctaves: true, minOctaveSize: 32 })).toEqual([
      [82, 82],
      [114, 114],
      [160, 160],
      [224, 224],
    ]);
    // A small image keeps only the octaves that fit; the full size is always there.
    expect(octaveSizes([40, 60, 3], { octaves: 4, octaveScale: 1.4, useOctaves: true, minOctaveSize: 32 })).toEqual([[40, 60]]);
    expect(octaveSizes([224, 224, 3], { octaves: 4, octaveScale: 1.4, useOctaves: false })).toEqual([[224, 224]]);
  });

  it('one step moves the pixels uphill and stays in 0..1', () => {
    const features = makeFeatureModel(model, 'c2');
    const before = tf.memory().numTensors;
    const { image, objective } = dreamStep(features, photo, { stepSize: 0.02, jitter: 0, normalizeGradient: true, useJitter: false });
    expect(tf.memory().numTensors).toBe(before + 2);
    expect(image.shape).toEqual(photo.shape);
    expect(objective.dataSync()[0]).toBeCloseTo(meanActivation(model, 'c2', photo), 5);
    expect(meanActivation(model, 'c2', image)).toBeGreaterThan(meanActivation(model, 'c2', photo));
    expect(image.min().dataSync()[0]).toBeGreaterThanOrEqual(0);
    expect(image.max().dataSync()[0]).toBeLessThanOrEqual(1);
    tf.dispose([image, objective]);
  });

  it('dreams: 2 octaves x 3 steps change the image and raise the layer activation, without leaks', async () => {
    const before = tf.memory().numTensors;
    const seen: number[] = [];
    const out = await dream(model, photo, { ...quick, onStep: async (_img, info) => void seen.push(info.octave * 10 + info.step) });
    expect(tf.memory().numTensors).toBe(before + 1);
    expect(seen).toEqual([0, 1, 2, 10, 11, 12]);
    expect(out.shape).toEqual(photo.shape);
    expect(meanAbsDiff(out, photo)).toBeGreaterThan(1e-3);
    expect(meanActivation(model, 'c2', out)).toBeGreaterThan(meanActivation(model, 'c2', photo));
    out.dispose();
  });

  it('Stop: onStep returning false ends the run early and keeps what was dreamed so far', async () => {
    const before = tf.memory().numTensors;
    let calls = 0;
    const out = await dream(model, photo, {
      ...quick,
      onStep: async () => {
        calls++;
        return calls < 2;
      },
    });
    expect(calls).toBe(2);
    expect(out.isDisposed).toBe(false);
    expect(out.shape).toEqual(photo.shape); // dreamed at the small octave, returned at full size
    expect(meanAbsDiff(out, photo)).toBeGreaterThan(1e-4);
    expect(tf.memory().numTensors).toBe(before + 1);
    out.dispose();
  });

  it.each([
    // The raw gradient is tiny here (mean |g| about 3e-5), so without normalisation the step must be huge.
    ['normalizeGradient', { normalizeGradient: false, stepSize: 200 }],
    ['useJitter', { useJitter: false }],
    ['useOctaves', { useOctaves: false }],
    ['one channel', { channel: 3 }],
    ['squared objective', { objective: 'squares' as const }],
  ])('runs with %s switched', async (_name, change) => {
    const before = tf.memory().numTensors;
    const out = await dream(model, photo, { ...quick, ...change });
    expect(tf.memory().numTensors).toBe(before + 1);
    expect(out.shape).toEqual(photo.shape);
    expect(meanAbsDiff(out, photo)).toBeGreaterThan(1e-3);
    out.dispose();
  });

  it('applyFeatures matches apply in value and pixel gradient, and never computes filter gradients', async () => {
    // Linear convs (fused by TF.js) of several kinds, batch norm, an activation layer and pooling.
    const init = (seed: number) => tf.initializers.glorotUniform({ seed });
    const model = tf.sequential({
      layers: [
        tf.layers.conv2d({
          inputShape: [null, null, 3],
          filters: 6,
          kernelSize: 3,
          padding: 'same',
          kernelInitializer: init(1),
          biasInitializer: 'ones',
        }),
        tf.layers.batchNormalization({
          movingMeanInitializer: tf.initializers.constant({ value: 0.1 }),
          movingVarianceInitializer: tf.initializers.constant({ value: 2 }),
          gammaInitializer: tf.initializers.constant({ value: 1.5 }),
          betaInitializer: tf.initializers.constant({ value: -0.2 }),
        }),
        tf.layers.leakyReLU({ alpha: 0.1 }),
        tf.layers.maxPooling2d({ poolSize: 2, padding: 'same' }),
        tf.layers.conv2d({ filters: 5, kernelSize: 1, useBias: false, kernelInitializer: init(2) }),
        tf.layers.conv2d({ filters: 4, kernelSize: 2, strides: 2, padding: 'valid', kernelInitializer: init(3) }),
        tf.layers.conv2d({ filters: 4, kernelSize: 3, padding: 'same', activation: 'relu', kernelInitializer: init(4), name: 'top' }),
      ],
    });
    const features = makeFeatureModel(model, 'top');
    const x = generateImage('rings', 21, 2);
    const objective = (f: (b: tf.Tensor4D) => tf.Tensor) => (img: tf.Tensor3D) =>
      f(img.expandDims(0) as tf.Tensor4D)
        .square()
        .mean() as tf.Scalar;
    const before = tf.memory().numTensors;
    const [valueDiff, gradDiff, gradScale] = tf.tidy(() => {
      const a = tf.valueAndGrad(objective((b) => features.apply(b) as tf.Tensor))(x);
      const b = tf.valueAndGrad(objective((t) => applyFeatures(features, t)))(x);
      return [a.value.sub(b.value).abs(), a.grad.sub(b.grad).abs().max(), a.grad.abs().max()].map((t) => t.dataSync()[0]!) as [
        number,
        number,
        number,
      ];
    });
    expect(tf.memory().numTensors).toBe(before);
    expect(valueDiff).toBeLessThan(1e-5);
    expect(gradScale).toBeGreaterThan(0);
    expect(gradDiff / gradScale).toBeLessThan(1e-4);
    const kernels = async (f: (b: tf.Tensor4D) => tf.Tensor) => {
      const profile = await tf.profile(() => tf.tidy(() => tf.grad(objective(f) as (t: tf.Tensor) => tf.Tensor)(x)));
      tf.dispose(profile.result as tf.Tensor);
      return profile.kernels.map((k) => k.name);
    };
    expect(await kernels((b) => features.apply(b) as tf.Tensor)).toContain('Conv2DBackpropFilter');
    expect(await kernels((t) => applyFeatures(features, t))).not.toContain('Conv2DBackpropFilter');
    x.dispose();
    model.dispose();
  });

  it('is deterministic for a given seed', async () => {
    const a = await dream(model, photo, quick);
    const b = await dream(model, photo, quick);
    expect(meanAbsDiff(a, b)).toBe(0);
    tf.dispose([a, b]);
  });

  it('blur keeps the shape and the mean of a constant image', () => {
    const flat = tf.fill([8, 8, 3], 0.25) as tf.Tensor3D;
    const b = blur(flat);
    expect(b.shape).toEqual([8, 8, 3]);
    expect(meanAbsDiff(b, flat)).toBeLessThan(1e-6);
    tf.dispose([flat, b]);
  });

  it('visualizeChannel raises one channel from faint noise', async () => {
    // A ReLU channel that is silent on grey has zero gradient; take the liveliest one.
    const channel = tf.tidy(() => {
      const grey = tf.fill([1, 16, 16, 3], 0.5);
      return (makeFeatureModel(model, 'c2').predict(grey) as tf.Tensor4D).mean([0, 1, 2]).argMax().dataSync()[0]!;
    });
    const before = tf.memory().numTensors;
    let start = Number.NaN;
    const img = await visualizeChannel(model, 'c2', channel, {
      size: 32,
      steps: 8,
      stepSize: 0.03,
      seed: 3,
      onStep: async (_i, info) => {
        if (info.step === 0) start = info.objective;
      },
    });
    expect(tf.memory().numTensors).toBe(before + 1);
    expect(img.shape).toEqual([32, 32, 3]);
    expect(meanActivation(model, 'c2', img, channel)).toBeGreaterThan(start + 1e-3);
    img.dispose();
  });

  it('chapter 12 states the current line count of the core (dreamStep + dream)', () => {
    const code = readFileSync(new URL('../../playground/runtime/deepdream.ts', import.meta.url), 'utf8');
    const chapter = readFileSync(new URL('../../docs/12-deepdream.mdx', import.meta.url), 'utf8');
    const n = codeLines(code, 'export function dreamStep(') + codeLines(code, 'export async function dream(');
    expect(chapter, `docs/12-deepdream.mdx should say "**${n} lines**"`).toContain(`**${n} lines**`);
    // The count is also stated in the short answer (frontmatter) and the key takeaways: all must agree.
    const shortAnswer = chapter.match(/^shortAnswer: (.*)$/m)?.[1] ?? '';
    expect(shortAnswer, 'the short answer states the line count').toContain(`${n} lines of TypeScript`);
    const takeaways = chapter.slice(chapter.indexOf('## Key takeaways'));
    expect(takeaways, 'the key takeaways state the line count').toContain(`${n} lines of TypeScript`);
    const stated = [...chapter.matchAll(/(\d+)(?:\*\*)? lines(?:\*\*)? of TypeScript/g)].map((m) => Number(m[1]));
    expect(stated.length).toBeGreaterThanOrEqual(3);
    expect(new Set(stated)).toEqual(new Set([n]));
  });

  describe('with Tiny Darknet', () => {
    it('dreams at 64 px with a flexible input and raises the activation', async (ctx) => {
      needTinyDarknet(ctx);
      const darknet = await loadLocalTinyDarknet();
      const flexible = darknet.withInputSize(null, null);
      const image = generateImage('rings', 64, 1);
      const layer = 'leaky_re_lu_8';
      const before = tf.memory().numTensors;
      const out = await dream(flexible, image, { layer, octaves: 1, stepsPerOctave: 2, stepSize: 0.01, jitter: 4, seed: 1 });
      expect(tf.memory().numTensors).toBe(before + 1);
      expect(out.shape).toEqual([64, 64, 3]);
      expect(meanActivation(flexible, layer, out)).toBeGreaterThan(meanActivation(flexible, layer, image));
      tf.dispose([out, image]);
      darknet.dispose();
    });

    it('at leaky_re_lu_4 a step of 0.01 overshoots in the first octave while 0.002 climbs (chapter 12)', async (ctx) => {
      // The chapter's claim, on the playground's scene (generated shapes + faint noise), first octave only.
      needTinyDarknet(ctx);
      const darknet = await loadLocalTinyDarknet();
      const flexible = darknet.withInputSize(null, null);
      const scene = tf.tidy(() =>
        generateImage('shapes', 224)
          .add(tf.randomNormal([224, 224, 3], 0, 0.02, 'float32', 1))
          .clipByValue(0, 1),
      ) as tf.Tensor3D;
      const firstOctave = async (stepSize: number) => {
        const seen: number[] = [];
        const out = await dream(flexible, scene, {
          layer: 'leaky_re_lu_4',
          stepSize,
          onStep: async (_img, info) => {
            seen.push(info.objective);
            return info.step < 9; // stop after the first octave's 10 steps
          },
        });
        out.dispose();
        return { start: seen[0] ?? Number.NaN, end: seen[9] ?? Number.NaN };
      };
      const big = await firstOctave(0.01);
      const small = await firstOctave(0.002);
      expect(big.end).toBeLessThan(big.start);
      expect(small.end).toBeGreaterThan(small.start);
      scene.dispose();
      darknet.dispose();
    });
  });
});

/** Lines of one top-level function that are neither blank nor only a comment (signature and closing brace included). */
function codeLines(source: string, signature: string): number {
  const lines = source.split('\n');
  const start = lines.findIndex((l) => l.startsWith(signature));
  if (start < 0) throw new Error(`not found: ${signature}`);
  let n = 0;
  for (const line of lines.slice(start)) {
    const t = line.trim();
    if (t !== '' && !t.startsWith('//') && !t.startsWith('/*') && !t.startsWith('*')) n++;
    if (line === '}') break;
  }
  return n;
}
