/**
 * Question 7's labs, run from their chapter page in the real sandbox: gradient descent paths (and a
 * live re-run that diverges), backpropagation by hand against tf.grads, throughput on the current
 * backend with the small workload, and MNIST to a modest target; plus axe in both themes and no
 * sideways scrolling on a phone. Small control values keep each run to seconds.
 *
 *   npm run build && TEST_PORT=4407 npx playwright test tests/browser/q07.spec.ts
 */
import type { Locator } from '@playwright/test';
import { test, expect } from './fixtures.ts';
import { axeViolations, chapterPlayground, chooseBackend, memoryLine, run, setControl } from './playground-helpers.ts';

const CHAPTER = '/questions/07-learning/';

/** Rows of the output table whose caption matches, as arrays of cell texts. */
async function tableRows(pg: Locator, caption: RegExp): Promise<string[][]> {
  const table = pg.locator('[data-output] .pg-table', { hasText: caption }).last();
  await expect(table).toBeVisible();
  return table.locator('tbody tr').evaluateAll((rows) => rows.map((r) => [...r.querySelectorAll('td, th')].map((c) => c.textContent?.trim() ?? '')));
}

test('gradient descent: SGD lags momentum and Adam, and a large learning rate makes it diverge (live)', async ({ page }) => {
  test.setTimeout(120_000);
  const pg = await chapterPlayground(page, '07-learning', 'descent-paths');
  await chooseBackend(pg, 'wasm');
  const out = await run(pg);
  expect(out).toMatch(/diverges above a learning rate of 2\/λ = 0\.8\d/);
  await expect(pg.locator('[data-output] figure.pg-plot.pg-plot-heatmap svg').first()).toBeVisible();
  await expect(pg.locator('[data-output] figure.pg-plot.pg-plot-line svg').first()).toBeVisible();
  const rows = await tableRows(pg, /After 60 steps/);
  const cost = Object.fromEntries(rows.map((r) => [r[0], Number(r[1])]));
  expect(cost.SGD).toBeGreaterThan(5 * cost.momentum!);
  expect(cost.SGD).toBeGreaterThan(5 * cost.Adam!);
  // A live lab runs again when a control changes: past 2/λ plain SGD diverges.
  await setControl(pg, 'learningRate', 1);
  await expect(pg.locator('[data-output] .pg-table', { hasText: 'diverged' })).toBeVisible({ timeout: 60_000 });
  const { before, after } = memoryLine(await pg.locator('[data-output]').innerText());
  expect(after).toBe(before);
});

test('backpropagation by hand equals tf.grads within 1e-5', async ({ page }) => {
  test.setTimeout(120_000);
  const pg = await chapterPlayground(page, '07-learning', 'backprop-by-hand');
  await chooseBackend(pg, 'wasm');
  const out = await run(pg);
  const rows = await tableRows(pg, /chain rule by hand/);
  expect(rows).toHaveLength(9);
  for (const r of rows) expect(Math.abs(Number(r[1]) - Number(r[2])), r[0]).toBeLessThan(1e-5);
  expect(Number(/Largest difference: ([\d.e+-]+)/.exec(out)?.[1])).toBeLessThan(1e-5);
  expect(out).toMatch(/cost 0\.2253\d → 0\.00\d+/);
});

test('how long: measures this backend and extrapolates to AlexNet', async ({ page }) => {
  test.setTimeout(180_000);
  const pg = await chapterPlayground(page, '07-learning', 'how-long');
  await chooseBackend(pg, 'wasm');
  await pg.getByLabel('Network to time').selectOption('book-cnn');
  await pg.getByLabel('Backends').selectOption('current');
  await setControl(pg, 'seconds', 1);
  const out = await run(pg, 150_000);
  expect(out).toContain('GFLOP to train on one image, 64 images per step');
  const rows = await tableRows(pg, /Measured on book CNN/);
  expect(rows.map((r) => r[0])).toEqual(['wasm']);
  const [imagesPerSecond, gflops] = [Number(rows[0]![1]), Number(rows[0]![2])];
  expect(imagesPerSecond).toBeGreaterThan(0);
  expect(gflops).toBeGreaterThan(0);
  expect(rows[0]![4]).toMatch(/years|days/);
  await expect(pg.locator('[data-output] figure.pg-plot.pg-plot-scatter svg').first()).toBeVisible();
  await expect(pg.locator('[data-badge]')).toHaveText('Backend: wasm');
});

test('MNIST: the book CNN trains live and reports its time to the target', async ({ page }) => {
  test.setTimeout(240_000);
  const pg = await chapterPlayground(page, '07-learning', 'mnist-train');
  await chooseBackend(pg, 'wasm');
  await setControl(pg, 'epochs', 1);
  await setControl(pg, 'target', 90);
  const out = await run(pg, 200_000);
  await expect(pg.locator('[data-output] figure.pg-plot.pg-plot-line svg').first()).toBeVisible();
  const reached = /Reached ([\d.]+) % test accuracy after ([\d.]+) s of training on wasm/.exec(out);
  expect(reached, out).not.toBeNull();
  expect(Number(reached![1])).toBeGreaterThanOrEqual(90);
  expect((await tableRows(pg, /Test accuracy per digit/)).length).toBe(10);
  const { before, after } = memoryLine(out);
  expect(after).toBe(before);
});

test('the chapter page has no axe violations in either theme, with a lab’s output shown', async ({ page }) => {
  test.setTimeout(300_000);
  await page.emulateMedia({ colorScheme: 'light' });
  const pg = await chapterPlayground(page, '07-learning', 'backprop-by-hand');
  await run(pg);
  for (const theme of ['light', 'dark'] as const) {
    if (theme === 'dark') await page.getByRole('button', { name: 'Dark theme' }).click();
    await expect(page.locator('html')).toHaveAttribute('data-theme', theme);
    expect(await axeViolations(page), `axe violations in the ${theme} theme`).toEqual([]);
  }
});

test('the chapter page does not scroll sideways at 390 px, and its figures have text alternatives', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 800 });
  await page.goto(CHAPTER);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  const figures = page.locator('article figure svg[role="img"]');
  expect(await figures.count()).toBeGreaterThanOrEqual(4);
  for (const svg of await figures.all()) expect(await svg.getAttribute('aria-labelledby')).toBeTruthy();
  await expect(page.locator('figcaption', { hasText: 'Figure 4.' })).toBeVisible();
});
