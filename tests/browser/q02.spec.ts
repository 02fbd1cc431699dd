/**
 * Chapter 2's labs, run from their chapter page in the real sandbox on WASM: scoring the book CNN
 * (clean, then rotated digits), top-1 and top-5 on two sample photos with Tiny Darknet (from the
 * local copy), a blank drawing pad, and the test-set-reuse experiment with small settings; plus the
 * figures and citations. Axe and the 390 px check run for every page in site.spec.ts and
 * reading.spec.ts.
 *
 *   npm run build && TEST_PORT=4412 npx playwright test tests/browser/q02.spec.ts
 */
import { expect, needTinyDarknet, routeTinyDarknet, test } from './fixtures.ts';
import { chapterPlayground, memoryLine, outputPlot, run, setControl } from './playground-helpers.ts';

const CHAPTER = '/questions/02-tasks-and-benchmarks/';

/** The accuracy the scoring lab logs ("… accuracy 99.2 %, …"). */
function accuracy(out: string): number {
  const m = /digits correctly: accuracy ([\d.]+) %/.exec(out);
  if (!m) throw new Error(`no accuracy line in:\n${out}`);
  return Number(m[1]);
}

test('scoring the book CNN: accuracy, confusion matrix, mistakes and calibration; rotated digits score lower', async ({ page }) => {
  test.setTimeout(180_000);
  const pg = await chapterPlayground(page, '02-tasks-and-benchmarks', 'score-mnist', 'wasm');
  const clean = await run(pg, 120_000);
  expect(clean).not.toMatch(/^Error/m);
  expect(clean).toMatch(/reads \d+ of 1000 test digits correctly/);
  expect(accuracy(clean)).toBeGreaterThan(98);
  const { before, after } = memoryLine(clean);
  expect(after).toBe(before);
  await expect(outputPlot(pg, 'heatmap', 'Confusion matrix').locator('svg').first()).toBeVisible();
  await expect(outputPlot(pg, 'bar', 'Accuracy per digit').locator('svg').first()).toBeVisible();
  await expect(outputPlot(pg, 'line', 'Calibration').locator('svg').first()).toBeVisible();
  await expect(pg.locator('[data-output] .pg-table', { hasText: 'Most confused pairs' })).toBeVisible();
  // Eight digits as the network sees them, then the gallery of mistakes: canvases that are not blank.
  const canvases = pg.locator('[data-output] .pg-image canvas');
  expect(await canvases.count()).toBeGreaterThan(8);
  const distinct = await canvases.first().evaluate((c: HTMLCanvasElement) => {
    const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
    return new Set(d.filter((_, i) => i % 4 === 0)).size;
  });
  expect(distinct).toBeGreaterThan(10);

  await setControl(pg, 'corruption', 'rotate');
  const rotated = await run(pg, 120_000);
  expect(rotated).toContain('rotate, strength 0.5');
  expect(accuracy(rotated)).toBeLessThan(accuracy(clean) - 15);
});

test('top-1 and top-5 on the sample cat, then the sample coffee cup', async ({ page }) => {
  needTinyDarknet();
  test.setTimeout(180_000);
  await routeTinyDarknet(page);
  const pg = await chapterPlayground(page, '02-tasks-and-benchmarks', 'classify-photo', 'wasm');
  // The chapter's default photo is chosen in the Sample photo select and fetched from the site.
  await expect(pg.getByLabel('Sample photo:')).toHaveValue('chelsea.jpg');
  await expect(pg.locator('[data-status]')).toHaveText(/Using the sample photo “Cat \(Chelsea\)”/, { timeout: 30_000 });
  const cat = await run(pg, 150_000);
  expect(cat).toContain('Your image “chelsea.jpg”');
  expect(cat).toMatch(/Label: tabby\. Top-1: wrong \(the label is ranked [2-5]\)\. Top-5: right\./);
  await expect(
    outputPlot(pg, 'bar', /^Top 5 of 1,000 classes/)
      .locator('svg')
      .first(),
  ).toBeVisible();
  await expect(pg.locator('[data-output] .pg-table tbody tr')).toHaveCount(5);
  await expect(pg.locator('[data-output] .pg-table')).toContainText('← the photo’s label');

  await pg.getByLabel('Sample photo:').selectOption('coffee.jpg');
  await expect(pg.locator('[data-status]')).toHaveText(/Using the sample photo “Coffee cup”/, { timeout: 30_000 });
  const coffee = await run(pg, 150_000);
  expect(coffee).toMatch(/Best guess: espresso \(/);
  expect(coffee).toContain('counts as a top-1 success and a top-5 success');
  // The credits page the select links to lists every photo with its licence.
  await page.goto('/image-credits/');
  await expect(page.locator('main')).toContainText('CC0');
  await expect(page.locator('main img')).toHaveCount(8);
});

test('a blank drawing pad: the digit lab reads a test digit instead', async ({ page }) => {
  test.setTimeout(120_000);
  const pg = await chapterPlayground(page, '02-tasks-and-benchmarks', 'digit-draw', 'wasm');
  const out = await run(pg, 90_000);
  expect(out).toContain('Draw a digit first');
  expect(out).toMatch(/MNIST test digit #\d+, labelled \d/);
  await expect(pg.locator('[data-output] .pg-table tbody tr')).toHaveCount(3);
});

test('test-set reuse with 4 candidates: the chosen network, the scatter and the optimism curves', async ({ page }) => {
  test.setTimeout(240_000);
  const pg = await chapterPlayground(page, '02-tasks-and-benchmarks', 'test-set-reuse', 'wasm');
  await setControl(pg, 'candidates', 4);
  const out = await run(pg, 200_000);
  expect(out).not.toMatch(/^Error/m);
  expect(out).toMatch(/Chosen by the test set, the best of 4 networks scores [\d.]+ % there/);
  await expect(pg.locator('[data-output] .pg-table tbody tr')).toHaveCount(2);
  await expect(outputPlot(pg, 'line', 'Candidates as they finish').locator('svg').first()).toBeVisible();
  await expect(outputPlot(pg, 'scatter', 'Each candidate').locator('svg').first()).toBeVisible();
  await expect(
    outputPlot(pg, 'line', /^Reported minus true accuracy/)
      .locator('svg')
      .first(),
  ).toBeVisible();
});

test('chapter 2 shows its four figures and resolves every citation', async ({ page }) => {
  await page.goto(CHAPTER);
  for (const n of [1, 2, 3, 4]) await expect(page.locator('figure figcaption', { hasText: `Figure ${n}.` })).toHaveCount(1);
  expect(await page.locator('figure svg[role="img"]').count()).toBeGreaterThanOrEqual(4);
  // Figure 2's strip of ten MNIST digits is an image with a text alternative.
  await expect(page.getByAltText(/Ten handwritten test digits/)).toBeVisible();
  const targets = await page.locator('article a[href^="#src-"]').evaluateAll((as) => as.map((a) => a.getAttribute('href')!.slice(1)));
  expect(targets.length).toBeGreaterThan(20);
  for (const id of new Set(targets)) await expect(page.locator(`[id="${id}"]`)).toHaveCount(1);
});
