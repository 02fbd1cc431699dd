/**
 * Chapter 6's labs in Node (WASM backend), on their default settings and seed: the results the
 * chapter states must hold here; also the computation behind the double-descent figure. About 45 s
 * of CPU on an idle machine.
 *
 *   npx vitest run tests/unit/labs-q06.test.ts
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../playground/runtime/backends.ts';
import { fitOutputWeights, randomFeatureCurve } from '../../src/components/figures/scaling-math.ts';
import type { HeatmapPlot } from '../../playground/shared/messages.ts';
import type { Recording } from './support/recording-sink.ts';
import { type ExampleRun, exampleSource, runExample } from './support/run-example.ts';

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
      // "None reads more than about 77 %"; "32 and 512 units land within a point of each other, near 76 %";
      // "the generalisation gap, about 24 points".
      expect(Math.max(...[2, 8, 32, 128, 512].map((w) => at(100, w).test))).toBeLessThan(78.5);
      expect(Math.abs(at(100, 512).test - at(100, 32).test)).toBeLessThan(1.5);
      for (const w of [32, 512]) expect(Math.abs(at(100, w).test - 76)).toBeLessThan(2);
      expect(Math.abs(at(100, 512).train - at(100, 512).test - 24)).toBeLessThan(3);

      // Much data: the largest network is the best, 32 → 512 units gains over 3 points, and its
      // train–test gap has shrunk to a few points.
      const big = [2, 8, 32, 128, 512].map((w) => at(8000, w).test);
      expect(Math.max(...big)).toBe(at(8000, 512).test);
      expect(at(8000, 512).test - at(8000, 32).test).toBeGreaterThan(3);
      expect(at(8000, 512).train - at(8000, 512).test).toBeLessThan(2.5);
      // "About 90 %, 92 % and 94 % for 32, 128 and 512 units".
      for (const [w, claimed] of [
        [32, 90],
        [128, 92],
        [512, 94],
      ] as const) {
        expect(Math.abs(at(8000, w).test - claimed), `${w} units`).toBeLessThan(1.5);
      }
      // "The 2-unit network stays between about 40 and 47 % whatever its data".
      for (const n of [100, 500, 2000, 8000]) {
        expect(at(n, 2).test).toBeGreaterThan(39);
        expect(at(n, 2).test).toBeLessThan(48);
      }

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
      // Degradation: "a training loss about five times that of the 4-layer stack (about 1.0 against 0.21)".
      expect(plain / shallow).toBeGreaterThan(3.5);
      expect(plain / shallow).toBeLessThan(6);
      expect(Math.abs(plain - 1)).toBeLessThan(0.2);
      expect(Math.abs(shallow - 0.21)).toBeLessThan(0.05);
      // Skips: "about a third of the plain stack's loss (0.36)", but "not quite caught the shallow stack".
      expect(plain / residual).toBeGreaterThan(2.3);
      expect(plain / residual).toBeLessThan(3.6);
      expect(residual).toBeGreaterThan(shallow);
      // …and beats the plain stack at every point of the curve after the first 50 steps.
      const curve = rec.chartNamed('Training loss').points;
      const value = (step: number, name: string) => curve.find((p) => p.x === step && p.values[name] !== undefined)?.values[name];
      for (let step = 50; step <= 200; step += 10) {
        expect(value(step, 'residual, 20 layers')!).toBeLessThan(value(step, 'plain, 20 layers')!);
      }
      // "Reads only about 69 % of new digits against 92 %"; with skips "about 88 %".
      const accuracy = table.map((r) => pct(r['test accuracy']));
      for (const [i, claimed] of [
        [0, 92],
        [1, 69],
        [2, 88],
      ] as const) {
        expect(Math.abs(accuracy[i]! - claimed), String(table[i]!.network)).toBeLessThan(3);
      }
    },
    LONG,
  );
});

describe('double-descent', () => {
  const errors = (rec: Recording) =>
    rows(rec, 'Every network').map((r) => ({ units: Number(r['hidden units']), train: pct(r['train error']), test: pct(r['test error']) }));

  it(
    'error on new digits peaks where the hidden units equal the training digits, and the widest network is the best',
    async () => {
      const rec = await run('double-descent');
      const e = errors(rec);
      expect(e.map((x) => x.units)).toEqual([10, 25, 50, 100, 150, 180, 200, 220, 250, 300, 400, 600, 1000, 2000, 4000]);
      expect(rec.text()).toContain('200 training digits, 23 of them with a wrong label.');
      const worst = e.reduce((a, b) => (b.test > a.test ? b : a));
      // "About 86 % at exactly 200 units, barely better than guessing (90 %)".
      expect(worst.units).toBe(200);
      expect(Math.abs(worst.test - 86)).toBeLessThan(4);
      // "From 180 units up, the networks already name every training digit as labelled".
      for (const x of e) expect(x.train === 0, `${x.units} units`).toBe(x.units >= 180);
      // "Falls to about 40 % at 50 units"; "to about 30 % with 4,000 units: better than any network below the threshold".
      const below = e.filter((x) => x.units < 200);
      const bestBelow = below.reduce((a, b) => (b.test < a.test ? b : a));
      expect(bestBelow.units).toBe(50);
      expect(Math.abs(bestBelow.test - 40)).toBeLessThan(3);
      const widest = e.at(-1)!;
      expect(Math.abs(widest.test - 30)).toBeLessThan(3);
      expect(widest.test).toBeLessThan(bestBelow.test - 5);
      // Past the peak the error falls at every step.
      const after = e.filter((x) => x.units >= 200).map((x) => x.test);
      for (let i = 1; i < after.length; i++) expect(after[i]!).toBeLessThan(after[i - 1]!);
      expect(rec.plotNamed('Misclassified digits (%)').kind).toBe('line');

      // "Set the wrong labels to 0 % and the peak remains, a little lower".
      const clean = errors(await run('double-descent', { wrongLabels: 0 }));
      const cleanWorst = clean.reduce((a, b) => (b.test > a.test ? b : a));
      expect(cleanWorst.units).toBe(200);
      expect(cleanWorst.test).toBeLessThan(worst.test);
      expect(cleanWorst.test).toBeGreaterThan(70);
    },
    LONG,
  );

  it(
    'a real L2 penalty (ridge 1e-2 instead of 1e-7) flattens the peak',
    async () => {
      const source = exampleSource('double-descent');
      expect(source).toContain('1e-7 * (trace / k)');
      const rec = await runExample('double-descent', {}, source.replace('1e-7 * (trace / k)', '1e-2 * (trace / k)'));
      expect(rec.leakedTensors).toBe(0);
      const e = errors(rec);
      const nearThreshold = e.filter((x) => x.units >= 150 && x.units <= 250).map((x) => x.test);
      expect(Math.max(...nearThreshold)).toBeLessThan(45);
    },
    LONG,
  );
});

describe("the double-descent figure's computation (src/components/figures/scaling-math.ts)", () => {
  it('traces a U below the threshold, peaks where units = samples, and falls again beyond it', () => {
    const c = randomFeatureCurve();
    const at = (p: number) => c.widths.indexOf(p);
    const threshold = at(c.n);
    // Training error reaches (numerically) zero only once there are about as many units as samples.
    expect(c.train[threshold - 5]!).toBeGreaterThan(1e-3);
    for (let i = threshold + 5; i < c.widths.length; i++) expect(c.train[i]!).toBeLessThan(1e-6);
    // The test error's peak lies within a few units of the threshold and is far above both sides.
    const peak = c.test.indexOf(Math.max(...c.test));
    expect(Math.abs(c.widths[peak]! - c.n)).toBeLessThanOrEqual(6);
    const classicalBest = Math.min(...c.test.slice(0, threshold));
    expect(c.test[peak]!).toBeGreaterThan(20 * classicalBest);
    // The first descent: the classical best is at an intermediate width, not at the ends.
    const best = c.test.indexOf(classicalBest);
    expect(best).toBeGreaterThan(2);
    expect(best).toBeLessThan(threshold - 5);
    // The second descent: error keeps falling out to 400 units, to within a factor of 2 of the classical best.
    expect(c.test.at(-1)!).toBeLessThan(c.test[at(100)]!);
    expect(c.test.at(-1)!).toBeLessThan(2 * classicalBest);
  });

  it('fits exactly with the smallest weights when there are more units than samples', () => {
    const features = [
      [1, 0, 1],
      [0, 1, 1],
    ];
    const w = fitOutputWeights(features, [1, 1]);
    // Exact fit, and orthogonal to the null space of the features ((1, 1, -1) direction).
    expect(w[0]! + w[2]!).toBeCloseTo(1, 9);
    expect(w[1]! + w[2]!).toBeCloseTo(1, 9);
    expect(w[0]! + w[1]! - w[2]!).toBeCloseTo(0, 9);
  });
});
