/**
 * Chapter 10's labs in Node (WASM backend), on their default settings and seed: the results the
 * chapter states must hold here. The gradient lab's autodiff curves are checked against the closed
 * forms derived in the chapter (cost-math.ts), and cost-math.ts against tf.grad. About 15 s of CPU
 * on an idle machine.
 *
 *   npx vitest run tests/unit/labs-q10.test.ts
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../playground/runtime/backends.ts';
import type { BarPlot, LinePlot } from '../../playground/shared/messages.ts';
import {
  CONFIDENTLY_WRONG,
  type CostName,
  costOfAnswer,
  MARGIN_COSTS,
  MARGIN_SLOPES,
  type PushSetting,
  pushAtChance,
  pushOnRight,
  argMin,
  smoothedCrossEntropy,
  staircaseAccuracy,
  staircaseCrossEntropy,
  STAIRCASE_DATA,
  WORKED_EXAMPLE,
} from '../../src/components/figures/cost-math.ts';
import type { Recording } from './support/recording-sink.ts';
import { runExample } from './support/run-example.ts';

beforeAll(async () => {
  await initBackend('wasm');
});

const COSTS: CostName[] = ['cross-entropy', 'squared error', 'hinge'];

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

/** Bar heights by category. */
function bars(rec: Recording, title: string, series = 0): Record<string, number> {
  const plot = rec.plotNamed(title) as BarPlot;
  return Object.fromEntries(plot.categories.map((c, i) => [c, plot.series[series]!.values[i]!]));
}

describe('gradient-vs-confidence', () => {
  /** Autodiff pushes from the lab against the chapter's closed forms, away from the hinge's kink. */
  async function checkAgainstClosedForms(setting: PushSetting) {
    const rec = await runExample('gradient-vs-confidence', {
      params: { classes: setting.classes, rival: setting.rival, smoothing: setting.smoothing ?? 0 },
    });
    cleanRun(rec);
    const plot = rec.plotNamed(/^How hard each cost pushes/) as LinePlot;
    expect(plot.series.map((s) => s.name)).toEqual(COSTS);
    for (const s of plot.series) {
      expect(s.points).toHaveLength(199);
      for (const [q, push] of s.points) {
        if (s.name === 'hinge') {
          const bestRival = setting.rival === 'one' ? 1 - q : (1 - q) / (setting.classes - 1);
          if (Math.abs(Math.log(q / bestRival) - 1) < 0.02) continue; // the kink: either value is a valid subgradient
        }
        expect(push, `${s.name} at q = ${q}`).toBeCloseTo(pushOnRight(s.name as CostName, q, setting), 4);
      }
    }
    const costs = rec.plotNamed(/^The cost of one answer/) as LinePlot;
    for (const s of costs.series) {
      for (const [q, c] of s.points.filter((_, i) => i % 20 === 0)) {
        const expected = costOfAnswer(s.name as CostName, q, setting);
        expect(Math.abs(c - expected), `${s.name} cost at q = ${q}`).toBeLessThan(1e-4 * Math.max(1, expected));
      }
    }
    return rec;
  }

  it('on the defaults, the pushes are 1 − q, 4q(1 − q)² and the hinge step; squared error is 25 times weaker at q = 0.01', async () => {
    const rec = await checkAgainstClosedForms({ classes: 10, rival: 'one' });
    // The sentence the chapter interprets.
    expect(rec.text()).toContain('cross-entropy pushes with 0.990, squared error with 0.039 (25 times less), hinge with 1.000');
    const table = rows(rec, 'Push on the right score');
    expect(table.map((r) => r['right class probability'])).toEqual([0.01, 0.1, 0.5, 0.9, 0.99]);
    // Squared error's hump peaks at q = 1/3, where it equals 16/27.
    const se = (rec.plotNamed(/^How hard each cost pushes/) as LinePlot).series[1]!.points;
    const peak = se.reduce((best, p) => (p[1] > best[1] ? p : best));
    expect(peak[0]).toBeCloseTo(1 / 3, 1);
    expect(peak[1]).toBeCloseTo(16 / 27, 2);
  });

  it('with the wrong probability spread and label smoothing 0.1, cross-entropy’s push changes sign at q = 0.91', async () => {
    const setting: PushSetting = { classes: 10, rival: 'spread', smoothing: 0.1 };
    const rec = await checkAgainstClosedForms(setting);
    const ce = (rec.plotNamed(/^How hard each cost pushes/) as LinePlot).series[0]!.points;
    const crossing = ce.find(([, push]) => push < 0)!;
    expect(crossing[0]).toBeGreaterThan(0.9);
    expect(crossing[0]).toBeLessThan(0.92);
  });

  it('two classes: both rival settings agree', async () => {
    await checkAgainstClosedForms({ classes: 2, rival: 'spread' });
  });
});

describe('cost-math.ts (the figures and the numbers in the text)', () => {
  it('its closed-form pushes equal tf.grad of independently written costs', () => {
    const setting = { classes: 5, rival: 'spread' as const, smoothing: 0.2 };
    for (const q of [0.02, 0.3, 0.6, 0.97]) {
      const p = [q, ...Array<number>(4).fill((1 - q) / 4)];
      const z = tf.tensor1d(p.map(Math.log));
      const target = [0.8 + 0.04, 0.04, 0.04, 0.04, 0.04];
      const ce = (s: tf.Tensor) => tf.neg(tf.sum(tf.mul(tf.tensor1d(target), tf.logSoftmax(s))));
      const se = (s: tf.Tensor) => tf.sum(tf.square(tf.sub(tf.softmax(s), tf.tensor1d([1, 0, 0, 0, 0]))));
      const dce = tf.grad(ce)(z).dataSync()[0]!;
      const dse = tf.grad(se)(z).dataSync()[0]!;
      expect(-dce).toBeCloseTo(pushOnRight('cross-entropy', q, setting), 5);
      expect(-dse).toBeCloseTo(pushOnRight('squared error', q, { ...setting, smoothing: 0 }), 5);
      tf.dispose(z);
    }
  });

  it('the two-class costs and slopes: cross-entropy keeps slope ≈ 1 when wrong, squared error flattens', () => {
    for (const m of [-3, -1, 0.5, 2]) {
      const h = 1e-5;
      for (const key of ['crossEntropy', 'squared', 'hinge'] as const) {
        const numeric = (MARGIN_COSTS[key](m + h) - MARGIN_COSTS[key](m - h)) / (2 * h);
        expect(MARGIN_SLOPES[key](m)).toBeCloseTo(numeric, 4);
      }
    }
    expect(Math.abs(MARGIN_SLOPES.crossEntropy(-3))).toBeGreaterThan(0.95);
    expect(Math.abs(MARGIN_SLOPES.squared(-3))).toBeLessThan(0.2);
    expect(MARGIN_COSTS.zeroOne(-0.1)).toBe(1);
    expect(MARGIN_COSTS.zeroOne(0.1)).toBe(0);
  });

  it('the headline numbers: 25 times weaker when confidently wrong, 5 times at chance', () => {
    expect(CONFIDENTLY_WRONG.crossEntropy).toBeCloseTo(0.99, 10);
    expect(CONFIDENTLY_WRONG.squared).toBeCloseTo(0.039204, 10);
    expect(Math.round(CONFIDENTLY_WRONG.ratio)).toBe(25);
    const chance = pushAtChance(10);
    expect(chance.crossEntropy).toBeCloseTo(0.9, 10);
    expect(chance.squared).toBeCloseTo(0.18, 10);
    expect(chance.ratio).toBeCloseTo(5, 10);
  });

  it('the worked example: a 7 called a 9, cost −ln p(7), gradient p − y', () => {
    const ex = WORKED_EXAMPLE;
    expect(ex.probabilities.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    expect(ex.predicted).toBe(9);
    expect(ex.crossEntropy).toBeCloseTo(-Math.log(ex.probabilities[7]!), 12);
    const z = tf.tensor1d(ex.scores);
    const grad = tf
      .grad((s: tf.Tensor) => tf.neg(tf.gather(tf.logSoftmax(s), 7)))(z)
      .arraySync() as number[];
    for (const [i, g] of grad.entries()) expect(g).toBeCloseTo(ex.gradient[i]!, 5);
    z.dispose();
  });

  it('the staircase: accuracy is flat between data points; cross-entropy has one smooth minimum at the best accuracy', () => {
    const xs = STAIRCASE_DATA.map((d) => d.x).sort((a, b) => a - b);
    for (let i = 0; i + 1 < xs.length; i++) {
      const a = xs[i]! + 1e-6;
      const b = xs[i + 1]! - 1e-6;
      expect(staircaseAccuracy(a)).toBe(staircaseAccuracy(b));
      expect(staircaseCrossEntropy(a)).not.toBe(staircaseCrossEntropy(b));
    }
    const best = argMin(staircaseCrossEntropy, -2.5, 2.5);
    expect(staircaseAccuracy(best.x)).toBe(14 / 16);
  });

  it('label smoothing 0.1 with ten classes: the cost is lowest at q = 1 − ε + ε/K = 0.91', () => {
    const best = argMin((q) => smoothedCrossEntropy(q, 0.1, 10), 0.3, 0.9999);
    expect(best.x).toBeCloseTo(0.91, 3);
  });
});

describe('loss-switcher', () => {
  it('cross-entropy reaches 85 % validation accuracy in fewer steps than squared error (default seed)', async () => {
    const rec = await runExample('loss-switcher');
    cleanRun(rec);
    const accuracy = rec.chartNamed('Validation accuracy');
    expect(accuracy.series).toEqual(COSTS);
    expect(accuracy.points).toHaveLength(30);
    expect(rec.chartNamed('Training loss (smoothed) ÷ its first value').points).toHaveLength(300);

    const steps = bars(rec, 'Steps to 85 % validation accuracy');
    // The chapter: cross-entropy and hinge after 100 steps, squared error after 170.
    expect(steps['cross-entropy']).toBeLessThan(steps['squared error']!);
    expect(steps['cross-entropy']).toBe(100);
    expect(steps.hinge).toBe(100);
    expect(steps['squared error']).toBe(170);
    const table = Object.fromEntries(rows(rec, 'Three costs, one network').map((r) => [r.cost, r]));
    // "All three end near 89–90 %."
    for (const name of COSTS) {
      const final = Number(String(table[name]!['final accuracy']).replace(' %', ''));
      expect(final).toBeGreaterThan(88);
      expect(final).toBeLessThan(91);
    }
    // "between steps 100 and 300 cross-entropy's smoothed loss falls by almost half while its validation accuracy
    // gains about one percentage point"
    const at = (chart: string, step: number) => rec.chartNamed(chart).points.find((p) => p.x === step)!.values['cross-entropy']!;
    const lossChart = 'Training loss (smoothed) ÷ its first value';
    expect(at(lossChart, 300) / at(lossChart, 100)).toBeLessThan(0.6);
    expect(at(lossChart, 300) / at(lossChart, 100)).toBeGreaterThan(0.45);
    const gain = at('Validation accuracy', 300) - at('Validation accuracy', 100);
    expect(gain).toBeGreaterThan(0);
    expect(gain).toBeLessThan(0.025);
    // "a cross-entropy of 0.15 and a squared error of 0.12": the last batch's losses, in their own units.
    const lastLoss = (name: string) => Number(/→ ([\d.]+)$/.exec(String(table[name]!['loss: first → last']))?.[1]);
    expect(lastLoss('cross-entropy')).toBeCloseTo(0.15, 1);
    expect(lastLoss('squared error')).toBeCloseTo(0.12, 1);
    // "squared error pushed the right digit's score up about 4.6 times less than cross-entropy did"
    expect(rec.text()).toMatch(/squared error pushed the right score up 4\.6 times less/);
    const ratio =
      Number(table['cross-entropy']!['push on the right score at step 1']) / Number(table['squared error']!['push on the right score at step 1']);
    expect(ratio).toBeGreaterThan(4);
    expect(ratio).toBeLessThan(5.5);
  }, 300_000);

  it('with Adam the scale difference disappears; with a confident start squared error falls far behind', async () => {
    const adam = await runExample('loss-switcher', { params: { optimizer: 'adam', learningRate: 0.003, steps: 100 } });
    cleanRun(adam);
    const tie = bars(adam, 'Steps to 85 % validation accuracy');
    expect(tie['cross-entropy']).toBe(50);
    expect(tie['squared error']).toBe(50);
    expect(tie.hinge).toBe(60);

    const confident = await runExample('loss-switcher', { params: { optimizer: 'adam', learningRate: 0.003, outputScale: 10, steps: 200 } });
    cleanRun(confident);
    const apart = bars(confident, 'Steps to 85 % validation accuracy');
    expect(apart['cross-entropy']).toBe(50);
    expect(apart['squared error']).toBe(190);
    expect(apart.hinge).toBe(100);
  }, 300_000);
});

describe('class-imbalance', () => {
  it('class weights lift the rare digits from 8 % to 62 % at a cost of 3 points on the common ones (default seed)', async () => {
    const rec = await runExample('class-imbalance');
    cleanRun(rec);
    const table = rows(rec, /^Per digit/);
    const counts = table.map((r) => Number(r['training examples']));
    for (const d of [0, 1, 2, 3, 4]) expect(counts[d]).toBeGreaterThan(700);
    for (const d of [5, 6, 7, 8, 9]) {
      expect(counts[d]).toBeGreaterThanOrEqual(12);
      expect(counts[d]).toBeLessThanOrEqual(18);
    }
    // The balanced weights: n / (K n_c), from 0.45 to about 35.
    const weights = table.map((r) => Number(r['class weight']));
    expect(Math.min(...weights)).toBeCloseTo(0.45, 2);
    expect(Math.max(...weights)).toBeCloseTo(34.7, 1);
    // The plain network almost never answers 6 or 9.
    expect(Number(table[6]!['predicted, plain'])).toBe(0);
    expect(Number(table[9]!['predicted, plain'])).toBe(0);

    const plain = bars(rec, 'Validation accuracy per digit', 0);
    const weighted = bars(rec, 'Validation accuracy per digit', 1);
    const rare = ['5 (rare)', '6 (rare)', '7 (rare)', '8 (rare)', '9 (rare)'];
    for (const d of rare) expect(weighted[d]!).toBeGreaterThan(plain[d]!);
    expect(rec.text()).toContain('plain: overall 53.1 %, rare digits 7.8 %, common digits 96.3 %.');
    expect(rec.text()).toContain('class weights: overall 77.8 %, rare digits 61.9 %, common digits 93.2 %.');
    expect(rec.chartNamed('Validation accuracy on the rare digits').points).toHaveLength(15);
  }, 300_000);

  it('with only the digit 8 rare, class weights still lift it', async () => {
    const rec = await runExample('class-imbalance', { params: { rare: 'one', steps: 150 } });
    cleanRun(rec);
    const plain = bars(rec, 'Validation accuracy per digit', 0);
    const weighted = bars(rec, 'Validation accuracy per digit', 1);
    expect(plain['8 (rare)']).toBeLessThan(0.1);
    expect(weighted['8 (rare)']).toBeGreaterThan(0.4);
  }, 300_000);
});
