/**
 * Chapter 8's labs from the chapter page, in the real sandbox on WASM, with small settings chosen
 * through their controls: the profiler times every layer and draws its bar charts; AlexNet and
 * VGG-16 by arithmetic (live) reproduce "convolutions compute, dense layers store"; the batch lab
 * draws speed and memory. Also: the chapter's figures are there. (Axe in both themes and the 390 px
 * check run for every page in site.spec.ts and reading.spec.ts.) Times are never asserted.
 *
 *   npm run build && TEST_PORT=4418 npx playwright test tests/browser/q08.spec.ts
 */
import type { Locator } from '@playwright/test';
import { expect, test } from './fixtures.ts';
import { chapterPlayground, memoryLine, outputPlot, run, setControl } from './playground-helpers.ts';

const CHAPTER = '/questions/08-expensive-layers/';

/** Rows of the output table whose caption matches, as arrays of cell texts. */
async function tableRows(pg: Locator, caption: RegExp): Promise<string[][]> {
  const table = pg.locator('[data-output] .pg-table', { hasText: caption }).last();
  await expect(table).toBeVisible();
  return table.locator('tbody tr').evaluateAll((rows) => rows.map((r) => [...r.querySelectorAll('td, th')].map((c) => c.textContent?.trim() ?? '')));
}

test('the profiler times every layer of the book CNN and draws time, shares and layer types', async ({ page }) => {
  test.setTimeout(180_000);
  const pg = await chapterPlayground(page, '08-expensive-layers', 'layer-profiler', 'wasm');
  await setControl(pg, 'network', 'book-cnn');
  await setControl(pg, 'batch', '8');
  await setControl(pg, 'rounds', 1);
  const out = await run(pg, 150_000);
  expect(out).toMatch(/book CNN: forward [\d.]+ ms, backward [\d.]+ ms per batch/);
  expect(out).toContain('Convolutions: 94.5 % of the multiply-adds');
  const rows = await tableRows(pg, /book CNN: per layer/);
  expect(rows.map((r) => r[0])).toEqual(['conv1', 'relu1', 'pool1', 'conv2', 'relu2', 'pool2', 'dense1', 'relu3', 'dense2']);
  for (const r of rows) expect(Number(r[5]), r[0]).toBeGreaterThanOrEqual(0);
  await expect(outputPlot(pg, 'bar', 'Time per layer, book CNN').locator('svg')).toBeVisible();
  await expect(outputPlot(pg, 'bar', 'Share of each layer, book CNN').locator('svg')).toBeVisible();
  await expect(outputPlot(pg, 'bar', 'By layer type, book CNN').locator('svg')).toBeVisible();
  const { before, after } = memoryLine(out);
  expect(after).toBe(before);
});

test('AlexNet and VGG-16 by arithmetic: convolutions compute, dense layers store (live)', async ({ page }) => {
  test.setTimeout(120_000);
  const pg = await chapterPlayground(page, '08-expensive-layers', 'famous-layer-costs', 'wasm');
  await run(pg);
  const alex = await tableRows(pg, /AlexNet: convolutional against dense/);
  expect(Number(alex[0]![2])).toBeGreaterThan(85); // convolutional: % of multiply-adds
  expect(Number(alex[1]![3])).toBeGreaterThan(90); // dense: % of parameters
  await expect(outputPlot(pg, 'bar', 'AlexNet: share of each layer').locator('svg')).toBeVisible();
  // A live lab runs again when a control changes.
  await setControl(pg, 'network', 'vgg16');
  await expect(pg.locator('[data-output] .pg-table', { hasText: 'VGG-16: convolutional against dense' })).toBeVisible({ timeout: 60_000 });
  await expect(pg.locator('[data-output]')).toContainText('138,357,544 parameters');
});

test('batch size: images per second and memory of a step, drawn for each batch', async ({ page }) => {
  test.setTimeout(150_000);
  const pg = await chapterPlayground(page, '08-expensive-layers', 'batch-throughput', 'wasm');
  await setControl(pg, 'network', 'book-cnn');
  await setControl(pg, 'maxBatch', '16');
  await setControl(pg, 'seconds', 0.5);
  const out = await run(pg, 120_000);
  expect(out).toMatch(/Each extra image costs \d+ KB per step/);
  const rows = await tableRows(pg, /training steps on wasm/);
  expect(rows.map((r) => Number(r[0]))).toEqual([1, 2, 4, 8, 16]);
  const memory = rows.map((r) => Number(r[3]));
  expect(memory[4]).toBeGreaterThan(memory[0]!);
  await expect(outputPlot(pg, 'line', /^Images per second/).locator('svg')).toBeVisible();
  await expect(outputPlot(pg, 'line', /^Memory of one training step/).locator('svg')).toBeVisible();
});

test('the chapter shows its four figures with text alternatives', async ({ page }) => {
  await page.goto(CHAPTER);
  for (const title of [
    'Convolutional layers compute, dense layers store',
    'VGG-16 layer by layer',
    'One training step',
    'Multiply-adds of three layer designs',
  ]) {
    const svg = page.locator('figure svg[role="img"]', { has: page.locator('title', { hasText: title }) });
    await expect(svg, title).toHaveCount(1);
    await expect(svg.locator('desc'), title).not.toBeEmpty();
  }
  await expect(page.locator('figcaption', { hasText: 'Figure 4.' })).toBeVisible();
});
