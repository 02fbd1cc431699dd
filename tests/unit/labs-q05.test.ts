/**
 * Chapter 5's labs in Node, on their default settings: the layer explorer's counts equal what
 * TF.js itself counts (countParams()) for networks built independently with tf.layers, layer by
 * layer, for every preset that fits in memory (VGG-16's 138 million weights included); the 1×1
 * convolution is a per-pixel dense layer and its bottleneck saves what the chapter says; max-pooled
 * maps change less than unpooled ones under a 1-pixel shift.
 *
 *   npx vitest run tests/unit/labs-q05.test.ts
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../playground/runtime/backends.ts';
import type { BarPlot, LinePlot } from '../../playground/shared/messages.ts';
import type { Recording } from './support/recording-sink.ts';
import { type ExampleRun, runExample } from './support/run-example.ts';
import { barMap, bottleneck, denseShare, layerShares, maxPool, vgg16 } from '../../src/components/figures/q05-layers.ts';

beforeAll(async () => {
  await initBackend('wasm');
});

function cleanRun(rec: ExampleRun): void {
  expect(rec.logs.filter((l) => l.level === 'error')).toEqual([]);
  expect(rec.leakedTensors, 'tensors left alive at the end of the run').toBe(0);
}

/** A table's rows as objects keyed by column name. */
function rows(rec: Recording, caption: RegExp): Array<Record<string, string>> {
  const t = rec.tables.find((x) => caption.test(x.caption));
  if (!t) throw new Error(`no table ${caption}`);
  return t.rows.map((r) => Object.fromEntries(t.columns.map((c, i) => [c, String(r[i])])));
}
const num = (s: string) => Number(s.replace(/,/g, ''));
const logText = (rec: Recording) => rec.logs.map((l) => l.text).join('\n');

/** The explorer's table for a preset: layers with weights, and all of them. */
async function explore(params: Record<string, string | number | boolean>) {
  const rec = await runExample('layer-explorer', { params });
  cleanRun(rec);
  const all = rows(rec, /every layer/);
  return { rec, all, weighted: all.filter((r) => num(r.parameters!) > 0) };
}

/** Build with zero weights (fast; only the count matters), count, dispose. */
function countLayers(model: tf.LayersModel): { total: number; perLayer: number[] } {
  const perLayer = model.layers.map((l) => l.countParams()).filter((n) => n > 0);
  const total = model.countParams();
  model.dispose();
  return { total, perLayer };
}
const zeros = { kernelInitializer: 'zeros', biasInitializer: 'zeros' } as const;

/** VGG-16, configuration D of Simonyan & Zisserman, in plain tf.layers. */
function tfVgg16(): tf.LayersModel {
  const m = tf.sequential();
  m.add(tf.layers.inputLayer({ inputShape: [224, 224, 3] }));
  for (const [filters, convs] of [
    [64, 2],
    [128, 2],
    [256, 3],
    [512, 3],
    [512, 3],
  ] as const) {
    for (let i = 0; i < convs; i++) m.add(tf.layers.conv2d({ filters, kernelSize: 3, padding: 'same', ...zeros }));
    m.add(tf.layers.maxPooling2d({ poolSize: 2 }));
  }
  m.add(tf.layers.flatten());
  for (const units of [4096, 4096, 1000]) m.add(tf.layers.dense({ units, ...zeros }));
  return m;
}

/** AlexNet as its two GPU towers: separate convolutions per tower where the paper splits them. */
function tfAlexNet(): tf.LayersModel {
  const input = tf.input({ shape: [227, 227, 3] });
  const conv = (x: tf.SymbolicTensor, filters: number, kernelSize: number, strides = 1, padding: 'valid' | 'same' = 'same') =>
    tf.layers.conv2d({ filters, kernelSize, strides, padding, ...zeros }).apply(x) as tf.SymbolicTensor;
  const pool = (x: tf.SymbolicTensor) => tf.layers.maxPooling2d({ poolSize: 3, strides: 2 }).apply(x) as tf.SymbolicTensor;
  const towers = [0, 1].map(() => pool(conv(input, 48, 11, 4, 'valid'))).map((x) => pool(conv(x, 128, 5)));
  const joined = tf.layers.concatenate().apply(towers) as tf.SymbolicTensor;
  const top = [0, 1].map(() => pool(conv(conv(conv(joined, 192, 3), 192, 3), 128, 3)));
  let x = tf.layers.flatten().apply(tf.layers.concatenate().apply(top)) as tf.SymbolicTensor;
  for (const units of [4096, 4096, 1000]) x = tf.layers.dense({ units, ...zeros }).apply(x) as tf.SymbolicTensor;
  return tf.model({ inputs: input, outputs: x });
}

/** GoogLeNet's Inception 3a in tf.layers: four paths, stacked. */
function tfInception3a(): tf.LayersModel {
  const input = tf.input({ shape: [28, 28, 192] });
  const conv = (x: tf.SymbolicTensor, filters: number, kernelSize: number) =>
    tf.layers.conv2d({ filters, kernelSize, padding: 'same', ...zeros }).apply(x) as tf.SymbolicTensor;
  const pooled = tf.layers.maxPooling2d({ poolSize: 3, strides: 1, padding: 'same' }).apply(input) as tf.SymbolicTensor;
  const paths = [conv(input, 64, 1), conv(conv(input, 96, 1), 128, 3), conv(conv(input, 16, 1), 32, 5), conv(pooled, 32, 1)];
  return tf.model({ inputs: input, outputs: tf.layers.concatenate().apply(paths) as tf.SymbolicTensor });
}

describe('layer-explorer: counts equal TF.js countParams()', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu'); // VGG-16's 553 MB of weights, allocated only to be counted
  });
  afterAll(async () => {
    await tf.setBackend('wasm');
  });

  it('VGG-16 (the default): 138,357,544 parameters, layer by layer; fully connected layers hold most weights and do little arithmetic', async () => {
    const { rec, all, weighted } = await explore({});
    const tfCount = countLayers(tfVgg16());
    expect(weighted.map((r) => num(r.parameters!))).toEqual(tfCount.perLayer);
    expect(tfCount.total).toBe(138_357_544); // the total Keras and torchvision report for VGG-16
    expect(all).toHaveLength(21);
    expect(all.at(-1)!.output).toBe('1000');
    expect(logText(rec)).toContain('VGG-16: 138,357,544 parameters; 15,470,264,320 multiply-adds');
    // The chapter's first-screen numbers: 89 % of the weights, under 1 % of the arithmetic.
    const shares = rec.plotNamed('Share of parameters and of multiply-adds, by kind of layer') as BarPlot;
    const fc = shares.categories.indexOf('fully connected');
    expect(shares.series[0]!.values[fc]).toBeCloseTo(89.4, 1);
    expect(shares.series[1]!.values[fc]).toBeLessThan(1);
    expect(shares.series[1]!.values[shares.categories.indexOf('k×k convolution')]).toBeGreaterThan(99);
    // Figure 2 draws the same network from the figures' own description.
    expect(layerShares(vgg16()).map((r) => r.params)).toEqual(tfCount.perLayer);
    expect(denseShare(vgg16()).params).toBeCloseTo(shares.series[0]!.values[fc]!, 6);
  });

  it('AlexNet, built as two GPU towers in tf.layers, has the explorer’s count in every layer', async () => {
    const { rec, weighted } = await explore({ preset: 'alexnet' });
    const tfCount = countLayers(tfAlexNet());
    const explorerTotal = weighted.reduce((n, r) => n + num(r.parameters!), 0);
    expect(explorerTotal).toBe(tfCount.total);
    // Per layer: the towers' halves add up to the explorer's grouped layer.
    const byName = Object.fromEntries(weighted.map((r) => [r.layer, num(r.parameters!)]));
    expect(byName.fc6).toBe(9216 * 4096 + 4096);
    expect(explorerTotal).toBeGreaterThan(60e6);
    expect(logText(rec)).toMatch(/Fully connected layers: 9\d\.\d % of the parameters/);
  });

  it('the book CNN and Tiny Darknet match the model files the site ships and loads', async () => {
    const book = JSON.parse(readFileSync(new URL('../../public/models/book-cnn/model.json', import.meta.url), 'utf8'));
    const bookModel = await tf.models.modelFromJSON(book.modelTopology);
    const { weighted } = await explore({ preset: 'book-cnn' });
    expect(weighted.map((r) => num(r.parameters!))).toEqual(countLayers(bookModel).perLayer);

    const darknetJson = fileURLToPath(new URL('../../../shared/models/darknet-tiny/model.json', import.meta.url));
    if (!existsSync(darknetJson)) return console.warn('[labs-q05] no local Tiny Darknet copy: its count is not checked');
    const darknet = await tf.models.modelFromJSON(JSON.parse(readFileSync(darknetJson, 'utf8')).modelTopology);
    const { rec } = await explore({ preset: 'tiny-darknet' });
    const inFile = /: ([\d,]+) in the model file/.exec(logText(rec));
    expect(num(inFile![1]!)).toBe(countLayers(darknet).total);
  });

  it('the Inception module: 256 channels out, TF.js agrees, and the 1×1 reductions cut its cost', async () => {
    const { rec, all, weighted } = await explore({ preset: 'inception' });
    const tfCount = countLayers(tfInception3a());
    expect(weighted.map((r) => num(r.parameters!)).sort((a, b) => a - b)).toEqual(tfCount.perLayer.sort((a, b) => a - b));
    expect(all.map((r) => r.output?.split('×')[2])).toEqual(['64', '96', '128', '16', '32', '192', '32']);
    const total = (r: Recording, what: RegExp) => num(what.exec(logText(r))![1]!);
    const naive = await explore({ preset: 'inception-naive' });
    const paramsOf = /([\d,]+) parameters/;
    const macsOf = /([\d,]+) multiply-adds/;
    expect(total(rec, macsOf)).toBe(128_049_152); // GoogLeNet's table 1 says 128M operations for 3a
    expect(total(naive.rec, paramsOf) / total(rec, paramsOf)).toBeGreaterThan(2);
    expect(total(naive.rec, macsOf) / total(rec, macsOf)).toBeGreaterThan(2);
  });

  it('your own stack: a global-average-pooling head holds far fewer weights than a dense head, and TF.js agrees', async () => {
    const settings = { preset: 'custom', inputSize: 32, blocks: 2, filters: 16, kernel: '3', pool: false };
    const dense = await explore({ ...settings, head: 'dense' });
    const gap = await explore({ ...settings, head: 'gap' });
    const m = tf.sequential();
    m.add(tf.layers.inputLayer({ inputShape: [32, 32, 3] }));
    m.add(tf.layers.conv2d({ filters: 16, kernelSize: 3, padding: 'same' }));
    m.add(tf.layers.conv2d({ filters: 32, kernelSize: 3, padding: 'same' }));
    m.add(tf.layers.flatten());
    m.add(tf.layers.dense({ units: 128 }));
    m.add(tf.layers.dense({ units: 10 }));
    expect(dense.weighted.map((r) => num(r.parameters!))).toEqual(countLayers(m).perLayer);
    const sum = (x: typeof dense) => x.weighted.reduce((n, r) => n + num(r.parameters!), 0);
    expect(sum(dense) / sum(gap)).toBeGreaterThan(100);
  });

  it('a window that does not fit gives a clear message', async () => {
    const run = runExample('layer-explorer', { params: { preset: 'custom', inputSize: 16, blocks: 5, pool: true } });
    await expect(run).rejects.toThrow(/your stack .*: a 2-wide window with stride 2 does not fit an input of 1\. Try a larger input/);
  });
});

describe('one-by-one', () => {
  it('a 1×1 convolution is a dense layer at every pixel, and the bottleneck saves about 10× before a 5×5', async () => {
    const rec = await runExample('one-by-one');
    cleanRun(rec);
    expect(logText(rec)).toMatch(/agree to 0\.0e\+0|agree to [1-9]\.\de-[5-9]/);
    expect(rec.images.filter((i) => i.groupTitle?.startsWith('Output channels'))).toHaveLength(3);
    const [direct, squeezed] = rows(rec, /with and without a 1×1 bottleneck/);
    expect(direct!.parameters).toBe(direct!['TF.js countParams()']);
    expect(squeezed!.parameters).toBe(squeezed!['TF.js countParams()']);
    expect(num(direct!.parameters!)).toBe(5 * 5 * 192 * 32 + 32);
    expect(num(squeezed!.parameters!)).toBe(192 * 16 + 16 + 5 * 5 * 16 * 32 + 32);
    expect(logText(rec)).toContain('The bottleneck needs 9.7× fewer parameters and 9.7× fewer multiply-adds.');
  });

  it('the greyscale preset makes three identical channels (the mixing is the same at every pixel)', async () => {
    const grey = [0.299, 0.587, 0.114];
    const rec = await runExample('one-by-one', { params: { mix: [grey, grey, grey] } });
    cleanRun(rec);
    const tiles = rec.images.filter((i) => i.groupTitle?.startsWith('Output channels'));
    expect(tiles[0]!.rgba).toEqual(tiles[1]!.rgba);
    expect(tiles[0]!.rgba).toEqual(tiles[2]!.rgba);
  });
});

describe('chapter 5 figures', () => {
  it('Figure 3’s bottleneck numbers are the lab’s', () => {
    const { direct, reduced } = bottleneck(28, 192, 16, 32);
    expect(direct).toEqual({ params: 153_632, macs: 120_422_400 });
    expect(reduced).toEqual({ params: 15_920, macs: 12_443_648 });
  });

  it('Figure 4: a 1-pixel move inside a pooling window leaves the pooled map as it was; a 2-pixel move does not', () => {
    expect(maxPool(barMap(3))).toEqual(maxPool(barMap(2)));
    expect(maxPool(barMap(4))).not.toEqual(maxPool(barMap(2)));
    expect(maxPool(barMap(2)).map((row) => row[1])).toEqual([6, 9, 0]);
  });
});

describe('pooling-shifts', () => {
  it('after max pooling the maps change less under a 1-pixel shift than before it (default settings)', async () => {
    const rec = await runExample('pooling-shifts');
    cleanRun(rec);
    const plot = rec.plotNamed('How much the feature maps change when the picture shifts') as LinePlot;
    const at = (name: string, shift: number) => plot.series.find((s) => s.name === name)!.points.find(([x]) => x === shift)![1];
    expect(plot.series.map((s) => s.name)).toEqual(['no pooling', 'max pool 2×2', 'max pool 4×4', 'average pool 4×4', 'global max pool']);
    // The claims of the chapter, on the default picture and shifts:
    expect(at('max pool 2×2', 1)).toBeLessThan(at('no pooling', 1));
    expect(at('max pool 4×4', 1)).toBeLessThan(at('max pool 2×2', 1));
    expect(at('max pool 4×4', 1)).toBeLessThan(at('average pool 4×4', 1));
    expect(at('global max pool', 1)).toBeLessThan(0.01);
    // Tolerance, not invariance: the pooled maps still change, more with every pixel.
    expect(at('max pool 4×4', 1)).toBeGreaterThan(0.05);
    expect(at('max pool 4×4', 4)).toBeGreaterThan(at('max pool 4×4', 1));
    expect(rec.images.filter((i) => i.groupTitle?.startsWith('One filter'))).toHaveLength(6);
  });
});

describe('layer-ablations', () => {
  it('pooling keeps the accuracy of the unpooled network with 14× fewer weights; strided convolution does as well as pooling (default run)', async () => {
    const rec = await runExample('layer-ablations'); // about 18 s of CPU on WASM
    cleanRun(rec);
    const table = Object.fromEntries(rows(rec, /validation accuracy|validation digits/).map((r) => [r.network, r]));
    const params = (n: string) => num(table[n]!.parameters!);
    const acc = (n: string) => Number.parseFloat(table[n]!['validation accuracy']!);
    expect(Object.keys(table)).toEqual(['pooling + dense head', 'no pooling + dense head', 'strided conv + dense head', 'pooling + global average']);
    // Weights: the dense layer after unpooled 28×28 maps is 16 times the one after 7×7 maps.
    expect(params('no pooling + dense head') / params('pooling + dense head')).toBeGreaterThan(10);
    expect(params('strided conv + dense head')).toBe(params('pooling + dense head'));
    expect(params('pooling + global average')).toBeLessThan(params('pooling + dense head') / 5);
    // Accuracy: the three dense-head networks learn, within a few points of each other.
    for (const n of ['pooling + dense head', 'no pooling + dense head', 'strided conv + dense head']) expect(acc(n)).toBeGreaterThan(85);
    expect(Math.abs(acc('no pooling + dense head') - acc('pooling + dense head'))).toBeLessThan(3);
    expect(Math.abs(acc('strided conv + dense head') - acc('pooling + dense head'))).toBeLessThan(3);
    // In a network this small and this short a training, the weightless head learns far more slowly.
    expect(acc('pooling + global average')).toBeLessThan(acc('pooling + dense head') - 20);
  }, 300_000);
});
