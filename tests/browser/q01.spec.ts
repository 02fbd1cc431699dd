/**
 * Chapter 1's labs in the real sandbox, run from the chapter page with small settings set through
 * their controls, plus the page's figures. The scientific claims on the default settings are
 * asserted in tests/unit/labs-q01.test.ts; axe and the 390 px check run for every page in
 * site.spec.ts and reading.spec.ts.
 *
 *   node scripts/build-runtime.mjs && npx astro build && npx pagefind --site dist
 *   TEST_PORT=4411 npx playwright test tests/browser/q01.spec.ts
 */
import type { Locator } from '@playwright/test';
import { expect, needTinyDarknet, routeTinyDarknet, test } from './fixtures.ts';
import { chapterPlayground, chooseBackend, memoryLine, run, setControl } from './playground-helpers.ts';

const CHAPTER = '01-depth';

/** The drawn chart (an SVG image) of a line plot, found by its title. */
function lineSvg(pg: Locator, title: string): Locator {
  return pg
    .locator('[data-output] figure.pg-plot.pg-plot-line')
    .filter({ has: pg.page().locator('figcaption', { hasText: title }) })
    .locator('svg[role="img"]');
}

async function runSmall(pg: Locator, settings: Record<string, number | string>): Promise<string> {
  await chooseBackend(pg, 'wasm');
  for (const [name, value] of Object.entries(settings)) await setControl(pg, name, value);
  const out = await run(pg, 150_000);
  expect(out).not.toMatch(/^Error/m);
  const { before, after } = memoryLine(out);
  expect(after, 'tensors left after the run').toBe(before);
  return out;
}

test('layer by layer with the book’s CNN: feature maps of both convolutions, the stage table and both curves', async ({ page }) => {
  test.setTimeout(180_000);
  const pg = await chapterPlayground(page, CHAPTER, 'layer-by-layer');
  const out = await runSmall(pg, { network: 'book-cnn', maps: 3 });
  expect(out).toContain('book-cnn: 4 learned layers between the pixels and the answer');
  await expect(pg.locator('[data-output] .pg-image canvas')).toHaveCount(2 * 3);
  const table = pg.locator('[data-output] .pg-table').first();
  await expect(table).toContainText('14 × 14');
  await expect(table).toContainText('everything');
  await expect(lineSvg(pg, 'How much of the picture one unit sees')).toBeVisible();
  await expect(lineSvg(pg, 'Response similarity after a 2-pixel shift')).toBeVisible();
});

test('layer by layer with Tiny Darknet: fifteen stages from 224 × 224 maps to 14 × 14', async ({ page }) => {
  needTinyDarknet();
  test.setTimeout(240_000);
  await routeTinyDarknet(page);
  const pg = await chapterPlayground(page, CHAPTER, 'layer-by-layer');
  const out = await runSmall(pg, { maps: 1 });
  expect(out).toContain('tiny-darknet: 16 learned layers between the pixels and the answer; 15 of them end in a nonlinearity.');
  await expect(pg.locator('[data-output] .pg-image canvas')).toHaveCount(15);
  const table = pg.locator('[data-output] .pg-table').first();
  await expect(table).toContainText('224 × 224 × 16');
  await expect(table).toContainText('134 × 134');
  await expect(lineSvg(pg, 'Response similarity after a 16-pixel shift')).toBeVisible();
});

test('depth at a fixed budget trains four networks and draws accuracy against depth and the four boards', async ({ page }) => {
  test.setTimeout(180_000);
  const pg = await chapterPlayground(page, CHAPTER, 'depth-vs-width');
  const out = await runSmall(pg, { budget: 300, steps: 200 });
  expect(out).toMatch(/With about 300 weights, one hidden layer of \d+ units colours [\d.]+ % of test points correctly/);
  await expect(lineSvg(pg, 'Test accuracy during training')).toBeVisible();
  await expect(lineSvg(pg, 'Test accuracy against depth')).toBeVisible();
  await expect(pg.locator('[data-output] .pg-image canvas')).toHaveCount(5);
  await expect(pg.locator('[data-output] .pg-table').last()).toContainText('test accuracy');
});

test('the chapter shows its four figures with text alternatives', async ({ page }) => {
  await page.goto(`/questions/${CHAPTER}/`);
  for (const n of [1, 2, 3, 4]) await expect(page.locator('figure figcaption', { hasText: `Figure ${n}.` })).toHaveCount(1);
  await expect(page.locator('svg[role="img"] desc', { hasText: 'ResNet-152 (2015), 152 layers' })).toHaveCount(1);
  await expect(page.locator('svg[role="img"] desc', { hasText: '4 layers: a zigzag of 16 straight pieces, made by 8 units' })).toHaveCount(1);
  await expect(page.locator('svg[role="img"] desc', { hasText: 'the primate ventral visual stream' })).toHaveCount(1);
});
