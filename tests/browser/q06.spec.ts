/**
 * Chapter 6's labs from the chapter page, in the real sandbox on WASM, with small settings set
 * through their controls: the scaling lab draws its chart, both heatmaps and its 20-row table; the
 * double-descent lab its two error curves and table; the residual lab its loss curves, bars and table. Also the three figures. The scientific claims
 * on the default settings are asserted in tests/unit/labs-q06.test.ts; axe and the 390 px check run
 * for every page in site.spec.ts and reading.spec.ts.
 *
 *   node scripts/build-runtime.mjs && npx astro build && npx pagefind --site dist
 *   TEST_PORT=4416 npx playwright test tests/browser/q06.spec.ts
 */
import type { Locator } from '@playwright/test';
import { test, expect } from './fixtures.ts';
import { chapterPlayground, memoryLine, run, setControl } from './playground-helpers.ts';

const CHAPTER = '/questions/06-bigger/';

/** The drawn chart (an SVG) of a plot of this kind, found by its title. */
function plotSvg(pg: Locator, kind: string, title: string): Locator {
  return pg.locator(`[data-output] figure.pg-plot.pg-plot-${kind}`, { hasText: title }).locator('svg').first();
}

test('the scaling lab trains its grid from the chapter and draws the chart, the heatmaps and the table', async ({ page }) => {
  test.setTimeout(300_000);
  const pg = await chapterPlayground(page, '06-bigger', 'scaling-grid', 'wasm');
  await setControl(pg, 'steps', 50);
  const output = await run(pg, 240_000);
  expect(output).not.toMatch(/^Error/m);
  expect(output).toContain('8,000 digits: the best network has');
  const { before, after } = memoryLine(output);
  expect(after).toBe(before);
  await expect(plotSvg(pg, 'line', 'Accuracy against the number of weights')).toBeVisible();
  await expect(plotSvg(pg, 'heatmap', 'Test accuracy (%)')).toBeVisible();
  await expect(plotSvg(pg, 'heatmap', 'Train minus test accuracy')).toBeVisible();
  await expect(pg.locator('[data-output] .pg-table tbody tr')).toHaveCount(20);
});

test('the double-descent lab fits its networks from the chapter and draws both error curves', async ({ page }) => {
  test.setTimeout(180_000);
  const pg = await chapterPlayground(page, '06-bigger', 'double-descent', 'wasm');
  await setControl(pg, 'trainSize', 100);
  const output = await run(pg, 120_000);
  expect(output).not.toMatch(/^Error/m);
  expect(output).toMatch(/100 training digits, \d+ of them with a wrong label\./);
  const { before, after } = memoryLine(output);
  expect(after).toBe(before);
  await expect(plotSvg(pg, 'line', 'Misclassified digits (%)')).toBeVisible();
  await expect(plotSvg(pg, 'line', 'Squared error of the outputs')).toBeVisible();
  await expect(pg.locator('[data-output] .pg-table tbody tr')).toHaveCount(15);
});

test('the residual lab trains three stacks from the chapter and compares their losses', async ({ page }) => {
  test.setTimeout(300_000);
  const pg = await chapterPlayground(page, '06-bigger', 'residual-stack', 'wasm');
  await setControl(pg, 'depth', 8);
  await setControl(pg, 'steps', 50);
  const output = await run(pg, 180_000);
  expect(output).not.toMatch(/^Error/m);
  expect(output).toContain('After 50 steps the 8-layer plain stack ends at a training loss of');
  const { before, after } = memoryLine(output);
  expect(after).toBe(before);
  await expect(plotSvg(pg, 'line', 'Training loss')).toBeVisible();
  await expect(plotSvg(pg, 'bar', 'Training loss after the last step')).toBeVisible();
  const rows = pg.locator('[data-output] .pg-table tbody tr');
  await expect(rows).toHaveCount(3);
  await expect(rows.nth(2)).toContainText('residual, 8 layers');
});

test('the chapter shows its three figures with text alternatives', async ({ page }) => {
  await page.goto(CHAPTER);
  for (const id of ['fig-double-descent', 'fig-residual-block', 'fig-neuron-counts']) {
    const svg = page.locator(`figure#${id} svg[role="img"]`);
    await expect(svg).toBeVisible();
    await expect(svg.locator('desc')).not.toBeEmpty();
  }
  // The double-descent curve is drawn from computed points, not a blank path.
  const d = await page.locator('figure#fig-double-descent path.dd-test').getAttribute('d');
  expect(d?.split('L').length).toBeGreaterThan(50);
});
