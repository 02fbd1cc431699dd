/**
 * The figures of chapters 3 and 12 (second edition) are on their pages: chapter 12's dream pictures
 * load (decoded, with their recorded size and a text alternative), chapter 3's new diagrams draw.
 * Contrast and themes are checked for every page by site.spec.ts.
 *
 *   npm run build && TEST_PORT=4419 npx playwright test tests/browser/chapter-figures.spec.ts
 */
import { test, expect } from './fixtures.ts';

test('chapter 12 shows its dreams, channels and octave pyramid before anything runs', async ({ page }) => {
  await page.goto('/questions/12-deepdream/');
  const images = page.locator('figure img[src*="figures/q12/"]');
  await expect(images).toHaveCount(4 + 3 + 4);
  for (const img of await images.all()) {
    await img.scrollIntoViewIfNeeded();
    await expect(img).toHaveAttribute('alt', /.{20,}/);
    await expect.poll(() => img.evaluate((el: HTMLImageElement) => el.complete && el.naturalWidth)).toBeGreaterThan(0);
  }
  for (const n of [1, 2, 3]) await expect(page.locator('figcaption', { hasText: `Figure ${n}.` })).toHaveCount(1);
});

test('chapter 3 draws its stride, padding, dilation and receptive-field kernel figures', async ({ page }) => {
  await page.goto('/questions/03-convolution/');
  for (const name of [/stride, padding and dilation/i, /centre–surround kernel and a Gabor kernel/i]) {
    const svg = page.getByRole('img', { name });
    await expect(svg).toBeVisible();
    expect(await svg.locator('rect, polyline').count()).toBeGreaterThan(20);
  }
});
