/**
 * The labs of question 7 (how learning works, how long it takes) on their default settings, in
 * Node on the WASM backend: each asserts what the chapter says the lab shows.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { HeatmapPlot, ScatterPlot } from '../../playground/shared/messages.ts';
import { ALEXNET, type Architecture, BOOK_CNN, trainingFlops } from '../../playground/shared/architecture.ts';
import { alexnetTrainingWork, find, secondsForAlexnet } from '../../playground/shared/training-runs.ts';
import { initBackend } from '../../playground/runtime/backends.ts';
import { runExample } from './support/run-example.ts';

beforeAll(async () => {
  await initBackend('wasm');
});

/** A table's rows as objects keyed by its columns. */
function rowsOf(table: { columns: string[]; rows: Array<Array<string | number>> }): Array<Record<string, string>> {
  return table.rows.map((r) => Object.fromEntries(table.columns.map((c, i) => [c, String(r[i])])));
}

describe('descent-paths', () => {
  it('at the default learning rate, momentum and Adam reach the valley floor while plain SGD is still far up it', async () => {
    const rec = await runExample('descent-paths');
    expect(rec.leakedTensors).toBe(0);
    const rows = Object.fromEntries(rowsOf(rec.tables[0]!).map((r) => [r.optimizer, Number(r['cost at the end'])]));
    const lowest = Number(/lowest possible (\d+\.\d+)/.exec(rec.tables[0]!.caption)?.[1]);
    expect(rows.SGD).toBeGreaterThan(10 * lowest);
    expect(rows.momentum).toBeLessThan(1.3 * lowest);
    expect(rows.Adam).toBeLessThan(1.3 * lowest);
    // The heatmap spans the plane and carries one path per optimizer from the same start.
    const map = rec.plotNamed(/^Cost surface/) as HeatmapPlot;
    expect(map.values.length).toBeGreaterThan(20);
    expect(map.paths?.map((p) => p.name)).toEqual(['SGD', 'momentum', 'Adam']);
    for (const p of map.paths!) expect(p.points[0]).toEqual([-1, 2.5]);
    expect(map.paths![0]!.points).toHaveLength(61);
    // The logged limit is 2/λ of this data, about 0.8.
    expect(Number(/above a learning rate of 2\/λ = (\d+\.\d+)/.exec(rec.text())?.[1])).toBeCloseTo(0.8, 1);
  });

  it('full-batch gradient descent converges just below 2/λ and diverges just above it', async () => {
    const limit = Number(/2\/λ = (\d+\.\d+)/.exec((await runExample('descent-paths')).text())?.[1]);
    const at = async (learningRate: number) => {
      const rec = await runExample('descent-paths', { params: { learningRate, batchSize: '40', steps: 200 } });
      return rowsOf(rec.tables[0]!).find((r) => r.optimizer === 'SGD')!['cost at the end'];
    };
    expect(Number(await at(limit * 0.9))).toBeLessThan(0.02);
    expect(await at(limit * 1.1)).toBe('diverged');
  });

  it('momentum tolerates 1.5 times the limit but not twice it; Adam does not diverge even at 3', async () => {
    const limit = 0.8;
    const end = async (learningRate: number, optimizer: string) => {
      const rec = await runExample('descent-paths', { params: { learningRate, batchSize: '40' } });
      return rowsOf(rec.tables[0]!).find((r) => r.optimizer === optimizer)!['cost at the end'];
    };
    expect(Number(await end(1.5 * limit, 'momentum'))).toBeLessThan(0.02);
    expect(await end(2 * limit, 'momentum')).toBe('diverged');
    const rec = await runExample('descent-paths', { params: { learningRate: 3 } });
    const lowest = Number(/lowest possible (\d+\.\d+)/.exec(rec.tables[0]!.caption)?.[1]);
    const adam = Number(rowsOf(rec.tables[0]!).find((r) => r.optimizer === 'Adam')!['cost at the end']);
    expect(adam).toBeGreaterThan(1.5 * lowest);
    expect(adam).toBeLessThan(3 * lowest);
  });

  it('a learning rate too small barely moves plain SGD', async () => {
    const rec = await runExample('descent-paths', { params: { learningRate: 0.01 } });
    const sgd = rowsOf(rec.tables[0]!).find((r) => r.optimizer === 'SGD')!;
    expect(Number(sgd['cost at the end'])).toBeGreaterThan(0.5);
  });
});

describe('backprop-by-hand', () => {
  for (const activation of ['sigmoid', 'tanh', 'relu']) {
    it(`the chain rule by hand equals tf.grads within 1e-5 (${activation}), and one step lowers the cost`, async () => {
      const rec = await runExample('backprop-by-hand', { params: { activation } });
      expect(rec.leakedTensors).toBe(0);
      const rows = rowsOf(rec.tables[0]!);
      expect(rows).toHaveLength(9);
      for (const r of rows) {
        expect(Math.abs(Number(r['by hand']) - Number(r['tf.grads'])), r.weight).toBeLessThan(1e-5);
        expect(Number(r.difference), r.weight).toBeLessThan(1e-5);
      }
      // Not all zero: the check is not vacuous.
      expect(rows.filter((r) => Math.abs(Number(r['by hand'])) > 1e-3).length).toBeGreaterThanOrEqual(5);
      const [before, after] = /cost (\d+\.\d+) → (\d+\.\d+)/.exec(rec.text())!.slice(1).map(Number);
      expect(after!).toBeLessThan(before!);
    });
  }
});

describe('how-long', () => {
  it('extrapolates from measured throughput and the FLOPs computed from the architecture', async () => {
    const rec = await runExample('how-long');
    expect(rec.leakedTensors).toBe(0);
    // What it timed: AlexNet's convolutional layers with a 1000-way head, counted independently here.
    const timed: Architecture = {
      name: 'timed',
      input: ALEXNET.input,
      layers: [...ALEXNET.layers.filter((l) => l.kind !== 'dense'), { kind: 'globalPool', name: 'g' }, { kind: 'dense', name: 'h', units: 1000 }],
    };
    const perImage = trainingFlops(timed);
    expect(rec.text()).toContain(`${(perImage / 1e9).toFixed(3)} GFLOP to train on one image, 8 images per step`);
    expect(rec.text()).toContain(`${alexnetTrainingWork().toExponential(2)} FLOP`);
    // In Node only WASM starts (the GPU backends say why not); CPU is left out unless asked for.
    const rows = rowsOf(rec.tables[0]!);
    expect(rows.map((r) => r.backend)).toEqual(['wasm']);
    const wasm = rows[0]!;
    expect(Number(wasm['steps timed'])).toBeGreaterThanOrEqual(1);
    const imagesPerSecond = Number(wasm['images / s']);
    const gflops = Number(wasm['GFLOP / s']);
    expect(imagesPerSecond).toBeGreaterThan(0);
    // GFLOP/s = measured images/s × computed FLOPs per image (to the table's rounding).
    expect(Math.abs(gflops - (imagesPerSecond * perImage) / 1e9) / gflops).toBeLessThan(0.01);
    // The plotted time for this device is AlexNet's total work at that measured rate.
    const scatter = rec.plotNamed('Time to train AlexNet (90 epochs of ImageNet)') as ScatterPlot;
    const device = scatter.series.find((s) => s.name === 'this device')!;
    const days = device.points[0]![1];
    expect(Math.abs(days - secondsForAlexnet(gflops * 1e9) / 86400) / days).toBeLessThan(0.01);
    // Beside it, 2012's reported 5.5 days, and later runs converted through their arithmetic rates.
    const reported = scatter.series.find((s) => s.name === 'reported (AlexNet)')!;
    expect(reported.points[0]).toEqual([2012, 5.5]);
    const converted = scatter.series.find((s) => s.name === 'at the arithmetic rate of a later run')!;
    expect(converted.points.map((p) => p[0])).toEqual([2017, 2024]);
    expect(converted.points[0]![1]).toBeCloseTo(secondsForAlexnet(find('resnet50-2017').flopsPerSecond!) / 86400, 9);
    // A browser on a CPU is slower than two 2012 GPUs at this (and the ratio is reported).
    expect(days).toBeGreaterThan(5.5);
    expect(rec.text()).toMatch(/times as long as on the two GPUs of 2012/);
  });

  it('the book CNN workload counts the book CNN’s arithmetic', async () => {
    const rec = await runExample('how-long', { params: { workload: 'book-cnn', seconds: 1 } });
    expect(rec.leakedTensors).toBe(0);
    expect(rec.text()).toContain(`${(trainingFlops(BOOK_CNN) / 1e9).toFixed(3)} GFLOP to train on one image, 64 images per step`);
    const wasm = rowsOf(rec.tables[0]!)[0]!;
    expect(Math.abs(Number(wasm['GFLOP / s']) - (Number(wasm['images / s']) * trainingFlops(BOOK_CNN)) / 1e9)).toBeLessThan(
      0.01 * Number(wasm['GFLOP / s']) + 0.005,
    );
  });
});

describe('mnist-train', () => {
  it('trains the book CNN live and reports the time to 98 % test accuracy', { timeout: 600_000 }, async () => {
    const rec = await runExample('mnist-train');
    expect(rec.leakedTensors).toBe(0);
    expect(rec.logs.filter((l) => l.level === 'error')).toEqual([]);
    const accuracy = rec.chartNamed('Test accuracy against training time');
    const loss = rec.chartNamed('Training loss');
    // Tested every 25 steps; the time axis only grows.
    expect(accuracy.points.length).toBeGreaterThanOrEqual(4);
    for (let i = 1; i < accuracy.points.length; i++) expect(accuracy.points[i]!.x).toBeGreaterThan(accuracy.points[i - 1]!.x);
    const mean = (ps: typeof loss.points) => ps.reduce((s, p) => s + p.values.loss!, 0) / ps.length;
    expect(mean(loss.points.slice(-20))).toBeLessThan(mean(loss.points.slice(0, 20)) / 3);
    const reached = /Reached (\d+\.\d+) % test accuracy after (\d+\.\d+) s of training on wasm \(step (\d+)/.exec(rec.text());
    expect(reached, rec.text()).not.toBeNull();
    const [pct, seconds, step] = reached!.slice(1).map(Number);
    expect(pct).toBeGreaterThanOrEqual(98);
    expect(step! % 25).toBe(0);
    // In its second epoch (125 steps of 64 per epoch), as the chapter says.
    expect(rec.text()).toMatch(/, epoch 2\)\./);
    expect(step!).toBeGreaterThan(125);
    expect(step!).toBeLessThanOrEqual(250);
    // The reported moment is the first checkpoint at or above 98 %, and the run stopped there.
    const first = accuracy.points.find((p) => p.values['test accuracy']! >= 0.98)!;
    expect(first.x).toBeCloseTo(seconds!, 1);
    expect(accuracy.points.at(-1)).toEqual(first);
    expect(loss.points).toHaveLength(step!);
    // The per-digit table covers the 1,000 test digits.
    const rows = rec.tables[0]!.rows;
    expect(rows.reduce((n, r) => n + Number(r[1]), 0)).toBe(1000);
  });
});
