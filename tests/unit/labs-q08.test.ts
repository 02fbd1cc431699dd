/**
 * The labs of question 8 (which layers are expensive), in Node on the WASM backend. The counts
 * each lab prints are checked independently: parameters against TF.js's own countParams(),
 * multiply-adds against convolutions written as loops that count what they do, activations
 * against the tensors TF.js really outputs, and the totals against the published papers. Times
 * are measured, never asserted beyond "there and positive": they depend on the machine.
 */
import { readFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { BarPlot, LinePlot } from '../../playground/shared/messages.ts';
import { initBackend } from '../../playground/runtime/backends.ts';
import { mulberry32 } from '../../playground/runtime/random.ts';
import { q08 } from '../../src/data/q08-numbers.ts';
import { runExample } from './support/run-example.ts';

beforeAll(async () => {
  await initBackend('wasm');
});

type Row = Record<string, string>;
function rowsOf(table: { columns: string[]; rows: Array<Array<string | number>> }): Row[] {
  return table.rows.map((r) => Object.fromEntries(table.columns.map((c, i) => [c, String(r[i])])));
}

// ---- the two profiled networks as TF.js layers models, built independently of the lab ---------
function bookCnn(): tf.Sequential {
  const m = tf.sequential();
  m.add(tf.layers.conv2d({ name: 'conv1', inputShape: [28, 28, 1], filters: 20, kernelSize: 5 }));
  m.add(tf.layers.activation({ name: 'relu1', activation: 'relu' }));
  m.add(tf.layers.maxPooling2d({ name: 'pool1', poolSize: 2 }));
  m.add(tf.layers.conv2d({ name: 'conv2', filters: 50, kernelSize: 5 }));
  m.add(tf.layers.activation({ name: 'relu2', activation: 'relu' }));
  m.add(tf.layers.maxPooling2d({ name: 'pool2', poolSize: 2 }));
  m.add(tf.layers.flatten({ name: 'flatten' }));
  m.add(tf.layers.dense({ name: 'dense1', units: 128 }));
  m.add(tf.layers.activation({ name: 'relu3', activation: 'relu' }));
  m.add(tf.layers.dense({ name: 'dense2', units: 10 }));
  return m;
}

function smallVgg(): tf.Sequential {
  const m = tf.sequential();
  const conv = (name: string, filters: number, first = false) =>
    m.add(tf.layers.conv2d({ name, filters, kernelSize: 3, padding: 'same', ...(first ? { inputShape: [32, 32, 3] } : {}) }));
  const relu = (name: string) => m.add(tf.layers.activation({ name, activation: 'relu' }));
  const pool = (name: string) => m.add(tf.layers.maxPooling2d({ name, poolSize: 2 }));
  conv('conv1', 16, true);
  relu('relu1');
  conv('conv2', 16);
  relu('relu2');
  pool('pool1');
  conv('conv3', 32);
  relu('relu3');
  conv('conv4', 32);
  relu('relu4');
  pool('pool2');
  conv('conv5', 64);
  relu('relu5');
  pool('pool3');
  m.add(tf.layers.flatten({ name: 'flatten' }));
  m.add(tf.layers.dense({ name: 'dense1', units: 128 }));
  relu('relu6');
  m.add(tf.layers.dense({ name: 'dense2', units: 10 }));
  return m;
}

/**
 * One image through a convolution ('same' or 'valid', stride 1) or a dense layer written as
 * loops, counting every multiply-add the loops perform (zeros of the padding included, as dense
 * library code does); the output is compared with TF.js so the loops are known to be the layer.
 */
function bruteForce(layer: tf.layers.Layer, input: Float32Array, inShape: number[]): { out: Float32Array; macs: number } {
  const [kernel, bias] = layer.getWeights().map((w) => w.dataSync() as Float32Array);
  const cfg = layer.getConfig();
  let macs = 0;
  if (layer.getClassName() === 'Dense') {
    const units = cfg.units as number;
    const out = new Float32Array(units);
    for (let u = 0; u < units; u++) {
      let s = bias![u]!;
      for (let i = 0; i < input.length; i++) {
        s += input[i]! * kernel![i * units + u]!;
        macs++;
      }
      out[u] = s;
    }
    return { out, macs };
  }
  const [h, w, c] = inShape as [number, number, number];
  const k = (cfg.kernelSize as number[])[0]!;
  const f = cfg.filters as number;
  const pad = cfg.padding === 'same' ? (k - 1) / 2 : 0;
  const [oh, ow] = [h + 2 * pad - k + 1, w + 2 * pad - k + 1];
  const out = new Float32Array(oh * ow * f);
  for (let y = 0; y < oh; y++)
    for (let x = 0; x < ow; x++)
      for (let o = 0; o < f; o++) {
        let s = bias![o]!;
        for (let dy = 0; dy < k; dy++)
          for (let dx = 0; dx < k; dx++)
            for (let i = 0; i < c; i++) {
              const [iy, ix] = [y + dy - pad, x + dx - pad];
              const v = iy >= 0 && iy < h && ix >= 0 && ix < w ? input[(iy * w + ix) * c + i]! : 0;
              s += v * kernel![((dy * k + dx) * c + i) * f + o]!;
              macs++;
            }
        out[(y * ow + x) * f + o] = s;
      }
  return { out, macs };
}

describe('layer-profiler', () => {
  it('times every layer and counts it right: convolutions do the arithmetic, dense layers hold the weights', async () => {
    const rec = await runExample('layer-profiler');
    expect(rec.leakedTensors).toBe(0);
    const models = { 'book CNN': bookCnn(), 'small VGG': smallVgg() };
    for (const [name, model] of Object.entries(models)) {
      const table = rec.tables.find((t) => t.caption.startsWith(`${name}:`));
      expect(table, name).toBeDefined();
      const rows = rowsOf(table!);
      const layers = model.layers.filter((l) => l.name !== 'flatten');
      expect(rows.map((r) => r.layer)).toEqual(layers.map((l) => l.name));

      // Walk one random image through the TF.js model, layer by layer, checking each row.
      const rand = mulberry32(3);
      const inShape = model.inputs[0]!.shape.slice(1) as number[];
      let x = tf.tensor(
        Float32Array.from({ length: inShape.reduce((a, b) => a * b, 1) }, () => rand() - 0.5),
        [1, ...inShape],
      );
      for (const layer of model.layers) {
        const y = layer.apply(x) as tf.Tensor;
        if (layer.name !== 'flatten') {
          const row = rows.find((r) => r.layer === layer.name)!;
          expect(Number(row.parameters), layer.name).toBe(layer.countParams());
          expect(Number(row['activations kept / image']), layer.name).toBe(y.size);
          expect(String(row.output).split('×').map(Number), layer.name).toEqual(y.shape.slice(1));
          const macs = Number(row['multiply-adds / image']);
          if (layer.countParams() > 0) {
            const brute = bruteForce(layer, x.dataSync() as Float32Array, x.shape.slice(1));
            expect(macs, layer.name).toBe(brute.macs);
            const got = y.dataSync();
            let worst = 0;
            for (let i = 0; i < got.length; i++) worst = Math.max(worst, Math.abs(got[i]! - brute.out[i]!));
            expect(worst, layer.name).toBeLessThan(1e-4);
          } else expect(macs, layer.name).toBe(0);
          // Measured, never asserted beyond existing: every layer has a positive forward time,
          // and every layer with weights a positive backward time.
          expect(Number(row['forward ms']), layer.name).toBeGreaterThan(0);
          if (layer.countParams() > 0) expect(Number(row['backward ms']), layer.name).toBeGreaterThan(0);
        }
        x.dispose();
        x = y;
      }
      x.dispose();
      model.dispose();

      const byType = rec.plotNamed(`By layer type, ${name} (% of the total)`) as BarPlot;
      expect(byType.categories).toEqual(['conv', 'relu', 'pool', 'dense']);
      const [time, work, params] = ['time', 'multiply-adds', 'parameters'].map((s) => byType.series.find((v) => v.name === s)!.values);
      expect(work![0]).toBeGreaterThan(90); // convolutions: > 90 % of multiply-adds
      expect(work![1]! + work![2]!).toBe(0); // ReLU and pooling: none
      expect(params![3]).toBeGreaterThan(75); // dense layers: most of the parameters
      expect(time!.reduce((a, b) => a + b, 0)).toBeCloseTo(100, 6);
    }
    // Training's arithmetic is about three forward passes: backward ≈ 2 × forward.
    expect(Number(/arithmetic alone predicts (\d\.\d)/.exec(rec.text())?.[1])).toBeCloseTo(1.9, 1);
    // The shares the chapter quotes.
    expect(rec.text()).toMatch(/book CNN: .*Convolutions: 94\.5 % of the multiply-adds.*dense layers: 80\.2 % of the parameters/);
    expect(rec.text()).toMatch(/small VGG: .*Convolutions: 98\.2 % of the multiply-adds.*dense layers: 79\.0 % of the parameters/);
  }, 120_000);
});

describe('famous-layer-costs', () => {
  const published = async (network: string) => {
    const rec = await runExample('famous-layer-costs', { params: { network } });
    expect(rec.leakedTensors).toBe(0);
    const shares = Object.fromEntries(rowsOf(rec.tables[1]!).map((r) => [String(r['layer type']).split(' ')[0], r]));
    const params = Number(/([\d,]+) parameters/.exec(rec.text())![1]!.replaceAll(',', ''));
    return { rec, conv: shares.convolutional!, dense: shares.dense!, params };
  };

  it('AlexNet: convolutional layers do about 90 % of the arithmetic with 4 % of the weights; the dense layers hold the rest', async () => {
    const { conv, dense, params } = await published('alexnet');
    expect(Number(conv['% of multiply-adds'])).toBeGreaterThan(85);
    expect(Number(conv['% of parameters'])).toBeLessThan(10);
    expect(Number(dense['% of parameters'])).toBeGreaterThan(90);
    // "60 million parameters" (Krizhevsky et al., 2012).
    expect(params / 1e6).toBeGreaterThan(60);
    expect(params / 1e6).toBeLessThan(62);
    expect(params).toBe(q08.alexnet.params);
  });

  it('VGG-16: 138 million parameters as published, convolutions 99 % of the arithmetic, dense layers 89 % of the weights', async () => {
    const { rec, conv, dense, params } = await published('vgg16');
    expect(Math.round(params / 1e6)).toBe(138); // Simonyan & Zisserman (2015), Table 2
    expect(params).toBe(q08.vgg16.params);
    expect(Number(conv['% of multiply-adds'])).toBeGreaterThan(99);
    expect(Number(dense['% of parameters'])).toBeGreaterThan(85);
    // Activations pile up early: the first block alone outputs more values than the last three.
    const rows = rowsOf(rec.tables[0]!);
    const act = (name: string) => Number(rows.find((r) => r.layer === name)!['activations (thousands)']);
    expect(act('conv1_1')).toBeGreaterThan(act('conv5_1') * 30);
    expect(rows).toHaveLength(21);
  });

  it('the convolutional part of VGG-16 has as many parameters as TF.js allocates for it', async () => {
    const rec = await runExample('famous-layer-costs', { params: { network: 'vgg16' } });
    const convParams = rowsOf(rec.tables[0]!)
      .filter((r) => String(r.layer).startsWith('conv'))
      .reduce((n, r) => n + Number(r.parameters), 0);
    // Convolution weights do not depend on the image size, so a 32×32 input keeps the model small.
    const m = tf.sequential();
    for (const [i, [convs, filters]] of [
      [2, 64],
      [2, 128],
      [3, 256],
      [3, 512],
      [3, 512],
    ].entries()) {
      for (let j = 0; j < convs!; j++)
        m.add(tf.layers.conv2d({ filters: filters!, kernelSize: 3, padding: 'same', ...(i + j === 0 ? { inputShape: [32, 32, 3] } : {}) }));
      m.add(tf.layers.maxPooling2d({ poolSize: 2 }));
    }
    expect(convParams).toBe(m.countParams());
    m.dispose();
  });
});

describe('batch-throughput', () => {
  it('memory of a training step grows with the batch, by more than the layer outputs per image; images/s are measured', async () => {
    const rec = await runExample('batch-throughput', { params: { maxBatch: '16', seconds: 0.2 } });
    expect(rec.leakedTensors).toBe(0);
    const rows = rowsOf(rec.tables[0]!);
    expect(rows.map((r) => Number(r.batch))).toEqual([1, 2, 4, 8, 16]);
    const memory = rows.map((r) => Number(r['memory of one step (MB)']));
    for (let i = 1; i < memory.length; i++) expect(memory[i]).toBeGreaterThan(memory[i - 1]!);
    const outputs = rows.map((r) => Number(r['layer outputs (MB, arithmetic)']));
    expect((memory[4]! - memory[0]!) / 15).toBeGreaterThan(outputs[0]!);
    for (const r of rows) expect(Number(r['images / s'])).toBeGreaterThan(0);
    // The chapter: each extra image costs about six times its layer outputs (237 KB) per step.
    const perImage = /costs (\d+) KB per step, (\d+\.\d) times its layer outputs \((\d+) KB\)/.exec(rec.text())!;
    expect(Number(perImage[3])).toBe(237);
    expect(Number(perImage[2])).toBeGreaterThan(5.5);
    expect(Number(perImage[2])).toBeLessThan(6.5);
    const speed = rec.plotNamed(/^Images per second/) as LinePlot;
    expect(speed.series[0]!.points).toHaveLength(5);
  }, 120_000);
});

describe('the numbers the chapter types where it cannot compute them (its short answer)', () => {
  it('match what the architecture arithmetic computes', () => {
    const mdx = readFileSync(new URL('../../docs/08-expensive-layers.mdx', import.meta.url), 'utf8');
    const short = /^shortAnswer: "(.*)"$/m.exec(mdx)![1]!;
    expect(short).toContain(`convolutional layers do ${q08.alexnetConvMacShare} of the multiply-adds`);
    expect(q08.alexnet.convParamShare).toBeLessThan(0.04);
    expect(short).toContain('with under 4 % of the parameters');
    expect(short).toContain(`dense layers hold ${q08.alexnetDenseParamShare} of the parameters`);
    expect(mdx).toContain('the 138 million of the paper');
    expect(Math.round(q08.vgg16.params / 1e6)).toBe(138);
  });
});
