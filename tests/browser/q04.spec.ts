/**
 * Chapter 4's labs from the chapter page, in the real sandbox on WASM, with small settings chosen
 * through their controls: Tiny Darknet's filters and feature maps (served from the local copy), a
 * short sparse-coding run, a short chosen-versus-learned comparison and the unit-physiology experiment;
 * plus the three figures.
 * The scientific claims on the default settings are asserted in tests/unit/labs-q04.test.ts; axe and
 * the 390 px check run for every page in site.spec.ts and reading.spec.ts.
 *
 *   node scripts/build-runtime.mjs && npx astro build && npx pagefind --site dist
 *   TEST_PORT=4414 npx playwright test tests/browser/q04.spec.ts
 */
import type { Locator } from '@playwright/test';
import { expect, needTinyDarknet, routeTinyDarknet, test } from './fixtures.ts';
import { chapterPlayground, memoryLine, run, setControl } from './playground-helpers.ts';

const CHAPTER = '/questions/04-filters/';

async function runClean(pg: Locator, timeout = 150_000): Promise<string> {
  const out = await run(pg, timeout);
  expect(out).not.toMatch(/^Error/m);
  const { before, after } = memoryLine(out);
  expect(after, 'tensors left after the run').toBe(before);
  return out;
}

function plotSvg(pg: Locator, kind: string, title: string): Locator {
  return pg.locator(`[data-output] figure.pg-plot.pg-plot-${kind}`, { hasText: title }).locator('svg').first();
}

test('the three figures are drawn with text alternatives', async ({ page }) => {
  await page.goto(CHAPTER);
  for (const title of ['Figure 1: a Gabor function', 'Figure 2: a patch as a sparse sum', 'Figure 3: three first layers']) {
    const svg = page.locator('figure svg[role="img"]', { has: page.locator('title', { hasText: title }) });
    await expect(svg).toHaveCount(1);
    expect(await svg.locator('rect').count()).toBeGreaterThan(100);
  }
});

test('filter-responses shows Tiny Darknet’s 16 filters, 16 feature maps and the colour table', async ({ page }) => {
  needTinyDarknet();
  test.setTimeout(180_000);
  await routeTinyDarknet(page);
  const pg = await chapterPlayground(page, '04-filters', 'filter-responses', 'wasm');
  const out = await runClean(pg);
  expect(out).toContain('tiny-darknet: 16 first-layer filters of 3×3 pixels × 3 channels');
  expect(out).toContain('5 of 16 filters put more weight on colour differences');
  await expect(pg.locator('[data-output] .pg-image canvas')).toHaveCount(32);
  await expect(pg.locator('[data-output] .pg-table tbody tr')).toHaveCount(16);
});

test('sparse-coding: a short run draws its curves, its filters and the Gabor table', async ({ page }) => {
  test.setTimeout(180_000);
  const pg = await chapterPlayground(page, '04-filters', 'sparse-coding', 'wasm');
  await setControl(pg, 'steps', 50);
  await setControl(pg, 'filters', '16');
  await setControl(pg, 'patch', '8');
  const out = await runClean(pg);
  expect(out).toContain('Before learning (random filters): 0 of 16 Gabor-like.');
  await expect(plotSvg(pg, 'line', 'Learning a sparse code')).toBeVisible();
  await expect(pg.locator('[data-output] .pg-image canvas')).toHaveCount(3); // the image, whitened, the filters
  await expect(pg.locator('[data-output] .pg-table', { hasText: 'How well a Gabor function fits each filter' })).toBeVisible();
});

test('chosen-vs-learned: a short run compares three first layers on one chart and in bars', async ({ page }) => {
  test.setTimeout(240_000);
  const pg = await chapterPlayground(page, '04-filters', 'chosen-vs-learned', 'wasm');
  await setControl(pg, 'steps', 50);
  const out = await runClean(pg, 200_000);
  expect(out).toMatch(/Learned first layer: [\d.]+ %; fixed random: [\d.]+ %; fixed Gabor: [\d.]+ %/);
  await expect(plotSvg(pg, 'line', 'Validation accuracy')).toBeVisible();
  await expect(plotSvg(pg, 'bar', 'Validation accuracy after 50 steps')).toBeVisible();
  await expect(pg.locator('[data-output] .pg-table tbody tr')).toHaveCount(3);
  await expect(pg.locator('[data-output] .pg-image canvas')).toHaveCount(6);
});

test('unit-physiology: tuning curves, the convergence chart and the two receptive-field images', async ({ page }) => {
  test.setTimeout(120_000);
  const pg = await chapterPlayground(page, '04-filters', 'unit-physiology', 'wasm');
  await setControl(pg, 'trials', 1000);
  const out = await runClean(pg);
  expect(out).toMatch(/Preferred grating: 60° at 0\.25 cycles\/pixel/);
  expect(out).toMatch(/1,000 white-noise frames: the STA correlates r = 0\.\d\d/);
  await expect(plotSvg(pg, 'line', 'Orientation tuning')).toBeVisible();
  await expect(plotSvg(pg, 'line', 'Spatial-frequency tuning')).toBeVisible();
  await expect(plotSvg(pg, 'line', 'Recovered receptive field vs the actual weights')).toBeVisible();
  await expect(pg.locator('[data-output] .pg-image canvas')).toHaveCount(2);
});
