import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../playground/runtime/backends.ts';
import { data, type Mnist } from '../../playground/runtime/data.ts';
import { countCorrect } from '../../scripts/book-recipe.ts';
import { DEFAULT_OUT_DIR, loadModelFromDir, trainBookCnn } from '../../scripts/train-book-cnn.ts';

interface Provenance {
  seed: number;
  epochs: number;
  paramCount: number;
  validationAccuracy: number;
  validationCorrect: number;
  testAccuracy: number;
  testCorrect: number;
  testCount: number;
  backend: string;
  tfjsVersion: string;
  architecture: Array<{ name: string; type: string; params: number }>;
  data: { imagesSha256: string; labelsSha256: string };
}

const provenance = JSON.parse(readFileSync(join(DEFAULT_OUT_DIR, 'provenance.json'), 'utf8')) as Provenance;

describe('book CNN', () => {
  let mnist: Mnist;

  beforeAll(async () => {
    expect(await initBackend('wasm')).toBe('wasm');
    mnist = await data.mnist({ splits: ['validation', 'test'], progress: false });
  });
  afterAll(() => mnist?.dispose());

  it('committed model: loads on WASM, fits the size budget and reproduces its recorded accuracy', async () => {
    const files = ['model.json', 'weights.bin', 'provenance.json'];
    const total = files.reduce((sum, f) => sum + statSync(join(DEFAULT_OUT_DIR, f)).size, 0);
    expect(total).toBeLessThanOrEqual(2 * 1024 * 1024);

    const model = await loadModelFromDir(DEFAULT_OUT_DIR);
    expect(model.countParams()).toBe(provenance.paramCount);
    expect(model.layers.map((l) => l.name)).toEqual(provenance.architecture.map((l) => l.name));
    expect(model.getLayer('conv1').getClassName()).toBe('Conv2D');
    expect(model.inputs[0]!.shape).toEqual([null, 28, 28, 1]);
    expect(model.outputs[0]!.shape).toEqual([null, 10]);

    // It was trained on the assets that are committed now.
    expect(provenance.data.imagesSha256).toBe(mnist.meta.files.images.sha256);
    expect(provenance.data.labelsSha256).toBe(mnist.meta.files.labels.sha256);

    const testCorrect = countCorrect(model, mnist.test.xs, mnist.test.labels);
    const validationCorrect = countCorrect(model, mnist.validation.xs, mnist.validation.labels);
    // Within 0.1 percentage points (one image of 1,000); on the same backend it is exact.
    expect(Math.abs(testCorrect - provenance.testCorrect)).toBeLessThanOrEqual(1);
    expect(Math.abs(validationCorrect - provenance.validationCorrect)).toBeLessThanOrEqual(1);
    expect(testCorrect / mnist.test.count).toBeGreaterThanOrEqual(0.985);
    expect(provenance.testAccuracy).toBeGreaterThanOrEqual(0.985);
    model.dispose();
  });

  it('training script: one epoch on 512 examples trains and writes a loadable model', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'book-cnn-'));
    try {
      const lines: string[] = [];
      const result = await trainBookCnn({ epochs: 1, limit: 512, outDir: dir, log: (l) => lines.push(l) });
      expect(result.history).toHaveLength(1);
      expect(Number.isFinite(result.history[0]!.loss)).toBe(true);
      expect(result.paramCount).toBe(provenance.paramCount);
      // Far above chance (10 %) after 8 steps.
      expect(result.validationAccuracy).toBeGreaterThan(0.3);
      for (const f of ['model.json', 'weights.bin', 'provenance.json']) expect(existsSync(join(dir, f))).toBe(true);
      const written = JSON.parse(readFileSync(join(dir, 'provenance.json'), 'utf8')) as Provenance & { trainExamples: number };
      expect(written).toMatchObject({ epochs: 1, trainExamples: 512, backend: 'wasm', testCorrect: result.testCorrect });

      // The saved files give back the trained model's predictions.
      const reloaded = await loadModelFromDir(dir);
      expect(countCorrect(reloaded, mnist.test.xs, mnist.test.labels)).toBe(result.testCorrect);
      reloaded.dispose();
      result.model.dispose();
      expect(lines.some((l) => l.startsWith('epoch 1/1'))).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
