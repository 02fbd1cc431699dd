/**
 * Every example runs in Node against a recording sink, on the WASM backend, and must show what it
 * promises. (The browser tests run them again in the real sandbox on each backend.)
 */
import { readdirSync, readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { examples } from '../../playground/examples/registry.ts';
import { initBackend } from '../../playground/runtime/backends.ts';
import { exampleChecks } from './support/example-checks.ts';
import { KERNELS } from '../../playground/examples/meta/kernels.ts';
import { correlation } from './support/model-inputs.ts';
import { runExample } from './support/run-example.ts';
import { needTinyDarknet } from './support/tiny-darknet.ts';

beforeAll(async () => {
  await initBackend('wasm');
});

describe('examples', () => {
  it('every example file has a registry entry, and vice versa', () => {
    const files = readdirSync('playground/examples')
      .filter((f) => f.endsWith('.ts') && f !== 'registry.ts')
      .map((f) => f.replace(/\.ts$/, ''));
    expect(files.sort()).toEqual(examples.map((e) => e.id).sort());
  });

  it('every example runs in a Node test and in a browser test (named in tests/unit and tests/browser)', () => {
    const text = (dir: string) =>
      readdirSync(dir, { recursive: true, encoding: 'utf8' })
        .filter((f) => /\.(test|spec)\.ts$/.test(f) || f.startsWith('support/'))
        .map((f) => readFileSync(`${dir}/${f}`, 'utf8'))
        .join('\n');
    const unit = text('tests/unit');
    const browser = text('tests/browser');
    for (const { id } of examples) {
      expect(unit.includes(`'${id}'`), `${id} in tests/unit`).toBe(true);
      expect(browser.includes(`'${id}'`), `${id} in tests/browser`).toBe(true);
    }
  });

  // Examples with a check in support/example-checks.ts; chapter labs have test files of their own.
  for (const example of examples.filter((e) => e.id in exampleChecks)) {
    const check = exampleChecks[example.id];
    it(`${example.id} runs, shows what it promises, and leaks no tensors`, async (ctx) => {
      if (check?.needsTinyDarknet) needTinyDarknet(ctx);
      const rec = await runExample(example.id, check?.inputs?.());
      expect(rec.logs.filter((l) => l.level === 'error')).toEqual([]);
      expect(rec.leakedTensors, 'tensors left alive at the end of the run').toBeLessThanOrEqual(check?.leakAllowance ?? 0);
      await check!.verify(rec);
    });
  }
});

describe('kernel-demo', () => {
  it('with its default (identity) kernel, the filtered picture is the picture', async () => {
    const rec = await runExample('kernel-demo');
    const [, grey, filtered] = rec.images;
    // The same picture, only stretched to black…white: perfectly correlated.
    const red = (rgba: Uint8ClampedArray) => rgba.filter((_, i) => i % 4 === 0);
    expect(correlation(red(grey!.rgba), red(filtered!.rgba))).toBeGreaterThan(0.999);
    expect(rec.text()).toContain('Kernel sum 1: flat regions keep their brightness');
  });

  it('every preset is 5×5 and the centre-surround and Gabor presets sum to zero', async () => {
    for (const [name, k] of Object.entries(KERNELS)) {
      expect(k.length, name).toBe(5);
      for (const row of k) expect(row.length, name).toBe(5);
    }
    for (const k of [KERNELS.centreSurround, KERNELS.gaborVertical, KERNELS.gabor45]) {
      expect(Math.abs(k.flat().reduce((a, b) => a + b, 0))).toBeLessThan(1e-9);
    }
  });
});
