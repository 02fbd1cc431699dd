import { test, expect, builtPageList, builtPages } from './fixtures.ts';
import { axeViolations } from './playground-helpers.ts';

test.describe('every page', () => {
  test('renders with a heading, no console errors, and nothing fetched from elsewhere', async ({ page }) => {
    const pages = await builtPages(page);
    expect(pages.length).toBeGreaterThanOrEqual(5);
    for (const url of pages) {
      const response = await page.goto(url, { waitUntil: 'networkidle' });
      expect(response?.status(), url).toBeLessThan(url === '/404.html' ? 500 : 400);
      await expect(page.locator('h1').first(), url).toBeVisible();
    }
  });

  // One test per page and theme: a long chapter takes axe up to ~40 s on a busy 2-core machine,
  // and a failure names its page.
  for (const theme of ['light', 'dark'] as const) {
    for (const url of builtPageList()) {
      test(`${url} has no axe violations in the ${theme} theme`, async ({ page }) => {
        test.setTimeout(180_000);
        await page.emulateMedia({ colorScheme: theme });
        await page.goto(url, { waitUntil: 'networkidle' });
        await expect(page.locator('html')).toHaveAttribute('data-theme', theme);
        expect(await axeViolations(page), `axe violations on ${url}`).toEqual([]);
      });
    }
  }
});

test('home links to each written chapter, and previous/next walk through them', async ({ page }) => {
  await page.goto('/');
  const chapterLinks = page.locator('.question-path a');
  const count = await chapterLinks.count();
  expect(count).toBeGreaterThanOrEqual(1);
  // Every question is either a link or marked "coming": twelve in all.
  await expect(page.locator('.question-path li')).toHaveCount(12);
  await expect(page.locator('.question-path .coming')).toHaveCount(12 - count);

  const hrefs = await chapterLinks.evaluateAll((as) => as.map((a) => (a as HTMLAnchorElement).pathname));
  for (const href of hrefs) {
    await page.goto(href);
    await expect(page.locator('.short-answer')).toBeVisible();
    await expect(page.locator('#sources')).toBeVisible();
  }
  // Walk forward with "next" from the first chapter, then back with "previous". Each click waits
  // for the page it names to load: a long chapter may still be loading when the next check runs.
  const follow = async (rel: 'next' | 'prev') => {
    const link = page.locator(`a[rel="${rel}"]`);
    const href = (await link.getAttribute('href')) ?? '';
    await Promise.all([page.waitForURL((url) => url.pathname === href, { waitUntil: 'load' }), link.click()]);
  };
  await page.goto(hrefs[0]!);
  const visited = [new URL(page.url()).pathname];
  while (await page.locator('a[rel="next"]').count()) {
    await follow('next');
    visited.push(new URL(page.url()).pathname);
  }
  expect(visited).toEqual(hrefs);
  for (let i = hrefs.length - 1; i > 0; i--) {
    await follow('prev');
    expect(new URL(page.url()).pathname).toBe(hrefs[i - 1]);
  }
});

test('search finds a term from chapter 3', async ({ page }) => {
  await page.goto('/');
  await page.getByRole('searchbox', { name: 'Search the book' }).fill('cross-correlation');
  await page.getByRole('button', { name: 'Search', exact: true }).click();
  await expect(page).toHaveURL(/\/search\/\?q=cross-correlation/);
  const first = page.locator('.search-results a').first();
  await expect(first).toHaveAttribute('href', /03-convolution/);
  await expect(page.locator('.search-results mark').first()).toBeVisible();
});

test('the theme toggle persists across a reload', async ({ page }) => {
  await page.emulateMedia({ colorScheme: 'light' });
  await page.goto('/');
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
  const toggle = page.getByRole('button', { name: 'Dark theme' });
  await expect(toggle).toHaveAttribute('aria-pressed', 'false');
  await toggle.click();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await page.reload();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await expect(page.getByRole('button', { name: 'Dark theme' })).toHaveAttribute('aria-pressed', 'true');
  // And it wins over the OS preference on other pages too.
  await page.goto('/playground/');
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
});

test('chapter pages work at 360 px without horizontal scrolling', async ({ page }) => {
  await page.setViewportSize({ width: 360, height: 740 });
  await page.goto('/questions/03-convolution/');
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow).toBeLessThanOrEqual(0);
});

test('chapter 3 renders math, figures and its sources', async ({ page }) => {
  await page.goto('/questions/03-convolution/');
  await expect(page.locator('.katex').first()).toBeVisible();
  expect(await page.locator('figure svg[role="img"]').count()).toBeGreaterThanOrEqual(2);
  // Every in-text citation points at an entry in the source list.
  const targets = await page.locator('article a[href^="#src-"]').evaluateAll((as) => as.map((a) => a.getAttribute('href')!.slice(1)));
  expect(targets.length).toBeGreaterThan(5);
  for (const id of new Set(targets)) await expect(page.locator(`[id="${id}"]`)).toHaveCount(1);
  // The playground slot is there, with its code shown statically before any JS.
  await expect(page.locator('[data-playground][data-example="conv-from-scratch"] pre')).toBeVisible();
});
