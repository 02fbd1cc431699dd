/**
 * Chapter 6's labs in Node (WASM backend), on their default settings and seed: the results the
 * chapter states must hold here. About 35 s of CPU on an idle machine (two default runs and one
 * small run).
 *
 *   npx vitest run tests/unit/labs-q06.test.ts
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../playground/runtime/backends.ts';
import type { HeatmapPlot } from '../../playground/shared/messages.ts';
import type { Recording } from './support/recording-sink.ts';
import { type ExampleRun, runExample } from './support/run-example.ts';

beforeAll(async () => {
  await initBackend('wasm');
});

/** A default run takes 15–20 s of CPU; the limit leaves room for a busy machine. */
const LONG = 600_000;

async function run(id: string, params: Record<string, number> = {}): Promise<ExampleRun> {
  const rec = await runExample(id, { params });
  expect(rec.logs.filter((l) => l.level === 'error')).toEqual([]);
  expect(rec.leakedTensors, 'tensors left alive at the end of the run').toBe(0);
  return rec;
}

/** A table's rows as objects keyed by column name. */
function rows(rec: Recording, caption: string): Array<Record<string, string | number>> {
  const t = rec.tables.find((x) => x.caption === caption);
  if (!t) throw new Error(`no table ${caption}`);
  return t.rows.map((r) => Object.fromEntries(t.columns.map((c, i) => [c, r[i]!])));
}

const pct = (v: string | number | undefined) => Number.parseFloat(String(v));

describe('scaling-grid', () => {
  it(
    'with 100 digits size stops paying once the network memorises; with 8,000 every step in width still helps',
    async () => {
      const rec = await run('scaling-grid');
      const grid = rows(rec, 'Every network of the grid');
      expect(grid).toHaveLength(20);
      const at = (size: number, width: number) => {
        const r = grid.find((g) => g['training digits'] === size && g['hidden units'] === width);
        if (!r) throw new Error(`no network ${width} × ${size}`);
        return { train: pct(r['train accuracy']), test: pct(r['test accuracy']), weights: Number(r.weights) };
      };
      // Weights of a 196–w–10 network: 196·w + w + 10·w + 10.
      for (const w of [2, 8, 32, 128, 512]) expect(at(100, w).weights).toBe(207 * w + 10);

      // Little data: every network from 8 units up learns its 100 digits perfectly, and is 20+
      // points worse on new digits; from 32 to 512 units (16× the weights) test accuracy moves < 2 points.
      for (const w of [8, 32, 128, 512]) {
        expect(at(100, w).train).toBe(100);
        expect(at(100, w).train - at(100, w).test).toBeGreaterThan(20);
      }
      expect(Math.abs(at(100, 512).test - at(100, 32).test)).toBeLessThan(2);

      // Much data: the largest network is the best, 32 → 512 units gains over 3 points, and its
      // train–test gap has shrunk to a few points.
      const big = [2, 8, 32, 128, 512].map((w) => at(8000, w).test);
      expect(Math.max(...big)).toBe(at(8000, 512).test);
      expect(at(8000, 512).test - at(8000, 32).test).toBeGreaterThan(3);
      expect(at(8000, 512).train - at(8000, 512).test).toBeLessThan(3);
      expect(at(8000, 512).test).toBeGreaterThan(93);

      // More data helps every network wider than 2 units.
      for (const w of [8, 32, 128, 512]) {
        const tests = [100, 500, 2000, 8000].map((n) => at(n, w).test);
        for (let i = 1; i < tests.length; i++) expect(tests[i]!).toBeGreaterThan(tests[i - 1]!);
      }

      // The plots: 8 lines on one chart (test and train per data size), two 4 × 5 heatmaps.
      const chart = rec.chartNamed('Accuracy against the number of weights');
      expect(chart.series).toHaveLength(8);
      const heat = rec.plotNamed('Test accuracy (%)') as HeatmapPlot;
      expect(heat.kind).toBe('heatmap');
      expect(heat.values).toHaveLength(4);
      expect(heat.values[0]![4]).toBe(Math.round(at(8000, 512).test));
      expect(rec.text()).toContain('8,000 digits: the best network has 512 units');
    },
    LONG,
  );

  it(
    'runs with two hidden layers and few steps, counting the second layer’s weights',
    async () => {
      const rec = await run('scaling-grid', { layers: 2, steps: 20 });
      const grid = rows(rec, 'Every network of the grid');
      const widest = grid.find((g) => g['hidden units'] === 512)!;
      expect(Number(widest.weights)).toBe(196 * 512 + 512 + 512 * 512 + 512 + 512 * 10 + 10);
    },
    LONG,
  );
});

describe('residual-stack', () => {
  it(
    'the deep plain stack trains worse than the shallow one, and skip connections close most of the gap',
    async () => {
      const rec = await run('residual-stack');
      const table = rows(rec, 'After 200 steps');
      expect(table.map((r) => r.network)).toEqual(['plain, 4 layers', 'plain, 20 layers', 'residual, 20 layers']);
      const [shallow, plain, residual] = table.map((r) => Number(r['final training loss'])) as [number, number, number];
      // Same weights with and without skips: identity shortcuts add none.
      expect(table[1]!.weights).toBe(table[2]!.weights);
      // Degradation: five times the layers, over twice the training loss of the shallow stack.
      expect(plain).toBeGreaterThan(2 * shallow);
      // Skips: the same deep stack ends at under half the plain stack's loss.
      expect(residual).toBeLessThan(plain / 2);
      // …and beats the plain stack at every point of the curve after the first 50 steps.
      const curve = rec.chartNamed('Training loss').points;
      const value = (step: number, name: string) => curve.find((p) => p.x === step && p.values[name] !== undefined)?.values[name];
      for (let step = 50; step <= 200; step += 10) {
        expect(value(step, 'residual, 20 layers')!).toBeLessThan(value(step, 'plain, 20 layers')!);
      }
      expect(pct(table[2]!['test accuracy'])).toBeGreaterThan(pct(table[1]!['test accuracy']) + 10);
    },
    LONG,
  );
});
