/**
 * Chapter 9's labs in the real sandbox, run from the chapter page with small settings set through
 * their controls (a few seconds each on WASM), plus the page's accessibility and narrow-screen checks.
 * The scientific claims on the default settings are asserted in tests/unit/labs-q09.test.ts.
 *
 *   node scripts/build-runtime.mjs && npx astro build && npx pagefind --site dist
 *   TEST_PORT=4409 npx playwright test tests/browser/q09.spec.ts
 */
import type { Locator } from '@playwright/test';
import { test, expect } from './fixtures.ts';
import { axeViolations, chapterPlayground, chooseBackend, memoryLine, run, setControl } from './playground-helpers.ts';

const CHAPTER = '/questions/09-relu/';

/** The drawn chart (an SVG image) of a plot of this kind, found by its title. */
function plotSvg(pg: Locator, kind: 'line' | 'bar' | 'heatmap', title: string): Locator {
  return pg
    .locator(`[data-output] figure.pg-plot.pg-plot-${kind}`)
    .filter({ has: pg.page().locator('figcaption', { hasText: title }) })
    .locator('svg[role="img"]');
}

async function runSmall(pg: Locator, settings: Record<string, number>): Promise<string> {
  await chooseBackend(pg, 'wasm');
  for (const [name, value] of Object.entries(settings)) await setControl(pg, name, value);
  const out = await run(pg, 150_000);
  expect(out).not.toMatch(/^Error/m);
  const { before, after } = memoryLine(out);
  expect(after, 'tensors left after the run').toBe(before);
  return out;
}

test('the activation race runs from the chapter page and draws the race and its finish', async ({ page }) => {
  test.setTimeout(180_000);
  const pg = await chapterPlayground(page, '09-relu', 'activation-race');
  const out = await runSmall(pg, { depth: 3, width: 16, steps: 50 });
  expect(out).toContain('3 hidden layers of 16 units, 2048 digits');
  await expect(plotSvg(pg, 'line', 'Training loss (smoothed)')).toBeVisible();
  await expect(plotSvg(pg, 'bar', 'Steps to reach loss 0.5')).toBeVisible();
  // The table names all four contestants.
  const table = pg.locator('[data-output] > .pg-table');
  for (const name of ['sigmoid', 'tanh', 'relu', 'leaky relu']) await expect(table).toContainText(name);
  await expect(pg.locator('[data-output] progress[max="50"]')).toHaveAttribute('value', '50');
});

test('the vanishing-gradients lab draws every layer’s gradient on log axes', async ({ page }) => {
  test.setTimeout(180_000);
  const pg = await chapterPlayground(page, '09-relu', 'vanishing-gradients');
  const out = await runSmall(pg, { depth: 4, width: 16, steps: 10 });
  expect(out).toMatch(/times smaller with sigmoid \(about \d+ orders of magnitude\)/);
  for (const title of ['Gradient per layer at initialisation', 'Gradient reaching layer 1 during training', 'Gradient per layer after 10 steps']) {
    await expect(plotSvg(pg, 'line', title)).toBeVisible();
  }
  await expect(pg.locator('[data-output] > .pg-table')).toContainText('layer 1 ÷ last, start');
});

test('the dead-units lab counts silent units at two learning rates and shows each layer’s histogram', async ({ page }) => {
  test.setTimeout(180_000);
  const pg = await chapterPlayground(page, '09-relu', 'dead-relus');
  const out = await runSmall(pg, { depth: 4, width: 16, steps: 20 });
  expect(out).toMatch(/% of units are silent at learning rate 0\.01 and [\d.]+ % at 0\.1/);
  await expect(plotSvg(pg, 'line', 'Silent units during training')).toBeVisible();
  await expect(plotSvg(pg, 'line', 'Training loss (smoothed)')).toBeVisible();
  await expect(plotSvg(pg, 'bar', 'Silent units per layer')).toBeVisible();
  await expect(plotSvg(pg, 'heatmap', 'Outputs of each layer')).toHaveCount(2);
  await expect(pg.locator('[data-output] > .pg-table')).toContainText('silent in layer 1');
});

test('the chapter shows its four figures with text alternatives', async ({ page }) => {
  await page.goto(CHAPTER);
  for (const n of [1, 2, 3, 4]) await expect(page.locator('figure figcaption', { hasText: `Figure ${n}.` })).toHaveCount(1);
  // Every drawn figure is an image with a name that states its numbers.
  const svgs = page.locator('main figure svg[role="img"]');
  expect(await svgs.count()).toBeGreaterThanOrEqual(10);
  await expect(page.locator('svg[role="img"] desc', { hasText: 'with sigmoid units' })).toHaveCount(1);
});

for (const theme of ['light', 'dark'] as const) {
  test(`the chapter page has no axe violations in the ${theme} theme`, async ({ page }) => {
    test.setTimeout(240_000); // axe walks every node of a long page with three code listings; slow on a busy machine
    await page.emulateMedia({ colorScheme: theme });
    await page.goto(CHAPTER, { waitUntil: 'networkidle' });
    await expect(page.locator('html')).toHaveAttribute('data-theme', theme);
    expect(await axeViolations(page)).toEqual([]);
  });
}

test('no horizontal scroll at a 390 px viewport', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(CHAPTER, { waitUntil: 'networkidle' });
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
});
