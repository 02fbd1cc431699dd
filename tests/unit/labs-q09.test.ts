/**
 * Chapter 9's labs in Node (WASM backend), on their default settings and seed: the results the
 * chapter states must hold here. About 20 s of CPU on an idle machine.
 *
 *   npx vitest run tests/unit/labs-q09.test.ts
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../playground/runtime/backends.ts';
import type { BarPlot, HeatmapPlot, LinePlot } from '../../playground/shared/messages.ts';
import type { Recording } from './support/recording-sink.ts';
import { runExample } from './support/run-example.ts';

beforeAll(async () => {
  await initBackend('wasm');
});

const NAMES = ['sigmoid', 'tanh', 'relu', 'leaky relu'];

function cleanRun(rec: Recording & { leakedTensors: number }): void {
  expect(rec.logs.filter((l) => l.level === 'error')).toEqual([]);
  expect(rec.leakedTensors, 'tensors left alive at the end of the run').toBe(0);
}

/** A table's rows as objects keyed by column name. */
function rows(rec: Recording, caption: string | RegExp): Array<Record<string, string | number>> {
  const t = rec.tables.find((x) => (typeof caption === 'string' ? x.caption === caption : caption.test(x.caption)));
  if (!t) throw new Error(`no table ${caption}`);
  return t.rows.map((r) => Object.fromEntries(t.columns.map((c, i) => [c, r[i]!])));
}

/** y values of a static line plot's series, in x order. */
function series(rec: Recording, title: string, name: string): number[] {
  const plot = rec.plotNamed(title) as LinePlot;
  const s = plot.series.find((x) => x.name === name);
  if (!s) throw new Error(`no series ${name} in ${title}`);
  return s.points.map(([, y]) => y);
}

describe('activation-race', () => {
  it('in a 10-layer network ReLU reaches the finish line and sigmoid never leaves chance level (default seed)', async () => {
    const rec = await runExample('activation-race');
    cleanRun(rec);
    const race = rec.chartNamed('Training loss (smoothed)');
    expect(race.series).toEqual(NAMES);
    expect(race.points).toHaveLength(300);

    const bars = rec.plotNamed('Steps to reach loss 0.5') as BarPlot;
    expect(bars.categories).toEqual(NAMES);
    const steps = Object.fromEntries(NAMES.map((n, i) => [n, bars.series[0]!.values[i]!]));
    const table = Object.fromEntries(rows(rec, 'The race').map((r) => [r.activation, r]));
    // Sigmoid never got there: its bar is the full run, and its loss is still at chance (ln 10 ≈ 2.30).
    expect(table.sigmoid!['steps to 0.5']).toBe('not within 300');
    expect(steps.sigmoid).toBe(300);
    expect(Number(table.sigmoid!['final loss'])).toBeGreaterThan(2.2);
    // ReLU reaches the target loss in fewer steps than sigmoid.
    expect(steps.relu).toBeLessThan(steps.sigmoid!);
    expect(steps.relu).toBeLessThan(200);
    // The chapter's honest summary: tanh and the two rectifiers finish within about a tenth of each other.
    for (const n of ['tanh', 'leaky relu']) {
      expect(steps[n]).toBeLessThan(200);
      expect(Math.abs(steps[n]! - steps.relu!) / steps.relu!).toBeLessThan(0.15);
    }
    expect(rec.text()).toMatch(/ReLU reached 0\.5 after \d+ steps; sigmoid never did/);
  }, 300_000); // about 10 s of CPU; generous for a shared machine

  it('with a single hidden layer and a larger learning rate, sigmoid reaches the line too', async () => {
    const rec = await runExample('activation-race', { params: { depth: 1, learningRate: 0.1, steps: 150 } });
    cleanRun(rec);
    const bars = rec.plotNamed('Steps to reach loss 0.5') as BarPlot;
    const [sigmoid, , relu] = bars.series[0]!.values;
    expect(sigmoid).toBeLessThan(150);
    expect(relu).toBeLessThan(sigmoid!);
  });
});

describe('vanishing-gradients', () => {
  it('the first layer’s gradient with sigmoid is orders of magnitude below ReLU’s (default seed)', async () => {
    const rec = await runExample('vanishing-gradients');
    cleanRun(rec);
    const title = 'Gradient per layer at initialisation';
    const sigmoid = series(rec, title, 'sigmoid');
    const relu = series(rec, title, 'relu');
    const tanh = series(rec, title, 'tanh');
    expect(sigmoid).toHaveLength(11);
    // About six orders of magnitude, as the chapter says.
    const ratio = relu[0]! / sigmoid[0]!;
    expect(Math.log10(ratio)).toBeGreaterThan(5);
    expect(Math.log10(ratio)).toBeLessThan(7);
    // With sigmoid it shrinks at every layer on the way down, by about 4 per layer (sigmoid' ≤ 1/4).
    for (let l = 0; l < 10; l++) expect(sigmoid[l]!).toBeLessThan(sigmoid[l + 1]!);
    const perLayer = (sigmoid[10]! / sigmoid[0]!) ** (1 / 10);
    expect(perLayer).toBeGreaterThan(3);
    expect(perLayer).toBeLessThan(5);
    // With tanh (Glorot) and ReLU (He) the gradient stays within a factor of ten from top to bottom.
    for (const g of [relu, tanh]) expect(Math.max(...g) / Math.min(...g)).toBeLessThan(10);
    // Training does not rescue sigmoid: after 100 steps its first layer still gets almost nothing.
    const after = 'Gradient per layer after 100 steps';
    expect(series(rec, after, 'relu')[0]! / series(rec, after, 'sigmoid')[0]!).toBeGreaterThan(1e4);
    // The live chart: layer 1's gradient for every network, at step 1 and every 5 steps.
    const live = rec.chartNamed('Gradient reaching layer 1 during training');
    expect(live.points).toHaveLength(4 * 21);
    expect(rec.text()).toMatch(/about 6 orders of magnitude/);
  }, 300_000);
});

describe('dead-relus', () => {
  it('a ten times larger learning rate silences most ReLU units; the moderate one almost none (default seed)', async () => {
    const rec = await runExample('dead-relus');
    cleanRun(rec);
    // At initialisation about half of all ReLU outputs are exactly zero (Glorot et al., 2011).
    const zerosAtStart = Number(/and ([\d.]+) % of all outputs are exactly zero/.exec(rec.text())?.[1]);
    expect(zerosAtStart).toBeGreaterThan(45);
    expect(zerosAtStart).toBeLessThan(55);

    const bars = rec.plotNamed('Silent units per layer after 200 steps (%)') as BarPlot;
    expect(bars.categories).toHaveLength(10);
    const [calm, hot] = bars.series.map((s) => s.values);
    const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;
    expect(mean(calm!)).toBeLessThan(10);
    expect(mean(hot!)).toBeGreaterThan(50);
    expect(calm![0]).toBeLessThan(5); // layer 1, moderate rate: no silent units
    expect(hot![0]).toBeGreaterThan(50); // layer 1, large rate: most units silent
    // The live chart starts at the same value for both rates (same weights) and ends far apart.
    const live = rec.chartNamed('Silent units during training (% of hidden units)');
    const first = live.points[0]!.values;
    expect(first['learning rate 0.01']).toBe(first['learning rate 0.1']);
    const last = live.points.at(-1)!.values;
    expect(last['learning rate 0.1']! - last['learning rate 0.01']!).toBeGreaterThan(40);
    // One histogram per layer for each run: 10 rows of 24 bins.
    const heat = rec.plotNamed('Outputs of each layer, learning rate 0.01') as HeatmapPlot;
    expect(heat.values).toHaveLength(10);
    for (const row of heat.values) expect(row).toHaveLength(24);
    expect(rec.text()).toMatch(/% of units are silent at learning rate 0\.01 and [\d.]+ % at 0\.1/);
  }, 300_000);

  it('leaky ReLU never outputs an exact zero', async () => {
    const rec = await runExample('dead-relus', { params: { activation: 'leaky relu', steps: 40, width: 32 } });
    cleanRun(rec);
    const table = rows(rec, /leaky relu: activity after 40 steps/);
    expect(table[0]!['outputs exactly 0']).toBe('0 %');
  });
});
