/**
 * The plot renderer's pure parts (downsampling, tables and CSV, text alternatives, cell text
 * colour, compare naming) and the plot-gallery example, which draws every kind of plot.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { CompareStore } from '../../playground/output/compare.ts';
import { initBackend } from '../../playground/runtime/backends.ts';
import { contrast, luminance, parseColor, textOn } from '../../playground/output/plots/colors.ts';
import { MAX_TABLE_ROWS, tablesOf, toCsv, visiblePart } from '../../playground/output/plots/data-table.ts';
import { downsampleLine, evenly } from '../../playground/output/plots/downsample.ts';
import { accessibleName, formatNumber, summarize } from '../../playground/output/plots/summary.ts';
import type { HeatmapPlot, LinePlot, PlotSpec } from '../../playground/shared/messages.ts';
import { chart, flushPlots } from '../../playground/runtime/plots.ts';
import { consoleSink, setSink } from '../../playground/runtime/sink.ts';
import { recordingSink } from './support/recording-sink.ts';
import { runExample } from './support/run-example.ts';

const line = (series: LinePlot['series'], extra: Partial<LinePlot> = {}): LinePlot => ({
  kind: 'line',
  id: 'l',
  title: 'Loss',
  xLabel: 'step',
  series,
  ...extra,
});

describe('downsampleLine', () => {
  it('keeps short series as they are (minus unusable points)', () => {
    const pts: Array<[number, number]> = [
      [0, 1],
      [1, Number.NaN],
      [2, 3],
    ];
    expect(downsampleLine(pts, 100)).toEqual([
      [0, 1],
      [2, 3],
    ]);
  });

  it('keeps ≤ 4 points per pixel column, in order, with every column’s extremes and the ends', () => {
    const n = 100_000;
    const pts: Array<[number, number]> = Array.from({ length: n }, (_, i) => [i, Math.sin(i / 500) + (i === 54_321 ? 50 : 0) - (i === 777 ? 40 : 0)]);
    const width = 500;
    const out = downsampleLine(pts, width);
    expect(out.length).toBeLessThanOrEqual(4 * width);
    expect(out.length).toBeGreaterThan(width);
    expect(out[0]).toEqual(pts[0]);
    expect(out[out.length - 1]).toEqual(pts[n - 1]);
    for (let i = 1; i < out.length; i++) expect(out[i]![0]).toBeGreaterThan(out[i - 1]![0]);
    // The single spike and the single dip survive.
    expect(Math.max(...out.map((p) => p[1]))).toBe(pts[54_321]![1]);
    expect(Math.min(...out.map((p) => p[1]))).toBe(pts[777]![1]);
    // Per column: the drawn min and max equal the data's.
    const column = (x: number) => Math.min(width - 1, Math.floor((x / (n - 1)) * width));
    const extremes = (list: Array<readonly [number, number]>) => {
      const m = new Map<number, [number, number]>();
      for (const [x, y] of list) {
        const c = column(x);
        const [lo, hi] = m.get(c) ?? [Infinity, -Infinity];
        m.set(c, [Math.min(lo, y), Math.max(hi, y)]);
      }
      return m;
    };
    expect(extremes(out)).toEqual(extremes(pts));
  });

  it('buckets by pixel on a log x axis and drops x ≤ 0 there', () => {
    const pts: Array<[number, number]> = Array.from({ length: 20_000 }, (_, i) => [i, i % 7]);
    const out = downsampleLine(pts, 100, { logX: true });
    expect(out.every(([x]) => x > 0)).toBe(true);
    expect(out.length).toBeLessThanOrEqual(400);
    // Early decades get as many columns as late ones: x = 1…10 keep all their points.
    expect(out.filter(([x]) => x >= 1 && x <= 10).length).toBe(10);
  });

  it('thins an out-of-order path evenly instead of joining distant columns', () => {
    const pts: Array<[number, number]> = Array.from({ length: 10_000 }, (_, i) => [Math.cos(i / 100), Math.sin(i / 100)]);
    const out = downsampleLine(pts, 50);
    expect(out.length).toBe(200);
    expect(out[0]).toEqual(pts[0]);
    expect(out[out.length - 1]).toEqual(pts[pts.length - 1]);
  });

  it('evenly spreads a sample with both ends', () => {
    expect(evenly([1, 2, 3, 4, 5, 6, 7, 8, 9], 3)).toEqual([1, 5, 9]);
    expect(evenly([1, 2], 5)).toEqual([1, 2]);
  });
});

describe('tables and CSV', () => {
  it('a line plot is one row per x with a column per series; missing values stay empty', () => {
    const spec = line([
      {
        name: 'train',
        points: [
          [1, 2.3],
          [2, 1.1],
        ],
      },
      { name: 'validation', points: [[2, 1.4]] },
    ]);
    const [table] = tablesOf(spec);
    expect(table!.columns).toEqual(['step', 'train', 'validation']);
    expect(table!.rows).toEqual([
      [1, 2.3, ''],
      [2, 1.1, 1.4],
    ]);
    expect(toCsv(tablesOf(spec))).toBe('step,train,validation\r\n1,2.3,\r\n2,1.1,1.4\r\n');
  });

  it('quotes fields with commas, quotes and line breaks, and keeps full precision', () => {
    const spec: PlotSpec = {
      kind: 'bar',
      id: 'b',
      title: 'b',
      categories: ['a, b', 'say "hi"'],
      series: [{ name: 'v', values: [1 / 3, Number.NaN] }],
    };
    expect(toCsv(tablesOf(spec))).toBe(`category,v\r\n"a, b",${1 / 3}\r\n"say ""hi""",\r\n`);
  });

  it('scatter keeps every point with its label, in long form', () => {
    const spec: PlotSpec = {
      kind: 'scatter',
      id: 's',
      title: 's',
      series: [
        {
          name: 'nets',
          points: [
            [1, 2],
            [3, 4],
          ],
          labels: ['AlexNet', 'VGG'],
        },
      ],
    };
    expect(tablesOf(spec)[0]).toMatchObject({
      columns: ['x', 'y', 'label'],
      rows: [
        [1, 2, 'AlexNet'],
        [3, 4, 'VGG'],
      ],
    });
  });

  it('histograms on shared bins are one row per bin; heatmaps name their rows and add their paths', () => {
    const hist: PlotSpec = {
      kind: 'histogram',
      id: 'h',
      title: 'h',
      series: [
        { name: 'a', bins: [[0, 1, 3]] },
        { name: 'b', bins: [[0, 1, 5]] },
      ],
    };
    expect(tablesOf(hist)[0]!.rows).toEqual([[0, 1, 3, 5]]);
    const heat: HeatmapPlot = {
      kind: 'heatmap',
      id: 'm',
      title: 'm',
      values: [
        [1, 2],
        [3, 4],
      ],
      x: [0, 2],
      y: [1, -1],
      paths: [
        {
          name: 'descent',
          points: [
            [0, 0],
            [1, 0.5],
          ],
        },
      ],
    };
    const [cells, path] = tablesOf(heat);
    expect(cells!.columns).toEqual(['y \\ x', 0.5, 1.5]);
    expect(cells!.rows).toEqual([
      [0.5, 1, 2],
      [-0.5, 3, 4],
    ]);
    expect(path!.rows).toEqual([
      [1, 0, 0],
      [2, 1, 0.5],
    ]);
    const csv = toCsv(tablesOf(heat));
    expect(csv).toContain('\r\n\r\nPath: descent\r\npoint,x,y\r\n1,0,0\r\n');
  });

  it('the page shows at most MAX_TABLE_ROWS rows, evenly spread, and says so', () => {
    const spec = line([{ name: 'loss', points: Array.from({ length: 100_000 }, (_, i): [number, number] => [i, 1 / (i + 1)]) }]);
    const [table] = tablesOf(spec);
    expect(table!.rows).toHaveLength(100_000);
    const { table: shown, note } = visiblePart(table!);
    expect(shown.rows).toHaveLength(MAX_TABLE_ROWS);
    expect(shown.rows[0]![0]).toBe(0);
    expect(shown.rows[MAX_TABLE_ROWS - 1]![0]).toBe(99_999);
    expect(note).toBe('Showing 200 of 100,000 rows, evenly spread; Download CSV has every value.');
    expect(toCsv([table!]).trim().split('\r\n')).toHaveLength(100_001);
  });
});

describe('text alternatives', () => {
  it('numbers read short', () => {
    expect([0.123456, 2.3, 12345, 99999, 12345.6, 1234567, 0.00012, 0.0001, 0].map(formatNumber)).toEqual([
      '0.123',
      '2.3',
      '12345',
      '99999',
      '12300',
      '1.23e6',
      '1.2e-4',
      '1e-4',
      '0',
    ]);
  });

  it('a line plot: series, x range, where each series starts and ends', () => {
    const spec = line(
      [
        {
          name: 'train',
          points: [
            [1, 2.3],
            [300, 0.12],
          ],
        },
        {
          name: 'validation',
          points: [
            [1, 2.4],
            [300, 0.2],
          ],
        },
      ],
      { title: 'Training loss', yScale: 'log' },
    );
    expect(summarize(spec)).toBe('Training loss: 2 series, step 1 to 300 (y on a log scale); train from 2.3 to 0.12; validation from 2.4 to 0.2.');
    expect(summarize(line([{ name: 'loss', points: [] }], { live: true }))).toBe('Loss: no data yet.');
    expect(accessibleName({ ...spec, description: 'Loss falls.' })).toBe('Training loss: Loss falls.');
  });

  it('bars, histograms and heatmaps say what matters', () => {
    expect(
      summarize({ kind: 'bar', id: 'b', title: 'Steps', categories: ['relu', 'sigmoid'], series: [{ name: 'steps', values: [120, 900] }] }),
    ).toBe('Steps: 2 categories; relu 120, sigmoid 900.');
    expect(
      summarize({
        kind: 'histogram',
        id: 'h',
        title: 'W',
        series: [
          {
            name: 'w',
            bins: [
              [0, 1, 3],
              [1, 2, 7],
            ],
          },
        ],
      }),
    ).toBe('W: histogram; w: 10 values in 2 bins from 0 to 2, most (7) between 1 and 2.');
    expect(
      summarize({
        kind: 'heatmap',
        id: 'c',
        title: 'Confusion',
        values: [
          [5, 1],
          [0, 9],
        ],
        xTicks: ['cat', 'dog'],
        yTicks: ['cat', 'dog'],
        colorLabel: 'count',
      }),
    ).toBe('Confusion: 2 × 2 cells, values from 0 to 9 (count); highest at dog, dog.');
  });
});

describe('colours', () => {
  it('cell text is black on light cells and white on dark ones, whichever contrasts more', () => {
    expect(parseColor('rgb(68, 1, 84)')).toEqual([68, 1, 84]);
    expect(parseColor('#fde725')).toEqual([253, 231, 37]);
    expect(textOn('rgb(68, 1, 84)')).toBe('#ffffff'); // viridis, dark end
    expect(textOn('#fde725')).toBe('#000000'); // viridis, bright end
    for (const c of ['rgb(33, 145, 140)', 'rgb(247, 247, 247)', 'rgb(5, 48, 97)', 'rgb(103, 0, 31)']) {
      const l = luminance(parseColor(c)!);
      const text = luminance(parseColor(textOn(c))!);
      expect(contrast(l, text), c).toBeGreaterThanOrEqual(4.5);
    }
  });
});

describe('compare', () => {
  it('names the series of earlier runs, which come first', () => {
    const store = new CompareStore((runs) => runs.map((r) => `Activation = ${String(r.activation)}`));
    const spec = (y: number): LinePlot => line([{ name: 'loss', points: [[1, y]] }], { compare: true });
    store.begin({ activation: 'relu' });
    store.record(spec(1));
    store.begin({ activation: 'sigmoid' });
    const now = spec(2);
    store.record(now);
    const { spec: merged, earlier } = store.mergeRuns(now);
    expect((merged as LinePlot).series.map((s) => s.name)).toEqual(['Activation = relu', 'Activation = sigmoid']);
    expect(earlier).toEqual(['Activation = relu']);
    store.clear();
    expect(store.mergeRuns(now).earlier).toEqual([]);
  });
});

describe('live charts in the worker', () => {
  it('send 100,000 pushes in messages of at most 2000 points, none lost', () => {
    const rec = recordingSink();
    const sizes: number[] = [];
    const record = rec.plotAppend;
    rec.plotAppend = (append) => {
      sizes.push(append.points.length);
      record(append);
    };
    setSink(rec);
    try {
      const curve = chart('Pushes', { series: ['y'] });
      for (let i = 0; i < 100_000; i++) curve.push(i, { y: i % 7 });
      flushPlots();
    } finally {
      setSink(consoleSink);
    }
    expect(Math.max(...sizes)).toBeLessThanOrEqual(2000);
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(100_000);
    const points = rec.chartNamed('Pushes').points;
    expect(points.map((p) => p.x)).toEqual(Array.from({ length: 100_000 }, (_, i) => i));
  });
});

describe('plot-gallery', () => {
  // Alone in a fresh worker the file would otherwise meet TF.js with no backend ready.
  beforeAll(async () => {
    await initBackend('wasm');
  });

  it('draws every kind of plot, a live chart, and a compared plot, quickly', async () => {
    const rec = await runExample('plot-gallery');
    expect(new Set(rec.plots.map((p) => p.kind))).toEqual(new Set(['line', 'bar', 'histogram', 'scatter', 'heatmap']));
    expect(rec.plotNamed('Activation function').compare).toBe(true);
    expect(rec.seconds).toBeLessThan(2);

    // ReLU: slope 0 for the negative half of [-4, 4]; sigmoid's slope is never exactly 0.
    const bars = rec.plotNamed('Where the slope vanishes');
    if (bars.kind !== 'bar') throw new Error('not a bar plot');
    const zero = bars.series.find((s) => s.name === 'slope = 0')!.values;
    expect(zero[0]).toBeCloseTo(0.5, 3);
    expect(zero[1]).toBe(0);

    // The live chart: 61 steps of gradient descent; with learning rate 0.1 the cost falls every step.
    const live = rec.chartNamed('Cost during gradient descent');
    expect(live.points).toHaveLength(61);
    const costs = live.points.map((p) => p.values.cost!);
    for (let i = 1; i < costs.length; i++) expect(costs[i]).toBeLessThan(costs[i - 1]!);

    // The cost surface is a bowl with its lowest cell near (0, 0), under the end of the path.
    const surface = rec.plotNamed('Cost surface and the descent path');
    if (surface.kind !== 'heatmap') throw new Error('not a heatmap');
    const flat = surface.values.flat();
    const lowest = flat.indexOf(Math.min(...flat));
    // 60 × 60 cells: the four around the centre tie for lowest.
    expect([29, 30]).toContain(Math.floor(lowest / 60));
    expect([29, 30]).toContain(lowest % 60);
    const end = surface.paths![0]!.points.at(-1)!;
    expect(Math.hypot(end[0], end[1])).toBeLessThan(0.01);
  });

  it('a learning rate above 2/10 would diverge; 0.19 oscillates along w2 but still converges', async () => {
    const rec = await runExample('plot-gallery', { params: { activation: 'sigmoid', lr: 0.19 } });
    const costs = rec.chartNamed('Cost during gradient descent').points.map((p) => p.values.cost!);
    expect(costs.at(-1)!).toBeLessThan(costs[0]! / 100);
    const surface = rec.plotNamed('Cost surface and the descent path');
    if (surface.kind !== 'heatmap') throw new Error('not a heatmap');
    const w2 = surface.paths![0]!.points.slice(0, 6).map(([, y]) => Math.sign(y));
    expect(w2).toEqual([1, -1, 1, -1, 1, -1]);
    expect(rec.plotNamed('Outputs of sigmoid for normal inputs').kind).toBe('histogram');
  });
});
