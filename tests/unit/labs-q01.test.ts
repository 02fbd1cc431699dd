/**
 * Chapter 1's labs in Node (WASM backend), on their default settings and seed: the results the
 * chapter states must hold here. Also the numbers its figures and text compute. About 25 s of CPU,
 * most of it one default run of the fixed-budget lab; LABS_LONG=1 adds its 4,500-step run (≈ 55 s).
 *
 *   npx vitest run tests/unit/labs-q01.test.ts
 */
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../playground/runtime/backends.ts';
import type { LinePlot } from '../../playground/shared/messages.ts';
import { DARKNET_LAYERS } from '../../playground/examples/meta/darknet-layers.ts';
import { checkerboardOneLayer, countPieces, foldedTent, oneLayerOutput, tent, unitsNeeded } from '../../src/components/figures/depth-math.ts';
import { networkDepths } from '../../src/data/q01-network-depths.ts';
import { LAB_BUDGET, labNetworks, q01, weightsOf, widthFor } from '../../src/data/q01-numbers.ts';
import type { Recording } from './support/recording-sink.ts';
import { type ExampleRun, runExample } from './support/run-example.ts';
import { needTinyDarknet } from './support/tiny-darknet.ts';

beforeAll(async () => {
  await initBackend('wasm');
});

function cleanRun(rec: ExampleRun): void {
  expect(rec.logs.filter((l) => l.level === 'error')).toEqual([]);
  expect(rec.leakedTensors, 'tensors left alive at the end of the run').toBe(0);
}

/** A table's rows as objects keyed by column name. */
function rows(rec: Recording, caption: string | RegExp): Array<Record<string, string | number>> {
  const t = rec.tables.find((x) => (typeof caption === 'string' ? x.caption === caption : caption.test(x.caption)));
  if (!t) throw new Error(`no table ${caption}`);
  return t.rows.map((r) => Object.fromEntries(t.columns.map((c, i) => [c, r[i]!])));
}

const field = (r: Record<string, string | number>) => Number(String(r['each unit sees (px)']).split(' ')[0]);
const similarity = (r: Record<string, string | number>) => Number(r['similarity after shift']);

describe('layer-by-layer (Tiny Darknet, the drawn scene)', () => {
  it('receptive fields grow from 3 to 134 px, maps shrink to 14×14, and tolerance dips in the middle and recovers late', async (ctx) => {
    needTinyDarknet(ctx);
    const rec = await runExample('layer-by-layer');
    cleanRun(rec);
    expect(rec.text()).toContain('tiny-darknet: 16 learned layers between the pixels and the answer; 15 of them end in a nonlinearity.');
    const table = rows(rec, /^tiny-darknet, stage by stage \(picture 224 × 224 px, shifted by 16 px\)$/);
    expect(table).toHaveLength(15);
    const fields = table.map(field);
    expect(fields).toEqual([3, 8, 10, 18, 18, 26, 30, 46, 46, 62, 70, 102, 102, 134, 134]);
    // The same sizes question 12 computed independently for its layer menu.
    for (const option of DARKNET_LAYERS) {
      const row = table.find((r) => r.layer === option.value)!;
      expect(option.label).toContain(`sees ${field(row)}×${field(row)} px`);
    }
    for (let i = 1; i < fields.length; i++) expect(fields[i]!).toBeGreaterThanOrEqual(fields[i - 1]!);
    expect(table[0]!.output).toBe('224 × 224 × 16');
    expect(table[14]!.output).toBe('14 × 14 × 128');
    // "0.97 … 0.46 at the sixth … 0.87 at the fourteenth"
    const sims = table.map(similarity);
    expect(sims[0]).toBeCloseTo(0.97, 2);
    expect(sims[5]).toBeCloseTo(0.46, 2);
    expect(sims[13]).toBeCloseTo(0.87, 2);
    expect(Math.min(...sims)).toBe(sims[5]); // the middle stages change most
    expect(sims[13]! - sims[5]!).toBeGreaterThan(0.3);
    // One grid of 6 maps per stage, and the best guess for the drawn house.
    expect(rec.images).toHaveLength(15 * 6);
    expect(new Set(rec.images.map((i) => i.group)).size).toBe(15);
    expect(rows(rec, 'What tiny-darknet answers')[0]!.class).toBe('birdhouse');
    const curve = rec.plotNamed('How much of the picture one unit sees') as LinePlot;
    expect(curve.series[0]!.points.map(([, y]) => y)).toEqual(fields);
  }, 300_000);
});

describe('layer-by-layer (the book’s CNN, a digit)', () => {
  it('tolerance to a 2-pixel shift rises stage by stage: 0.43, 0.51, 0.96', async () => {
    const rec = await runExample('layer-by-layer', { params: { network: 'book-cnn' } });
    cleanRun(rec);
    expect(rec.text()).toContain('book-cnn: 4 learned layers between the pixels and the answer; 3 of them end in a nonlinearity.');
    expect(rec.text()).toContain('Test digit number 4, a handwritten 8.');
    const table = rows(rec, /^book-cnn, stage by stage \(picture 28 × 28 px, shifted by 2 px\)$/);
    expect(table.map((r) => r['each unit sees (px)'])).toEqual(['5 × 5', '14 × 14', 'everything']);
    const sims = table.map(similarity);
    expect(sims[0]).toBeCloseTo(0.43, 2);
    expect(sims[1]).toBeCloseTo(0.51, 2);
    expect(sims[2]).toBeCloseTo(0.96, 2);
    // The claim: tolerance rises at every stage, with no dip.
    expect(sims[1]!).toBeGreaterThan(sims[0]!);
    expect(sims[2]!).toBeGreaterThan(sims[1]!);
    expect(rows(rec, 'What book-cnn answers')[0]!.class).toBe('8');
    // Maps only for the two convolutions: the dense layer is not a picture.
    expect(new Set(rec.images.map((i) => i.group)).size).toBe(2);
  }, 120_000);
});

describe('depth-vs-width', () => {
  it('at about 2,500 weights and 1,500 steps, accuracy rises from 1 to 2 to 4 hidden layers and falls back at 8 (default seed)', async () => {
    const rec = await runExample('depth-vs-width');
    cleanRun(rec);
    // The four networks the chapter describes (computed by src/data/q01-numbers.ts for its text).
    const shapes = rows(rec, 'Four networks with about 2500 weights each');
    expect(shapes.map((r) => r['units per layer'])).toEqual(q01.labWidths);
    expect(shapes.map((r) => r.weights)).toEqual(q01.labWeights);
    const result = rows(rec, 'Result');
    const test = result.map((r) => Number(r['test accuracy']));
    // "78.5 % … 88.7 % … 92.8 % … 84.2 %"; the first screen rounds to 79 % and 93 %. Within 0.2 points
    // (8 of the 4,000 test points): kernels that add in another order (threads, a faster gradient)
    // move a few borderline points.
    const off = [0.785, 0.887, 0.928, 0.842].map((expected, i) => Math.abs(test[i]! - expected));
    expect(Math.max(...off)).toBeLessThanOrEqual(0.002);
    // The scientific claim: big steps from one to two to four layers, and eight thin layers fall back.
    expect(test[1]! - test[0]!).toBeGreaterThan(0.05);
    expect(test[2]! - test[1]!).toBeGreaterThan(0.03);
    expect(test[2]! - test[3]!).toBeGreaterThan(0.05);
    expect(Math.abs(test[2]! - test[0]! - 0.143)).toBeLessThanOrEqual(0.004); // "beat one by 14 percentage points"
    // Live chart every 100 steps; the compared chart has one line with four depths on it.
    const live = rec.chartNamed('Test accuracy during training');
    expect(live.points).toHaveLength(15);
    expect(live.series).toEqual(['1 hidden layer', '2 hidden layers', '4 hidden layers', '8 hidden layers']);
    const final = rec.plotNamed('Test accuracy against depth (same number of weights)') as LinePlot;
    expect(final.compare).toBe(true);
    expect(final.series[0]!.points.map(([d, a]) => [d, Number(a.toFixed(3))])).toEqual([1, 2, 4, 8].map((d, i) => [d, test[i]]));
    // The task and four maps of the board.
    expect(rec.images).toHaveLength(5);
    expect(rec.images[0]!.label).toBe('the task');
  }, 600_000);

  // The chapter's caveat that on this board depth bought speed, not representational power. Three times the
  // default training costs about 55 s of CPU, more than this file's whole budget, so it runs only on request:
  //   LABS_LONG=1 npx vitest run tests/unit/labs-q01.test.ts
  // (the construction test below checks the reason, a one-layer network that colours the board exactly, cheaply).
  it.runIf(process.env.LABS_LONG === '1')(
    'given three times as many steps, the single wide layer catches up with two and four layers',
    async () => {
      const rec = await runExample('depth-vs-width', { params: { steps: 4500 } });
      cleanRun(rec);
      const test = rows(rec, 'Result').map((r) => Number(r['test accuracy']));
      expect(test).toEqual([0.942, 0.951, 0.947, 0.906]); // "94.2 %"
      expect(test[0]!).toBeGreaterThan(0.928); // more than four layers reached in the default 1,500 steps
      expect(Math.max(test[1]!, test[2]!) - test[0]!).toBeLessThan(0.01); // "within a point"
    },
    900_000,
  );
});

describe('numbers the chapter computes', () => {
  it('the folding figure: each layer of two units doubles the pieces; one layer needs one unit per kink', () => {
    expect(tent(0)).toBe(0);
    expect(tent(0.5)).toBe(1);
    expect(tent(1)).toBe(0);
    expect(tent(0.25)).toBeCloseTo(0.5, 12);
    for (const layers of [1, 2, 3, 4, 5]) {
      const pieces = countPieces((x) => foldedTent(x, layers), 0, 1, 1024);
      expect(pieces).toBe(2 ** layers);
      expect(unitsNeeded(layers)).toEqual({ deep: 2 * layers, shallow: 2 ** layers - 1, pieces: 2 ** layers });
    }
  });

  it('one hidden layer of 4n ReLU units colours an n × n board exactly: two zigzags along the diagonals', () => {
    for (const n of [2, 3, 6, 7, 10]) {
      const net = checkerboardOneLayer(n);
      expect(net.units).toHaveLength(4 * n);
      expect(net.weights).toBe(16 * n + 1);
      // Every point of a fine grid (off the square edges) gets its square's colour.
      const side = 10 * n;
      for (let i = 0; i < side; i++) {
        for (let j = 0; j < side; j++) {
          const u = ((i + 0.5) / side) * n;
          const v = ((j + 0.5) / side) * n;
          const even = (Math.floor(u) + Math.floor(v)) % 2 === 0;
          expect(oneLayerOutput(net, u, v) > 0).toBe(even);
        }
      }
    }
    // The numbers the chapter quotes for the lab's 6 × 6 board.
    expect([q01.boardCells, q01.boardUnits, q01.boardWeights]).toEqual([6, 24, 97]);
  });

  it('the lab’s four networks: the width closest to the budget for each depth', () => {
    expect(LAB_BUDGET).toBe(2500);
    expect(labNetworks.map((n) => n.width)).toEqual([625, 48, 28, 18]);
    expect(labNetworks.map((n) => n.weights)).toEqual([2501, 2545, 2549, 2467]);
    // Brute force: no other width comes closer.
    for (const n of labNetworks) {
      for (let w = 1; w < 800; w++) expect(Math.abs(weightsOf(n.depth, w) - LAB_BUDGET)).toBeGreaterThanOrEqual(Math.abs(n.weights - LAB_BUDGET));
    }
    // One hidden layer of w units has 2w + w weights and biases into it and w + 1 out of it.
    expect(weightsOf(1, 625)).toBe(4 * 625 + 1);
    expect(widthFor(2, 1200)).toBe(32);
  });

  it('every network in Figure 2 has a source in the chapter’s frontmatter, and the ratios the text quotes', () => {
    const chapter = readFileSync('docs/01-depth.mdx', 'utf8');
    const ids = new Set([...chapter.matchAll(/^ {2}- id: ([a-z0-9-]+)$/gm)].map((m) => m[1]));
    for (const n of networkDepths) expect(ids.has(n.source), `${n.name}: ${n.source}`).toBe(true);
    expect(q01.alexnetDepth).toBe(8);
    expect(q01.resnetDepth).toBe(152);
    expect(q01.resnetOverVgg).toBe(8); // "8× deeper than VGG nets"
    expect(Math.round(q01.resnetDepth / q01.alexnetDepth)).toBe(19); // Figure 2's caption
  });
});
