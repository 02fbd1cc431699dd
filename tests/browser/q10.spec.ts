/**
 * Chapter 10's labs in the real sandbox, run from the chapter page with small settings set through
 * their controls (a few seconds each on WASM), plus the figures, the page's accessibility and the
 * narrow-screen check. The scientific claims on the default settings are asserted in
 * tests/unit/labs-q10.test.ts.
 *
 *   node scripts/build-runtime.mjs && npx astro build && npx pagefind --site dist
 *   TEST_PORT=4410 npx playwright test tests/browser/q10.spec.ts
 */
import AxeBuilder from '@axe-core/playwright';
import type { Locator } from '@playwright/test';
import { test, expect } from './fixtures.ts';
import { chapterPlayground, chooseBackend, memoryLine, run } from './playground-helpers.ts';

const CHAPTER = '/questions/10-cost-function/';

/** Set a range or number control by name, as a reader typing or dragging would. */
async function setControl(pg: Locator, name: string, value: number): Promise<void> {
  const input = pg.locator(`input[data-control="${name}"]`);
  await input.evaluate((el: HTMLInputElement, v) => {
    el.value = String(v);
    el.dispatchEvent(new Event('input', { bubbles: true }));
    el.dispatchEvent(new Event('change', { bubbles: true }));
  }, value);
  await expect(input).toHaveValue(String(value));
}

/** The drawn chart (an SVG image) of a plot of this kind, found by its title. */
function plotSvg(pg: Locator, kind: 'line' | 'bar', title: string | RegExp): Locator {
  return pg
    .locator(`[data-output] figure.pg-plot.pg-plot-${kind}`)
    .filter({ has: pg.page().locator('figcaption', { hasText: title }) })
    .locator('svg[role="img"]');
}

function cleanOutput(out: string): void {
  expect(out).not.toMatch(/^Error/m);
  const { before, after } = memoryLine(out);
  expect(after, 'tensors left after the run').toBe(before);
}

test('the gradient lab draws each cost’s push and redraws when a control changes', async ({ page }) => {
  test.setTimeout(120_000);
  const pg = await chapterPlayground(page, '10-cost-function', 'gradient-vs-confidence');
  await chooseBackend(pg, 'wasm');
  const out = await run(pg);
  cleanOutput(out);
  expect(out).toContain('cross-entropy pushes with 0.990, squared error with 0.039 (25 times less), hinge with 1.000');
  await expect(plotSvg(pg, 'line', /How hard each cost pushes the right score up \(10 classes/)).toBeVisible();
  await expect(plotSvg(pg, 'line', /The cost of one answer/)).toBeVisible();
  await expect(pg.locator('[data-output] .pg-table')).toContainText('right class probability');
  // A live lab: changing a control runs it again by itself.
  await pg.locator('select[data-control="rival"]').selectOption('spread');
  await expect(plotSvg(pg, 'line', /How hard each cost pushes .*all other classes/)).toBeVisible({ timeout: 60_000 });
});

test('the loss switcher trains three networks from the chapter page and compares them on shared charts', async ({ page }) => {
  test.setTimeout(180_000);
  const pg = await chapterPlayground(page, '10-cost-function', 'loss-switcher');
  await chooseBackend(pg, 'wasm');
  await setControl(pg, 'steps', 50);
  await setControl(pg, 'target', 0.5);
  const out = await run(pg, 150_000);
  cleanOutput(out);
  expect(out).toContain('3 copies of a 784–64–10 network, 2048 digits');
  expect(out).toMatch(/Cross-entropy reached 50 % after \d+ steps/);
  await expect(plotSvg(pg, 'line', 'Validation accuracy')).toBeVisible();
  await expect(plotSvg(pg, 'line', 'Training loss (smoothed) ÷ its first value')).toBeVisible();
  await expect(plotSvg(pg, 'bar', 'Steps to 50 % validation accuracy')).toBeVisible();
  const table = pg.locator('[data-output] .pg-table');
  for (const name of ['cross-entropy', 'squared error', 'hinge']) await expect(table).toContainText(name);
  await expect(pg.locator('[data-output] progress[max="50"]')).toHaveAttribute('value', '50');
});

test('the imbalance lab trains with and without class weights and shows accuracy per digit', async ({ page }) => {
  test.setTimeout(180_000);
  const pg = await chapterPlayground(page, '10-cost-function', 'class-imbalance');
  await chooseBackend(pg, 'wasm');
  await setControl(pg, 'steps', 50);
  const out = await run(pg, 150_000);
  cleanOutput(out);
  expect(out).toMatch(/Training digits kept per class: .*\(rare: 5, 6, 7, 8, 9, 2\.0 % kept\)/);
  expect(out).toMatch(/class weights: overall [\d.]+ %, rare digits [\d.]+ %/);
  await expect(plotSvg(pg, 'bar', 'Validation accuracy per digit')).toBeVisible();
  await expect(plotSvg(pg, 'line', 'Validation accuracy on the rare digits')).toBeVisible();
  await expect(pg.locator('[data-output] .pg-table')).toContainText('class weight');
});

test('the chapter shows its four figures with text alternatives', async ({ page }) => {
  await page.goto(CHAPTER);
  for (const n of [1, 2, 3, 4]) await expect(page.locator('figure figcaption', { hasText: `Figure ${n}.` })).toHaveCount(1);
  const svgs = page.locator('main figure svg[role="img"]');
  expect(await svgs.count()).toBeGreaterThanOrEqual(4);
  await expect(page.locator('svg[role="img"] desc', { hasText: 'An image of a 7' })).toHaveCount(1);
  await expect(page.locator('svg[role="img"] desc', { hasText: 'zero–one error' })).toHaveCount(1);
});

for (const theme of ['light', 'dark'] as const) {
  test(`the chapter page has no axe violations in the ${theme} theme`, async ({ page }) => {
    test.setTimeout(240_000); // axe walks every node of a long page with three code listings; slow on a busy machine
    await page.emulateMedia({ colorScheme: theme });
    await page.goto(CHAPTER, { waitUntil: 'networkidle' });
    await expect(page.locator('html')).toHaveAttribute('data-theme', theme);
    const results = await new AxeBuilder({ page }).analyze();
    expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(' | ')}`)).toEqual([]);
  });
}

test('no horizontal scroll at a 390 px viewport', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(CHAPTER, { waitUntil: 'networkidle' });
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
});
