/**
 * Chapter 5's labs from the chapter page, in the real sandbox on WASM: the layer explorer fills its
 * table and bar charts (and switches network from its menu), the 1×1 mixer shows its channels and
 * the bottleneck table, the pooling lab draws its curves and maps. Also the four figures. The
 * scientific claims on the default settings are asserted in tests/unit/labs-q05.test.ts; axe and
 * the 390 px check run for every page in site.spec.ts and reading.spec.ts.
 *
 *   node scripts/build-runtime.mjs && npx astro build && npx pagefind --site dist
 *   TEST_PORT=4415 npx playwright test tests/browser/q05.spec.ts
 */
import type { Locator } from '@playwright/test';
import { test, expect } from './fixtures.ts';
import { chapterPlayground, memoryLine, run, setControl } from './playground-helpers.ts';

const CHAPTER = '/questions/05-layer-types/';

function plotSvg(pg: Locator, kind: string, title: string): Locator {
  return pg
    .locator(`[data-output] figure.pg-plot.pg-plot-${kind}`)
    .filter({ has: pg.page().locator('figcaption', { hasText: title }) })
    .locator('svg');
}

async function cleanRun(pg: Locator): Promise<string> {
  const out = await run(pg, 120_000);
  expect(out).not.toMatch(/^Error/m);
  const { before, after } = memoryLine(out);
  expect(after, 'tensors left after the run').toBe(before);
  return out;
}

test('the layer explorer counts VGG-16, then AlexNet from its menu', async ({ page }) => {
  test.setTimeout(120_000);
  const pg = await chapterPlayground(page, '05-layer-types', 'layer-explorer', 'wasm');
  const out = await cleanRun(pg);
  expect(out).toContain('VGG-16: 138,357,544 parameters');
  await expect(pg.locator('[data-output] .pg-table')).toContainText('fc6');
  await expect(plotSvg(pg, 'bar', 'Parameters per layer').first()).toBeVisible();
  await expect(plotSvg(pg, 'bar', 'Share of parameters and of multiply-adds').first()).toBeVisible();
  // A live lab: choosing another network reruns it.
  await setControl(pg, 'preset', 'alexnet');
  await expect(pg.locator('[data-output]')).toContainText('AlexNet: 60,965,224 parameters', { timeout: 60_000 });
});

test('the 1×1 lab mixes colours into three channels and tabulates the bottleneck', async ({ page }) => {
  test.setTimeout(120_000);
  const pg = await chapterPlayground(page, '05-layer-types', 'one-by-one', 'wasm');
  const out = await cleanRun(pg);
  expect(out).toContain('The bottleneck needs 9.7× fewer parameters');
  // The picture, then its three mixed channels.
  await expect(pg.locator('[data-output] .pg-image-grid canvas')).toHaveCount(4);
  await expect(pg.locator('[data-output] .pg-table')).toContainText('15,920');
  await expect(plotSvg(pg, 'bar', 'Cost of the 5×5 path')).toBeVisible();
});

test('the pooling lab draws how much the maps change, and the maps themselves', async ({ page }) => {
  test.setTimeout(120_000);
  const pg = await chapterPlayground(page, '05-layer-types', 'pooling-shifts', 'wasm');
  await setControl(pg, 'maxShift', 2);
  const out = await cleanRun(pg);
  expect(out).toMatch(/A 1-pixel shift changes the unpooled maps by 0\.\d\d, after 2×2 max pooling by 0\.\d\d/);
  await expect(plotSvg(pg, 'line', 'How much the feature maps change')).toBeVisible();
  await expect(pg.locator('[data-output] .pg-image-grid canvas')).toHaveCount(6);
  await expect(pg.locator('[data-output] .pg-table')).toContainText('global max pool');
});

test('the ablations train four networks and compare them', async ({ page }) => {
  test.setTimeout(180_000);
  const pg = await chapterPlayground(page, '05-layer-types', 'layer-ablations', 'wasm');
  await setControl(pg, 'steps', 25);
  await setControl(pg, 'filters', 8);
  const out = await cleanRun(pg);
  expect(out).toMatch(/pooling \+ global average: [\d,]+ parameters/);
  await expect(plotSvg(pg, 'line', 'Accuracy on 500 validation digits')).toBeVisible();
  await expect(plotSvg(pg, 'bar', 'Validation accuracy')).toBeVisible();
  await expect(pg.locator('[data-output] .pg-table')).toContainText('strided conv + dense head');
});

test('the chapter shows its four figures with text alternatives', async ({ page }) => {
  await page.goto(CHAPTER);
  for (const n of [1, 2, 3, 4]) await expect(page.locator('figure figcaption', { hasText: `Figure ${n}.` })).toHaveCount(1);
  await expect(page.locator('main figure svg[role="img"] desc', { hasText: 'fully connected layers hold 89.4 %' })).toHaveCount(1);
  await expect(page.locator('main figure svg[role="img"] desc', { hasText: '15,920 parameters' })).toHaveCount(1);
  await expect(page.locator('main figure svg[role="img"] desc', { hasText: 'exactly the same' })).toHaveCount(1);
});
