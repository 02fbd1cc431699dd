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
import { ACTIVATIONS, erf, gradientFlow, leakyRelu, lifRate, maxOn } from '../../src/components/figures/activation-math.ts';

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
    // The chapter's honest summary: tanh, ReLU and leaky ReLU all cross between steps 100 and 130, tanh first.
    for (const n of ['tanh', 'relu', 'leaky relu']) {
      expect(steps[n]).toBeGreaterThanOrEqual(100);
      expect(steps[n]).toBeLessThanOrEqual(130);
    }
    expect(steps.tanh).toBeLessThanOrEqual(steps.relu!);
    expect(rec.text()).toMatch(/ReLU reached 0\.5 after \d+ steps; sigmoid never did/);
  }, 300_000); // about 10 s of CPU; generous for a shared machine

  it('with a single hidden layer and a larger learning rate, sigmoid reaches the line too', async () => {
    const rec = await runExample('activation-race', { params: { depth: 1, learningRate: 0.1, steps: 150 } });
    cleanRun(rec);
    const bars = rec.plotNamed('Steps to reach loss 0.5') as BarPlot;
    const [sigmoid, , relu] = bars.series[0]!.values;
    // "about 70 steps, against about 45 for ReLU"
    expect(sigmoid).toBeGreaterThan(60);
    expect(sigmoid).toBeLessThan(85);
    expect(relu).toBeGreaterThan(35);
    expect(relu).toBeLessThan(55);
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
    expect(Math.log10(ratio)).toBeGreaterThan(5.5);
    expect(Math.log10(ratio)).toBeLessThan(6.5);
    // With sigmoid it shrinks at every layer on the way down, by about 4 per layer (sigmoid' ≤ 1/4).
    for (let l = 0; l < 10; l++) expect(sigmoid[l]!).toBeLessThan(sigmoid[l + 1]!);
    const perLayer = (sigmoid[10]! / sigmoid[0]!) ** (1 / 10);
    expect(perLayer).toBeGreaterThan(3);
    expect(perLayer).toBeLessThan(5);
    // With tanh (Glorot) and ReLU (He) the gradient stays within a factor of ten from top to bottom.
    for (const g of [relu, tanh]) expect(Math.max(...g) / Math.min(...g)).toBeLessThan(10);
    // Training does not rescue sigmoid: after 100 steps its first layer still gets almost nothing.
    const after = 'Gradient per layer after 100 steps';
    expect(series(rec, after, 'relu')[0]! / series(rec, after, 'sigmoid')[0]!).toBeGreaterThan(1e5);
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
    // ...and a deep, narrow network already starts with some units silent for every probe digit (about 8 %).
    const silentAtStart = Number(/At initialisation ([\d.]+) % of hidden units are silent/.exec(rec.text())?.[1]);
    expect(silentAtStart).toBeGreaterThan(5);
    expect(silentAtStart).toBeLessThan(11);

    const bars = rec.plotNamed('Silent units per layer after 200 steps (%)') as BarPlot;
    expect(bars.categories).toHaveLength(10);
    const [calm, hot] = bars.series.map((s) => s.values);
    const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;
    // "about 2 %" against "nearly two thirds", "almost three quarters of the first layer"
    expect(mean(calm!)).toBeLessThan(5);
    expect(mean(hot!)).toBeGreaterThan(55);
    expect(mean(hot!)).toBeLessThan(70);
    expect(calm![0]).toBeLessThan(5);
    expect(hot![0]).toBeGreaterThan(65);
    expect(hot![0]).toBeLessThan(80);
    const table = rows(rec, /relu: activity after 200 steps/);
    const [calmRow, hotRow] = table;
    expect(Number(calmRow!['final loss'])).toBeLessThan(0.3); // "0.24"
    expect(Number(hotRow!['final loss'])).toBeGreaterThan(1.4); // "near 1.7"
    expect(Number(hotRow!['final loss'])).toBeLessThan(2);
    const zeros = (r: Record<string, string | number>) => Number(String(r['outputs exactly 0']).replace(' %', ''));
    expect(zeros(calmRow!)).toBeGreaterThan(45); // "about half"
    expect(zeros(calmRow!)).toBeLessThan(60);
    expect(zeros(hotRow!)).toBeGreaterThan(83); // "seven in eight"
    expect(zeros(hotRow!)).toBeLessThan(92);
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

  it('leaky ReLU never outputs an exact zero, and at the large learning rate its numbers overflow instead', async () => {
    const rec = await runExample('dead-relus', { params: { activation: 'leaky relu', steps: 100 } });
    cleanRun(rec);
    const [calm, hot] = rows(rec, /leaky relu: activity after 100 steps/);
    expect(calm!['outputs exactly 0']).toBe('0 %');
    expect(String(hot!['final loss'])).toMatch(/^diverged at step \d+$/);
    expect(rec.text()).toMatch(/At learning rate 0\.1 the loss overflowed to infinity at step \d+/);
  }, 300_000);
});

describe('figure numbers (src/components/figures/activation-math.ts)', () => {
  it('activation functions and slopes match their definitions', () => {
    expect(maxOn(ACTIVATIONS.sigmoid.df, -6, 6).y).toBeCloseTo(0.25, 6);
    expect(maxOn(ACTIVATIONS.tanh.df, -6, 6).y).toBeCloseTo(1, 6);
    for (const x of [-3, -0.5, 0.5, 3]) {
      // Each slope agrees with a numerical derivative of its function.
      for (const act of Object.values(ACTIVATIONS)) {
        const h = 1e-5;
        expect(act.df(x)).toBeCloseTo((act.f(x + h) - act.f(x - h)) / (2 * h), 4);
      }
    }
    expect(ACTIVATIONS.relu.f(-2)).toBe(0);
    expect(ACTIVATIONS.relu.f(3)).toBe(3);
    expect(leakyRelu(0.01).f(-2)).toBeCloseTo(-0.02, 12);
    expect(erf(1)).toBeCloseTo(0.8427008, 6);
    // SiLU's minimum, about −0.28 near x = −1.28 (Elfwing et al., 2018).
    const dip = maxOn((x) => -ACTIVATIONS.silu.f(x), -5, 0);
    expect(dip.x).toBeCloseTo(-1.28, 2);
    expect(-dip.y).toBeCloseTo(-0.278, 3);
  });

  it('the gradient-flow figure: sigmoid loses about 4× per layer, ReLU with He keeps its size', () => {
    const sigmoid = gradientFlow({ activation: ACTIVATIONS.sigmoid, depth: 10, width: 64, gain: 1 });
    const reluHe = gradientFlow({ activation: ACTIVATIONS.relu, depth: 10, width: 64, gain: 2 });
    const reluGlorot = gradientFlow({ activation: ACTIVATIONS.relu, depth: 10, width: 64, gain: 1 });
    expect(sigmoid[0]).toBe(1);
    for (let k = 1; k < 10; k++) expect(sigmoid[k]!).toBeLessThan(sigmoid[k - 1]! * 0.3);
    const perLayer = sigmoid[9]! ** (1 / 9);
    expect(1 / perLayer).toBeGreaterThan(3.5);
    expect(1 / perLayer).toBeLessThan(5);
    expect(reluHe[9]).toBeGreaterThan(0.5);
    expect(reluHe[9]).toBeLessThan(2);
    // Glorot's weights are too small for ReLU: the signal decays (roughly √½ per layer).
    expect(reluGlorot[9]).toBeLessThan(0.15);
    expect(reluGlorot[9]).toBeGreaterThan(0.01);
  });

  it('the integrate-and-fire curve: silent below threshold, then rising towards 1/t_ref', () => {
    const p = { tau: 0.01, gap: 0.015, rheobase: 0.015, refractory: 0.002 };
    expect(lifRate(0.014, p)).toBe(0);
    expect(lifRate(0.015, p)).toBe(0);
    const rates = [1.1, 2, 4, 8, 1000].map((i) => lifRate(i * p.rheobase, p));
    for (let k = 1; k < rates.length; k++) expect(rates[k]!).toBeGreaterThan(rates[k - 1]!);
    expect(rates.at(-1)!).toBeLessThan(500);
    expect(rates.at(-1)!).toBeGreaterThan(490);
    // Without a refractory period the rate approaches drive / (τ · gap): linear growth, no ceiling.
    const free = { ...p, refractory: 0 };
    expect(lifRate(1000 * p.rheobase, free) / ((1000 * p.rheobase) / (p.tau * p.gap))).toBeCloseTo(1, 2);
  });
});
