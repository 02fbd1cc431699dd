/**
 * Chapter 11's labs on the WASM backend, with the claims the chapter makes about their default
 * runs (seed 1): the unregularised network memorises its noisy training digits; early stopping,
 * dropout and augmentation each narrow the train–validation gap and raise test accuracy; the
 * weight penalties shrink the weights; random labels are memorised; regularization helps most
 * when data is scarce.
 *
 *   npx vitest run tests/unit/labs-q11.test.ts
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { ParamValue } from '../../playground/shared/messages.ts';
import { initBackend } from '../../playground/runtime/backends.ts';
import { fitPolynomial, l1Minimum, l2Minimum, type Quadratic, quadraticLoss, rms } from '../../src/components/figures/regularization-math.ts';
import type { Recording } from './support/recording-sink.ts';
import { type ExampleRun, runExample } from './support/run-example.ts';

beforeAll(async () => {
  await initBackend('wasm');
});

/** Each default run takes 5–30 s on an idle machine; the limit leaves room for a busy one. */
const LONG = 600_000;

async function run(id: string, params: Record<string, ParamValue> = {}): Promise<ExampleRun> {
  const rec = await runExample(id, { params });
  expect(rec.logs.filter((l) => l.level === 'error')).toEqual([]);
  expect(rec.leakedTensors, 'tensors left alive at the end of the run').toBe(0);
  return rec;
}

interface LabResult {
  train: number;
  validation: number;
  test: number;
  gap: number;
  trueTrain: number | null;
  sumOfSquares: number;
  epochs: number;
  validationCurve: number[];
}

/** The numbers the regularization lab prints at the end of a run, in percent. */
function labResult(rec: Recording): LabResult {
  const text = rec.text();
  const m = /Train ([\d.]+) %, validation ([\d.]+) %, test ([\d.]+) %: a gap of (-?[\d.]+) points/.exec(text);
  if (!m) throw new Error(`no summary line in:\n${text}`);
  const [train, validation, test, gap] = m.slice(1).map(Number) as [number, number, number, number];
  const trueTrain = /On the training digits' true labels it scores ([\d.]+) %/.exec(text);
  const accuracy = rec.chartNamed('Accuracy');
  return {
    train,
    validation,
    test,
    gap,
    trueTrain: trueTrain ? Number(trueTrain[1]) : null,
    sumOfSquares: Number(/Sum of squared first-layer weights: (\d+\.\d+)/.exec(text)?.[1]),
    epochs: accuracy.points.length,
    validationCurve: accuracy.points.map((p) => p.values.validation!),
  };
}

/**
 * How much the pictures of the first-layer units vary in their 3-pixel border ring, relative to
 * their centre (spread of grey levels, averaged over the 8 units).
 */
function borderSpread(rec: Recording): number {
  const units = rec.images.filter((i) => i.groupTitle?.startsWith('The weights of 8 first-layer units'));
  expect(units).toHaveLength(8);
  const spread = (values: number[]) => {
    const mean = values.reduce((a, b) => a + b, 0) / values.length;
    return Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / values.length);
  };
  const ratios = units.map((u) => {
    const border: number[] = [];
    const centre: number[] = [];
    for (let y = 0; y < 28; y++) {
      for (let x = 0; x < 28; x++) {
        const red = u.rgba[(y * 28 + x) * 4]!;
        if (x < 3 || x > 24 || y < 3 || y > 24) border.push(red);
        else if (x >= 8 && x < 20 && y >= 8 && y < 20) centre.push(red);
      }
    }
    return spread(border) / Math.max(1e-9, spread(centre));
  });
  return ratios.reduce((a, b) => a + b, 0) / ratios.length;
}

describe('regularization-lab', () => {
  let none: LabResult;
  let noneRun: ExampleRun;
  beforeAll(async () => {
    noneRun = await run('regularization-lab');
    none = labResult(noneRun);
  }, LONG);

  it(
    'with no regularization, learns its noisy training digits by heart and does much worse on new ones',
    () => {
      expect(noneRun.text()).toContain('118,282 weights learn from 500 digits (100 of them, 20 %, with a wrong label)');
      expect(none.epochs).toBe(30);
      // Every training label is reproduced, the 100 wrong ones included: exactly 80 % on the true labels.
      expect(none.train).toBe(100);
      expect(none.trueTrain).toBe(80);
      // New digits: about 70 %, a generalisation gap of over 25 points.
      for (const v of [none.validation, none.test]) {
        expect(v).toBeGreaterThan(66);
        expect(v).toBeLessThan(74);
      }
      expect(none.gap).toBeGreaterThan(25);
      // Validation accuracy peaks in the first few epochs, then falls as the wrong labels are learned.
      const curve = none.validationCurve;
      const peakEpoch = curve.indexOf(Math.max(...curve)) + 1;
      expect(peakEpoch).toBeLessThanOrEqual(10);
      expect(Math.max(...curve) - curve.at(-1)!).toBeGreaterThan(5);
      // The validation loss bottoms out around epoch 10, then climbs.
      const loss = noneRun.chartNamed('Loss').points.map((p) => p.values.validation!);
      const lowest = loss.indexOf(Math.min(...loss)) + 1;
      expect(lowest).toBeGreaterThanOrEqual(5);
      expect(lowest).toBeLessThanOrEqual(15);
      expect(loss.at(-1)! - Math.min(...loss)).toBeGreaterThan(0.2);
      // Compare plots: curves and bars keep earlier runs; the histogram shares its bins across runs.
      for (const title of ['Accuracy', 'Loss', 'Final accuracy of every run', 'First-layer weights']) {
        expect(noneRun.plotNamed(title).compare, title).toBe(true);
      }
      const histogram = noneRun.plotNamed('First-layer weights');
      expect(histogram.kind).toBe('histogram');
      if (histogram.kind === 'histogram') expect(histogram.series[0]!.bins[0]![0]).toBeCloseTo(-0.3);
      expect(noneRun.tables[0]!.rows.map((r) => r[0])).toEqual(['training, labels as given', 'training, true labels', 'validation', 'test']);
      expect(noneRun.images).toHaveLength(8);
    },
    LONG,
  );

  const regularisers: Array<[string, Record<string, ParamValue>]> = [
    ['early stopping', { earlyStopping: true }],
    ['dropout 0.5', { dropout: 0.5 }],
    ['augmentation (±2 px, ±15°)', { shift: 2, rotate: 15 }],
  ];
  for (const [name, params] of regularisers) {
    it(
      `${name} narrows the train–validation gap and raises test accuracy over no regularization`,
      async () => {
        const rec = await run('regularization-lab', params);
        const r = labResult(rec);
        expect(Math.abs(r.gap)).toBeLessThan(none.gap / 2);
        expect(r.test).toBeGreaterThan(none.test + 5);
        // It learned fewer of the wrong labels: better on the true labels of its own training digits.
        expect(r.trueTrain!).toBeGreaterThan(none.trueTrain! + 5);
        if (params.earlyStopping) {
          // "Stops after 15 epochs and goes back to the weights of epoch 10 … about 78 %".
          expect(r.epochs).toBe(15);
          expect(rec.text()).toContain('back to the weights of epoch 10');
          expect(r.test).toBeGreaterThan(75);
          expect(r.test).toBeLessThan(81);
        }
        if (params.dropout) {
          // "Training accuracy well below 100 %, the gap shrinks to about a third, test nearly 80 %".
          expect(r.train).toBeLessThan(95);
          expect(r.gap).toBeGreaterThan(none.gap / 4);
          expect(r.test).toBeGreaterThan(76);
          expect(r.test).toBeLessThan(83);
        }
        if (params.shift) {
          // The largest gain, close to 90 %; below the validation accuracy on the given labels,
          // above it on the true ones.
          expect(r.test).toBeGreaterThan(86);
          expect(r.test).toBeLessThan(92);
          expect(r.train).toBeLessThan(r.validation);
          expect(r.trueTrain!).toBeGreaterThan(r.validation);
        }
      },
      LONG,
    );
  }

  it(
    'an L2 penalty shrinks the weights about fivefold but barely changes what is learned',
    async () => {
      const rec = await run('regularization-lab', { l2: 0.005 });
      const r = labResult(rec);
      // The weights from the always-black border pixels keep their random start without a penalty and
      // decay to zero with one: in the pictures of the units, the border goes flat.
      expect(borderSpread(noneRun)).toBeGreaterThan(0.7);
      expect(borderSpread(rec)).toBeLessThan(0.3);
      const shrink = none.sumOfSquares / r.sumOfSquares;
      expect(shrink).toBeGreaterThan(4);
      expect(shrink).toBeLessThan(7);
      expect(Math.abs(r.test - none.test)).toBeLessThan(3);
      expect(r.trueTrain!).toBeLessThan(85);
    },
    LONG,
  );

  it(
    'an L1 penalty piles most first-layer weights up at zero',
    async () => {
      const nearZero = (rec: Recording) => {
        const h = rec.plotNamed('First-layer weights');
        if (h.kind !== 'histogram') throw new Error('not a histogram');
        const bins = h.series[0]!.bins;
        const total = bins.reduce((s, b) => s + b[2], 0);
        return bins.filter(([lo, hi]) => lo < 0.005 && hi > -0.005).reduce((s, b) => s + b[2], 0) / total;
      };
      const l1 = nearZero(await run('regularization-lab', { l1: 0.0003 }));
      expect(l1).toBeGreaterThan(0.5);
      expect(l1).toBeGreaterThan(3 * nearZero(noneRun));
    },
    LONG,
  );

  it(
    'shows eight augmented copies of a digit when augmenting, and each run at most the epochs asked for',
    async () => {
      const rec = await run('regularization-lab', { shift: 3, rotate: 30, epochs: 5, trainSize: 100, wrongLabels: 0 });
      expect(rec.images.slice(0, 8).every((i) => i.groupTitle === 'One training digit as the network sees it on eight visits')).toBe(true);
      expect(rec.images).toHaveLength(16);
      expect(rec.chartNamed('Accuracy').points).toHaveLength(5);
      expect(rec.text()).not.toContain('true labels');
    },
    LONG,
  );
});

describe('random-labels', () => {
  it(
    'memorises random labels (100 % on its training digits) yet scores near chance on new digits',
    async () => {
      const rec = await run('random-labels');
      const rows = rec.tables[0]!.rows;
      expect(rows.map((r) => r[0])).toEqual(['true labels', 'random labels']);
      const pct = (v: string | number) => Number.parseFloat(String(v));
      const [truth, random] = rows as [Array<string | number>, Array<string | number>];
      expect(pct(truth[2]!)).toBe(100);
      expect(pct(random[2]!)).toBe(100);
      expect(pct(truth[3]!)).toBeGreaterThan(75);
      expect(pct(random[3]!)).toBeLessThan(20);
      // True labels within about a dozen epochs; random ones take roughly three times as long.
      expect(Number(truth[1])).toBeLessThanOrEqual(15);
      expect(Number(random[1]) / Number(truth[1])).toBeGreaterThan(2);
      expect(Number(random[1]) / Number(truth[1])).toBeLessThan(4.5);
      const train = rec.chartNamed('Accuracy on the training digits');
      expect(train.series).toEqual(['true labels', 'random labels']);
    },
    LONG,
  );
});

describe('more-data', () => {
  it(
    'accuracy grows with the training set, and regularization helps most where data is scarce',
    async () => {
      const rec = await run('more-data');
      const rows = rec.tables[0]!.rows;
      expect(rows.map((r) => r[0])).toEqual([100, 300, 1000, 3000, 8000]);
      const column = (name: string) => {
        const c = rec.tables[0]!.columns.indexOf(name);
        return rows.map((r) => Number.parseFloat(String(r[c])));
      };
      const plain = column('plain: validation');
      const gain = column('gain from regularization');
      // More data: plain validation accuracy rises from the smallest to the largest set by over 10 points.
      expect(plain.at(-1)! - plain[0]!).toBeGreaterThan(10);
      for (let i = 1; i < plain.length; i++) expect(plain[i]!).toBeGreaterThan(plain[i - 1]! - 1);
      // Regularization: a clear gain with 100 digits, and less with each larger set than with the smallest.
      expect(gain[0]!).toBeGreaterThan(4);
      for (const g of gain.slice(2)) expect(g).toBeLessThan(gain[0]! / 2);
      // With 8,000 digits and a fixed budget of steps, augmentation costs a little accuracy.
      expect(gain.at(-1)!).toBeLessThan(0);
      // 300 augmented digits do about as well as 1,000 plain ones.
      const regularised = column('regularised: validation');
      expect(regularised[1]!).toBeGreaterThan(plain[2]! - 1);
    },
    LONG,
  );
});

describe("the figures' arithmetic (src/components/figures/regularization-math.ts)", () => {
  it('fits a polynomial exactly through as many points as it has coefficients, and more loosely with an L2 penalty', () => {
    const xs = [0, 20, 40, 60, 80, 100, 120, 140, 160, 180];
    const ys = [6.1, 2.4, 9, 11.7, 28.6, 29.8, 11.2, 6.8, 2.7, 6.2];
    const exact = fitPolynomial(xs, ys, 9, 0, [0, 180]);
    expect(rms(xs.map(exact.at), ys)).toBeLessThan(1e-6);
    const ridge = fitPolynomial(xs, ys, 9, 0.001, [0, 180]);
    expect(rms(xs.map(ridge.at), ys)).toBeGreaterThan(1);
    // The penalised coefficients are smaller.
    const norm = (c: number[]) => Math.hypot(...c.slice(1));
    expect(norm(ridge.coefficients)).toBeLessThan(norm(exact.coefficients) / 10);
  });

  it('finds the L2- and L1-penalised minima of a quadratic: L1 zeroes the weaker weight, L2 does not', () => {
    const q: Quadratic = {
      h: [
        [2, -0.3],
        [-0.3, 0.6],
      ],
      optimum: [2, 0.9],
    };
    const l1 = l1Minimum(q, 0.8);
    expect(l1[1]).toBe(0);
    expect(l1[0]).toBeGreaterThan(1);
    // Optimality: no small move lowers loss + λ‖w‖₁.
    const objective = (w: [number, number]) => quadraticLoss(q, w) + 0.8 * (Math.abs(w[0]) + Math.abs(w[1]));
    for (const [dx, dy] of [
      [1e-3, 0],
      [-1e-3, 0],
      [0, 1e-3],
      [0, -1e-3],
    ]) {
      expect(objective([l1[0] + dx!, l1[1] + dy!])).toBeGreaterThan(objective(l1));
    }
    const l2 = l2Minimum(q, 0.66);
    expect(l2[0]).toBeGreaterThan(0);
    expect(l2[1]).toBeGreaterThan(0.1);
    // The gradient of loss + (λ/2)‖w‖² vanishes there.
    const grad = [0, 1].map((i) => q.h[i]![0] * (l2[0] - q.optimum[0]) + q.h[i]![1] * (l2[1] - q.optimum[1]) + 0.66 * l2[i]!);
    for (const g of grad) expect(Math.abs(g)).toBeLessThan(1e-9);
  });
});
