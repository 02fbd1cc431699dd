/**
 * Chapter 11's labs from the chapter page, in the real sandbox on WASM, with small settings chosen
 * through their controls: the regularization lab keeps a first run on its charts when a second
 * run changes the dropout rate; the random-labels lab memorises; the more-data lab draws its
 * curve and table. Also: figures, axe in both themes, no horizontal scroll at 390 px.
 *
 *   npm run build && TEST_PORT=4421 npx playwright test tests/browser/q11.spec.ts
 */
import type { Locator, Page } from '@playwright/test';
import { test, expect } from './fixtures.ts';
import { axeViolations, chapterPlayground, chooseBackend, memoryLine, run, setControl } from './playground-helpers.ts';

const CHAPTER = '/questions/11-regularization/';

/** The chapter's playground for `example`, live, on WebAssembly. */
async function lab(page: Page, example: string): Promise<Locator> {
  const pg = await chapterPlayground(page, '11-regularization', example);
  await chooseBackend(pg, 'wasm');
  return pg;
}

function plot(pg: Locator, kind: string, title: string): Locator {
  return pg.locator(`[data-output] figure.pg-plot.pg-plot-${kind}`, { hasText: title });
}

test('the regularization lab runs from the chapter and keeps an earlier run on its charts', async ({ page }) => {
  test.setTimeout(300_000);
  const pg = await lab(page, 'regularization-lab');
  await setControl(pg, 'epochs', 5);
  await setControl(pg, 'trainSize', 200);
  const first = await run(pg, 180_000);
  expect(first).not.toMatch(/^Error/m);
  expect(first).toContain('118,282 weights learn from 200 digits (40 of them, 20 %, with a wrong label).');
  const { before, after } = memoryLine(first);
  expect(after).toBe(before);
  await expect(plot(pg, 'line', 'Accuracy').locator('svg')).toBeVisible();
  await expect(plot(pg, 'line', 'Loss').locator('svg')).toBeVisible();
  await expect(plot(pg, 'bar', 'Final accuracy of every run')).toHaveCount(1);
  await expect(plot(pg, 'histogram', 'First-layer weights')).toHaveCount(1);
  // The per-run table: four rows, accuracies in percent.
  const table = pg.locator('[data-output] .pg-table');
  await expect(table.locator('tbody tr')).toHaveCount(4);
  await expect(table).toContainText('training, true labels');
  // Eight first-layer units drawn as 28×28 pictures, not blank.
  const canvases = pg.locator('[data-output] .pg-image canvas');
  await expect(canvases).toHaveCount(8);
  const distinct = await canvases.first().evaluate((c: HTMLCanvasElement) => {
    const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
    return new Set(d.filter((_, i) => i % 4 === 0)).size;
  });
  expect(distinct).toBeGreaterThan(20);

  // A second run with dropout: the first run stays on the accuracy chart, named by what changed.
  await setControl(pg, 'dropout', 0.5);
  const second = await run(pg, 180_000);
  expect(second).not.toMatch(/^Error/m);
  await expect(plot(pg, 'line', 'Accuracy')).toContainText('Dropout rate = 0.5');
  await expect(plot(pg, 'line', 'Accuracy')).toContainText(/Dropout rate = 0(?![.\d])/);
  await expect(plot(pg, 'line', 'Accuracy').locator('svg')).toBeVisible();
});

test('the random-labels lab memorises a small training set from the chapter', async ({ page }) => {
  test.setTimeout(300_000);
  const pg = await lab(page, 'random-labels');
  await setControl(pg, 'trainSize', 100);
  await setControl(pg, 'maxEpochs', 60);
  const out = await run(pg, 240_000);
  expect(out).not.toMatch(/^Error/m);
  const rows = pg.locator('[data-output] .pg-table tbody tr');
  await expect(rows).toHaveCount(2);
  await expect(rows.nth(0)).toContainText('true labels');
  await expect(rows.nth(1)).toContainText('random labels');
  // Both conditions end with every training digit "right".
  for (const i of [0, 1]) await expect(rows.nth(i)).toContainText('100.0 %');
  await expect(plot(pg, 'line', 'Accuracy on the training digits').locator('svg')).toBeVisible();
  await expect(plot(pg, 'bar', 'Final accuracy')).toHaveCount(1);
});

test('the more-data lab draws accuracy against training-set size from the chapter', async ({ page }) => {
  test.setTimeout(300_000);
  const pg = await lab(page, 'more-data');
  await setControl(pg, 'steps', 100);
  const out = await run(pg, 240_000);
  expect(out).not.toMatch(/^Error/m);
  await expect(pg.locator('[data-output] .pg-table tbody tr')).toHaveCount(5);
  await expect(plot(pg, 'line', 'Accuracy against training-set size').locator('svg')).toBeVisible();
  await expect(plot(pg, 'bar', 'What regularization adds')).toHaveCount(1);
  await expect(pg.locator('[data-output]')).toContainText('Regularization (augmentation) changed validation accuracy');
});

test('chapter 11 shows its figures, cites its sources and fits a 390 px screen', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 800 });
  await page.goto(CHAPTER);
  const figures = page.locator('figure svg[role="img"]');
  expect(await figures.count()).toBeGreaterThanOrEqual(3);
  for (const n of [1, 2, 3]) await expect(page.locator('figure figcaption', { hasText: `Figure ${n}.` })).toHaveCount(1);
  const targets = await page.locator('article a[href^="#src-"]').evaluateAll((as) => as.map((a) => a.getAttribute('href')!.slice(1)));
  for (const id of new Set(targets)) await expect(page.locator(`[id="${id}"]`)).toHaveCount(1);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow).toBeLessThanOrEqual(0);
});

for (const theme of ['light', 'dark'] as const) {
  test(`chapter 11 has no axe violations in the ${theme} theme`, async ({ page }) => {
    await page.emulateMedia({ colorScheme: theme });
    await page.goto(CHAPTER, { waitUntil: 'networkidle' });
    await expect(page.locator('html')).toHaveAttribute('data-theme', theme);
    expect(await axeViolations(page)).toEqual([]);
  });
}
