/**
 * Chapter 4's labs in Node (WASM backend), on their default settings and seed: the results the
 * chapter states must hold here. About 30 s of CPU on an idle machine (the two training labs).
 *
 *   npx vitest run tests/unit/labs-q04.test.ts
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../playground/runtime/backends.ts';
import { mulberry32 } from '../../playground/runtime/random.ts';
import type { BarPlot, ImageMessage, LinePlot } from '../../playground/shared/messages.ts';
import type { Recording } from './support/recording-sink.ts';
import { runExample } from './support/run-example.ts';
import { needTinyDarknet } from './support/tiny-darknet.ts';

beforeAll(async () => {
  await initBackend('wasm');
});

function cleanRun(rec: Recording & { leakedTensors: number }): void {
  expect(rec.logs.filter((l) => l.level === 'error')).toEqual([]);
  expect(rec.leakedTensors, 'tensors left alive at the end of the run').toBe(0);
}

function rows(rec: Recording, caption: string): Array<Record<string, string | number>> {
  const t = rec.tables.find((x) => x.caption === caption);
  if (!t) throw new Error(`no table ${caption}`);
  return t.rows.map((r) => Object.fromEntries(t.columns.map((c, i) => [c, r[i]!])));
}

/** The tiles of a filter grid image (padding 1 around and between tiles), grey values centred on each tile's mean. */
function tilesOf(image: ImageMessage, size: number): number[][] {
  const per = Math.round((image.width - 1) / (size + 1));
  const tiles: number[][] = [];
  for (let row = 0; row < per; row++) {
    for (let col = 0; col < per; col++) {
      const t: number[] = [];
      for (let y = 0; y < size; y++) {
        for (let x = 0; x < size; x++) t.push(image.rgba[4 * ((1 + row * (size + 1) + y) * image.width + 1 + col * (size + 1) + x)]!);
      }
      const mean = t.reduce((a, b) => a + b, 0) / t.length;
      tiles.push(t.map((v) => v - mean));
    }
  }
  return tiles;
}

/**
 * An independent, fit-free test of "localised and oriented", computed here rather than by the lab:
 * - spread: the RMS distance of the filter's energy from its centre, relative to the same for a
 *   filter whose energy is spread evenly over the patch (≈ 1 for noise, small for a local blob);
 * - orientation: how much of the spectrum's power lies along one orientation (the length of the
 *   power-weighted mean of e^{2iφ} over frequencies; 0 for no preferred orientation, 1 for a grating).
 */
function shapeOf(w: number[], n: number): { spread: number; orientation: number } {
  let [e, cx, cy] = [0, 0, 0];
  w.forEach((v, i) => {
    e += v * v;
    cx += (i % n) * v * v;
    cy += Math.floor(i / n) * v * v;
  });
  [cx, cy] = [cx / e, cy / e];
  let m2 = 0;
  w.forEach((v, i) => {
    m2 += ((i % n) - cx) ** 2 * v * v + (Math.floor(i / n) - cy) ** 2 * v * v;
  });
  const uniform = Math.sqrt(2 * ((n * n - 1) / 12));
  let [re2, im2, total] = [0, 0, 0];
  for (let ky = 0; ky < n; ky++) {
    for (let kx = -n; kx < n; kx++) {
      if (ky === 0 && kx <= 0) continue;
      let [re, im] = [0, 0];
      w.forEach((v, i) => {
        const p = (2 * Math.PI * (kx * (i % n) + ky * Math.floor(i / n))) / (2 * n);
        re += v * Math.cos(p);
        im -= v * Math.sin(p);
      });
      const power = re * re + im * im;
      const phi = Math.atan2(ky, kx);
      re2 += power * Math.cos(2 * phi);
      im2 += power * Math.sin(2 * phi);
      total += power;
    }
  }
  return { spread: Math.sqrt(m2 / e) / uniform, orientation: Math.hypot(re2, im2) / total };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

describe('sparse-coding', () => {
  it('learns localised, oriented, Gabor-like filters from the dead-leaves image on the default settings', async () => {
    const rec = await runExample('sparse-coding');
    cleanRun(rec);
    // The lab's own Gabor fit: before learning none of the 64 random filters is Gabor-like, after it most are.
    const fits = rows(rec, 'How well a Gabor function fits each filter');
    expect(fits[0]!['Gabor-like (R² ≥ 0.8)']).toBe('0 of 64');
    const learned = Number(String(fits[1]!['Gabor-like (R² ≥ 0.8)']).split(' ')[0]);
    expect(learned).toBeGreaterThanOrEqual(32);
    expect(Number(fits[1]!['median R²'])).toBeGreaterThan(0.8);
    // The live chart's Gabor count rises as the filters form.
    const gabor = rec
      .chartNamed('Learning a sparse code')
      .points.filter((p) => 'Gabor-like filters' in p.values)
      .map((p) => p.values['Gabor-like filters']!);
    expect(gabor[0]!).toBeLessThan(gabor.at(-1)!);
    // "after 50 steps about a quarter of them already pass" (0.28 on the default seed).
    const at50 = rec.chartNamed('Learning a sparse code').points.find((p) => p.x === 50)!.values['Gabor-like filters']!;
    expect(at50).toBeGreaterThan(0.15);
    expect(at50).toBeLessThan(0.45);

    // An independent check on the filters as shown: localised (energy in a small part of the patch)
    // and oriented (spectrum along one orientation), unlike random filters of the same size.
    const grid = rec.images.filter((i) => i.label === 'learned filters').at(-1)!;
    const learnedShapes = tilesOf(grid, 12).map((t) => shapeOf(t, 12));
    expect(learnedShapes).toHaveLength(64);
    const random = mulberry32(7);
    const noiseShapes = Array.from({ length: 64 }, () =>
      shapeOf(
        Array.from({ length: 144 }, () => random() - 0.5),
        12,
      ),
    );
    const summary = (s: typeof learnedShapes) => ({ spread: median(s.map((x) => x.spread)), orientation: median(s.map((x) => x.orientation)) });
    const [mine, noise] = [summary(learnedShapes), summary(noiseShapes)];
    expect(noise.spread).toBeGreaterThan(0.9);
    expect(mine.spread).toBeLessThan(0.75 * noise.spread);
    // Measured on the default seed: spread 0.65 against 0.99 for noise, orientation 0.59 against 0.10.
    expect(noise.orientation).toBeLessThan(0.2);
    expect(mine.orientation).toBeGreaterThan(0.45);
    expect(rec.text()).toMatch(/\d+ of 64 learned filters are Gabor-like/);
  }, 300_000);

  it('with no sparsity (λ = 0) the filters stay spread over the patch and none becomes Gabor-like', async () => {
    const rec = await runExample('sparse-coding', { params: { sparsity: 0 } });
    cleanRun(rec);
    const fits = rows(rec, 'How well a Gabor function fits each filter');
    expect(Number(String(fits[1]!['Gabor-like (R² ≥ 0.8)']).split(' ')[0])).toBeLessThanOrEqual(4);
    const grid = rec.images.filter((i) => i.label === 'learned filters').at(-1)!;
    const spread = median(tilesOf(grid, 12).map((t) => shapeOf(t, 12).spread));
    expect(spread).toBeGreaterThan(0.85);
  }, 300_000);
});

describe('chosen-vs-learned', () => {
  it('Gabor, random and learned first layers all reach within a few points of each other on digits (default seed)', async () => {
    const rec = await runExample('chosen-vs-learned');
    cleanRun(rec);
    const bars = rec.plotNamed('Validation accuracy after 300 steps') as BarPlot;
    expect(bars.categories).toEqual(['learned', 'random, fixed', 'Gabor, fixed']);
    const [learned, random, gabor] = bars.series[0]!.values as [number, number, number];
    for (const a of [learned, random, gabor]) expect(a).toBeGreaterThan(0.9);
    expect(Math.max(learned, random, gabor) - Math.min(learned, random, gabor)).toBeLessThan(0.035);
    // Freezing removes exactly the first layer's 8 × 5 × 5 weights and 8 biases from training.
    const table = rows(rec, 'Same network, three first layers');
    expect(Number(table[0]!['trainable parameters']) - Number(table[1]!['trainable parameters'])).toBe(8 * 25 + 8);
    expect(table[1]!['trainable parameters']).toBe(table[2]!['trainable parameters']);
    // Fixed filters really stay fixed: the before and after images of the frozen layers are identical.
    const before = rec.images.filter((i) => i.label.endsWith('(before training)'));
    const after = rec.images.filter((i) => i.label.endsWith('(after 300 steps)'));
    expect(before).toHaveLength(3);
    expect(after).toHaveLength(3);
    expect(after[1]!.rgba).toEqual(before[1]!.rgba);
    expect(after[2]!.rgba).toEqual(before[2]!.rgba);
    expect(after[0]!.rgba).not.toEqual(before[0]!.rgba);
    // The chapter: the three finish within a few points; Gabor first, learned second, random last on this seed.
    expect(gabor).toBeGreaterThan(learned);
    expect(learned).toBeGreaterThan(random);
    const r = Number(rec.text().match(/still correlates r = ([\d.]+)/)![1]);
    // "still correlate r = 0.73 with their random starting values"
    expect(r).toBeGreaterThan(0.6);
    expect(r).toBeLessThan(0.85);
  }, 300_000);

  it('the Sobel bank works too on a short run', async () => {
    const rec = await runExample('chosen-vs-learned', { params: { chosen: 'edges', steps: 50 } });
    cleanRun(rec);
    const bars = rec.plotNamed('Validation accuracy after 50 steps') as BarPlot;
    expect(bars.categories[2]).toBe('edges, fixed');
    for (const a of bars.series[0]!.values) expect(a).toBeGreaterThan(0.5);
  }, 300_000);
});

describe('filter-responses', () => {
  it('shows Tiny Darknet’s 16 colour filters, a feature map for each, and which of them weigh colour', async (ctx) => {
    needTinyDarknet(ctx);
    const rec = await runExample('filter-responses');
    cleanRun(rec);
    expect(rec.text()).toContain('tiny-darknet: 16 first-layer filters of 3×3 pixels × 3 channels');
    const filters = rec.images.filter((i) => i.groupTitle === 'tiny-darknet: the 16 first-layer filters');
    const maps = rec.images.filter((i) => i.groupTitle?.startsWith('Feature maps on the picture'));
    expect(filters).toHaveLength(16);
    expect(maps).toHaveLength(16);
    for (const m of maps) {
      expect([m.width, m.height]).toEqual([224, 224]);
      const grey = Array.from({ length: m.width * m.height }, (_, i) => m.rgba[4 * i]!);
      expect(Math.max(...grey) - Math.min(...grey), `${m.label} is blank`).toBeGreaterThan(100);
    }
    // Most filters are light–dark patterns; a few are mostly colour (the chapter says so).
    const shares = rows(rec, 'What each filter weighs: brightness pattern or colour').map((r) => Number.parseInt(String(r['colour share']), 10));
    expect(shares).toHaveLength(16);
    const colourful = shares.filter((s) => s > 50).length;
    // The chapter says 5 of 16 (the weights are fixed, so this is exact).
    expect(colourful).toBe(5);
    expect(rec.text()).toContain(`${colourful} of 16 filters put more weight on colour differences`);
  }, 120_000);

  it('with the book CNN: 20 grey 5×5 filters and no colour table', async () => {
    const rec = await runExample('filter-responses', { params: { model: 'book-cnn' } });
    cleanRun(rec);
    expect(rec.text()).toContain('book-cnn: 20 first-layer filters of 5×5 pixels × 1 channel');
    expect(rec.tables).toHaveLength(0);
  }, 120_000);
});

describe('unit-physiology', () => {
  it('unit 4 is orientation-tuned, and reverse correlation recovers its weights (default settings)', async () => {
    const rec = await runExample('unit-physiology');
    cleanRun(rec);
    const text = rec.text();
    // The chapter: preferred grating 60° at 0.25 cycles/pixel, selectivity 1.00 (no response at the worst orientation).
    const [, angle, freq] = text.match(/Preferred grating: (\d+)° at ([\d.]+) cycles\/pixel/)!;
    expect(Number(angle)).toBe(60);
    expect(Number(freq)).toBe(0.25);
    const tuning = (rec.plotNamed(/^Orientation tuning/) as LinePlot).series[0]!.points.map(([, y]) => y);
    expect(tuning).toHaveLength(12);
    expect(Math.min(...tuning)).toBeLessThan(0.1 * Math.max(...tuning));
    // An independent check: the grating the unit prefers runs along the wave vector of its own weights'
    // spectral peak (computed here from the weights image, within one 15° step).
    const weights = rec.images.find((i) => i.label === 'actual weights')!;
    const w = Array.from({ length: 25 }, (_, k) => weights.rgba[4 * ((2 + Math.floor(k / 5)) * weights.width + 2 + (k % 5))]! - 128);
    let peak = { power: -1, angle: 0 };
    for (let ky = 0; ky < 16; ky++) {
      for (let kx = -16; kx < 16; kx++) {
        if (ky === 0 && kx <= 0) continue;
        let [re, im] = [0, 0];
        w.forEach((v, k) => {
          const p = (2 * Math.PI * (kx * (k % 5) + ky * Math.floor(k / 5))) / 32;
          re += v * Math.cos(p);
          im -= v * Math.sin(p);
        });
        if (re * re + im * im > peak.power) peak = { power: re * re + im * im, angle: ((Math.atan2(ky, kx) * 180) / Math.PI + 180) % 180 };
      }
    }
    const gap = Math.abs(peak.angle - Number(angle));
    expect(Math.min(gap, 180 - gap)).toBeLessThanOrEqual(15);
    // The STA converges on the weights: r = 0.99 after 8,000 frames, and better than after the first 500.
    const r = Number(text.match(/the STA correlates r = ([\d.]+)/)![1]);
    expect(r).toBeGreaterThan(0.97);
    const curve = rec.chartNamed('Recovered receptive field vs the actual weights').points.map((p) => p.values.correlation!);
    expect(curve).toHaveLength(16);
    expect(curve[0]!).toBeLessThan(curve.at(-1)!);
    // "r = 0.83 after 500 frames, 0.95 after 2,000"
    expect(curve[0]!).toBeCloseTo(0.83, 1);
    expect(curve[3]!).toBeCloseTo(0.95, 1);
    // Band-pass spatial-frequency tuning: the peak is neither the lowest nor the highest frequency tested.
    const sf = (rec.plotNamed(/^Spatial-frequency tuning/) as LinePlot).series[0]!.points.map(([, y]) => y);
    const best = sf.indexOf(Math.max(...sf));
    expect(best).toBeGreaterThan(0);
    expect(best).toBeLessThan(sf.length - 1);
    expect(sf[0]!).toBeLessThan(0.5 * sf[best]!);
    expect(sf.at(-1)!).toBeLessThan(0.5 * sf[best]!);
  }, 120_000);
});
