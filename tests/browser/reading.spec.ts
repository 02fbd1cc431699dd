/**
 * The reading experience (issue 9), each point in both themes: layout and measure, phones, fonts,
 * search, links between questions, the glossary. Playground manners are in share-links.spec.ts,
 * offline reading in offline.spec.ts.
 */
import type { Locator, Page } from '@playwright/test';
import { builtPages, expect, test } from './fixtures.ts';

const THEMES = ['light', 'dark'] as const;
const CH3 = '/questions/03-convolution/';
const CH12 = '/questions/12-deepdream/';

async function open(page: Page, url: string, theme: (typeof THEMES)[number]): Promise<void> {
  await page.emulateMedia({ colorScheme: theme });
  await page.goto(url);
  await expect(page.locator('html')).toHaveAttribute('data-theme', theme);
}

const sideways = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

/** Median grey level of a few pixel columns at the left and right edge of an element's box. */
async function edgeShades(page: Page, box: Locator): Promise<{ left: number; right: number; background: number }> {
  // A clip of the page, not box.screenshot(): Chromium's element capture can drop the scroll
  // container's own background (seen on KaTeX displays with stretched delimiters).
  await box.scrollIntoViewIfNeeded();
  const clip = (await box.boundingBox())!;
  const png = (await page.screenshot({ clip })).toString('base64');
  return page.evaluate(async (b64) => {
    // Decoded here, not fetched: the page's CSP lets it fetch nothing but its own site.
    const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
    const bitmap = await createImageBitmap(new Blob([bytes], { type: 'image/png' }));
    const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
    const ctx = canvas.getContext('2d')!;
    ctx.drawImage(bitmap, 0, 0);
    const column = (x0: number, x1: number) => {
      const { data } = ctx.getImageData(x0, 0, x1 - x0, bitmap.height);
      const greys: number[] = [];
      for (let i = 0; i < data.length; i += 4) greys.push((data[i]! + data[i + 1]! + data[i + 2]!) / 3);
      greys.sort((a, b) => a - b);
      return greys[Math.floor(greys.length / 2)]!;
    };
    const [r, g, b] = getComputedStyle(document.body).backgroundColor.match(/\d+/g)!.map(Number) as [number, number, number];
    return { left: column(0, 3), right: column(bitmap.width - 3, bitmap.width), background: (r + g + b) / 3 };
  }, png);
}

test.describe('1. layout', () => {
  test.use({ viewport: { width: 1366, height: 900 } });

  for (const theme of THEMES) {
    test(`prose at a reading measure, wide things break out, code wraps, contents follow the reader (${theme})`, async ({ page }) => {
      await open(page, CH3, theme);
      // Characters per line of a long paragraph: text length over the number of lines it takes.
      const perLine = await page.evaluate(() => {
        const p = [...document.querySelectorAll<HTMLElement>('article.prose > p')].sort((a, b) => b.textContent!.length - a.textContent!.length)[0]!;
        const lines = Math.round(p.getBoundingClientRect().height / Number.parseFloat(getComputedStyle(p).lineHeight));
        return p.textContent!.length / lines;
      });
      expect(perLine).toBeGreaterThan(60);
      expect(perLine).toBeLessThan(80);

      const width = (l: Locator) => l.evaluate((el) => el.getBoundingClientRect().width);
      const text = await width(page.locator('article.prose > p').first());
      expect(await width(page.locator('[data-playground]').first())).toBeGreaterThan(text + 200);
      const wideTable = page.locator('article.prose > .table-scroll').nth(1); // not one inside a collapsed <details>
      expect(await width(wideTable)).toBeGreaterThan(text + 100);
      // …and at that width the whole table shows: nothing to scroll on a large screen.
      expect(await wideTable.evaluate((el) => el.scrollWidth - el.clientWidth)).toBeLessThanOrEqual(1);

      // Monaco wraps: no rendered code runs past the editor's right edge.
      for (const example of ['kernel-demo', 'conv-from-scratch']) {
        const pg = page.locator(`[data-playground][data-example="${example}"]`);
        await pg.scrollIntoViewIfNeeded();
        await expect(pg).toHaveAttribute('data-live', 'true', { timeout: 60_000 });
        await expect(pg.locator('.view-line').first()).toBeVisible();
        const overflow = await pg.evaluate((root) => {
          const editor = root.querySelector('.monaco-editor')!.getBoundingClientRect();
          const rights = [...root.querySelectorAll('.view-line > span')].map((s) => s.getBoundingClientRect().right);
          return Math.max(...rights) - editor.right;
        });
        expect(overflow, example).toBeLessThanOrEqual(0);
      }

      // The contents list marks the section being read.
      const toc = page.locator('nav.toc');
      await expect(toc).toBeVisible();
      for (const id of ['stride', 'dilation', 'key-takeaways']) {
        await page.locator(`[id="${id}"]`).evaluate((h) => h.scrollIntoView({ block: 'start' }));
        await expect(toc.locator('a[aria-current="location"]')).toHaveAttribute('href', `#${id}`);
      }
      await expect(toc.locator('a[aria-current]')).toHaveCount(1);
    });
  }
});

test.describe('2. phones', () => {
  test.use({ viewport: { width: 390, height: 844 } });

  for (const theme of THEMES) {
    test(`no page scrolls sideways at 390 px, playgrounds mounted too (${theme})`, async ({ page }) => {
      test.setTimeout(240_000);
      await page.emulateMedia({ colorScheme: theme });
      for (const url of await builtPages(page)) {
        await page.goto(url, { waitUntil: 'networkidle' });
        expect(await sideways(page), url).toBeLessThanOrEqual(0);
        const playgrounds = page.locator('[data-playground]:visible');
        for (let i = 0; i < (await playgrounds.count()); i++) {
          const pg = playgrounds.nth(i);
          await pg.scrollIntoViewIfNeeded();
          await expect(pg).toHaveAttribute('data-live', 'true', { timeout: 60_000 });
        }
        expect(await sideways(page), `${url} with its playgrounds live`).toBeLessThanOrEqual(0);
      }
    });

    test(`contents collapse at the top; header in two rows; wide formulas and tables scroll in their box with a cue (${theme})`, async ({ page }) => {
      await open(page, CH3, theme);
      // "On this page": collapsed, above the chapter's title; opens, and closes again after a choice.
      const details = page.locator('nav.toc details');
      await expect(details).not.toHaveAttribute('open');
      const [tocTop, titleTop] = await Promise.all([
        page.locator('nav.toc').evaluate((e) => e.getBoundingClientRect().top),
        page.locator('h1').evaluate((e) => e.getBoundingClientRect().top),
      ]);
      expect(tocTop).toBeLessThan(titleTop);
      await expect(page.locator('nav.toc a[href="#stride"]')).toBeHidden();
      await page.getByText('On this page').click();
      await page.locator('nav.toc a[href="#stride"]').click();
      await expect(details).not.toHaveAttribute('open');
      await expect(page).toHaveURL(/#stride$/);

      // Header: brand, links, search and theme in at most two rows, here and at 360 px.
      for (const w of [390, 360]) {
        await page.setViewportSize({ width: w, height: 844 });
        const rows = await page.evaluate(() => {
          const boxes = [...document.querySelectorAll('.site-header > *:not(.skip-link)')]
            .filter((e) => (e as HTMLElement).offsetParent !== null)
            .map((e) => e.getBoundingClientRect())
            .sort((a, b) => a.top - b.top);
          // A new row starts below everything of the row before it.
          let count = 0;
          let bottom = Number.NEGATIVE_INFINITY;
          for (const r of boxes) {
            if (r.top >= bottom - 2) count++;
            bottom = r.top >= bottom - 2 ? r.bottom : Math.max(bottom, r.bottom);
          }
          return count;
        });
        expect(rows, `header rows at ${w} px`).toBeLessThanOrEqual(2);
      }
      await page.setViewportSize({ width: 390, height: 844 });

      // Every box that is wider than the screen scrolls inside, is keyboard-reachable and named,
      // and shows a shadow at the edge where content is cut off (and only there).
      const boxes = page.locator('.table-scroll, .katex-display');
      const wide: Locator[] = [];
      for (let i = 0; i < (await boxes.count()); i++) {
        const box = boxes.nth(i);
        // (A formula a few pixels too wide shows only a sliver of shadow; the cue is checked on real overflow.)
        if (await box.evaluate((e) => e.scrollWidth > e.clientWidth + 24)) wide.push(box);
      }
      expect(wide.length).toBeGreaterThanOrEqual(2); // the 8-column table and the matrices
      expect(await sideways(page)).toBeLessThanOrEqual(0);
      for (const box of wide) {
        await expect(box).toHaveAttribute('tabindex', '0');
        expect(await box.getAttribute('aria-label')).toMatch(/scrolls sideways/);
        const atStart = await edgeShades(page, box);
        expect(Math.abs(atStart.right - atStart.background), 'shadow at the cut right edge').toBeGreaterThan(6);
        expect(Math.abs(atStart.left - atStart.background), 'no shadow at the left edge').toBeLessThan(3);
        // Scrolled to the end: the cue moves to the other side.
        await box.evaluate((e) => e.scrollTo({ left: e.scrollWidth, behavior: 'instant' }));
        const atEnd = await edgeShades(page, box);
        expect(Math.abs(atEnd.left - atEnd.background), 'shadow at the cut left edge').toBeGreaterThan(6);
        expect(Math.abs(atEnd.right - atEnd.background), 'no shadow at the right end').toBeLessThan(3);
      }
    });
  }
});

test.describe('3. fonts', () => {
  for (const theme of THEMES) {
    test(`text, interface and code use the self-hosted faces, swapped in, all from this site (${theme})`, async ({ page }) => {
      await open(page, CH3, theme);
      await page.locator('[data-playground] pre').first().scrollIntoViewIfNeeded();
      const fonts = await page.evaluate(async () => {
        await document.fonts.ready;
        const faces = [...document.styleSheets].flatMap((sheet) =>
          [...sheet.cssRules].filter((r): r is CSSFontFaceRule => r instanceof CSSFontFaceRule),
        );
        const ours = faces.filter((r) => /Source (Serif 4|Sans 3|Code Pro)/.test(r.style.getPropertyValue('font-family')));
        const loaded = [...document.fonts].filter((f) => f.status === 'loaded').map((f) => f.family.replace(/"/g, ''));
        const files = performance
          .getEntriesByType('resource')
          .map((e) => e.name)
          .filter((n) => /\.(woff2?|ttf|otf)(\?|$)/.test(n));
        return {
          ours: ours.length,
          displays: [...new Set(ours.map((r) => r.style.getPropertyValue('font-display')))],
          loaded: [...new Set(loaded)],
          files,
          body: getComputedStyle(document.body).fontFamily,
          heading: getComputedStyle(document.querySelector('h1')!).fontFamily,
          code: getComputedStyle(document.querySelector('code')!).fontFamily,
        };
      });
      expect(fonts.ours).toBeGreaterThanOrEqual(6);
      expect(fonts.displays).toEqual(['swap']);
      expect(fonts.body).toMatch(/^"Source Serif 4"/);
      expect(fonts.heading).toMatch(/^"Source Sans 3"/);
      expect(fonts.code).toMatch(/^"Source Code Pro"/);
      for (const family of ['Source Serif 4', 'Source Sans 3', 'Source Code Pro']) expect(fonts.loaded).toContain(family);
      expect(fonts.files.length).toBeGreaterThan(0);
      for (const file of fonts.files) expect(new URL(file).origin).toBe(new URL(page.url()).origin);
      // The Greek subset is a separate file, fetched only where Greek is written.
      expect(fonts.files.some((f) => /serif-greek/.test(f))).toBe(false);
    });
  }
});

test.describe('4. search', () => {
  for (const theme of THEMES) {
    test(`"stride" reads cleanly and opens at its section; glossary entries are found (${theme})`, async ({ page }) => {
      await open(page, '/search/?q=stride', theme);
      const first = page.locator('.search-results > li').first();
      await expect(first).toBeVisible();
      const excerpts = await page.locator('.search-excerpt').allInnerTexts();
      expect(excerpts.length).toBeGreaterThan(0);
      for (const excerpt of excerpts) {
        // KaTeX's three renderings used to show as "sss" and "s=1s = 1s=1".
        expect(excerpt).not.toMatch(/(?<![\p{L}\d])(\p{L})\1\1(?![\p{L}\d])/u);
        expect(excerpt.replace(/\s+/g, '')).not.toContain('s=1s=1');
      }
      const best = first.locator('a.search-page');
      const href = (await best.getAttribute('href'))!;
      expect(href).toMatch(new RegExp(`${CH3}#[a-z0-9-]+$`));
      const anchor = href.split('#')[1]!;
      await best.click();
      await expect(page).toHaveURL(new RegExp(`#${anchor}$`));
      const heading = page.locator(`[id="${anchor}"]`);
      await expect(heading).toBeInViewport();
      expect(await heading.evaluate((h) => /^H[2-6]$/.test(h.tagName))).toBe(true);

      await page.goto('/search/?q=spike-triggered');
      await expect(page.locator('.search-results a[href$="/glossary/#spike-triggered-average"]').first()).toBeVisible();
    });
  }
});

test.describe('5. links between questions', () => {
  for (const theme of THEMES) {
    test(`a written question is a link with its title, an unwritten one is named without a link (${theme})`, async ({ page }) => {
      await open(page, CH12, theme);
      const article = page.locator('article');
      // Chapter 12 builds on how networks learn (question 7) and on chapter 3: both are links now.
      const toCh7 = article.locator('a.qlink[href$="/questions/07-learning/"]').first();
      await expect(toCh7).toHaveAttribute('title', /^Question 7: /);
      // A question not yet written (if any is left) is named, never linked.
      for (const missing of await article.locator('.qlink-missing').all()) {
        await expect(missing).toContainText('(not yet written)');
        await expect(missing.locator('a')).toHaveCount(0);
      }
      const toCh3 = article.locator(`a.qlink[href="${CH3}"]`).first();
      await expect(toCh3).toHaveAttribute('title', /^Question 3: /);
      expect(await article.innerText()).not.toMatch(/\bChapter \d+\b/);
      await toCh3.click();
      await expect(page).toHaveURL(CH3);
    });
  }
});

test.describe('6. glossary', () => {
  for (const theme of THEMES) {
    test(`terms link from their first use to their entry, which links to its question (${theme})`, async ({ page }) => {
      await open(page, CH3, theme);
      const terms = page.locator('article dfn.term a');
      expect(await terms.count()).toBeGreaterThanOrEqual(10);
      const stride = page.locator('article dfn.term a', { hasText: /^stride$/ });
      await expect(stride).toHaveAttribute('title', /kernel moves/);
      await stride.click();
      await expect(page).toHaveURL(/\/glossary\/#stride$/);
      const entry = page.locator('[id="stride"]');
      await expect(entry).toBeInViewport();
      const where = entry.locator('xpath=following-sibling::p[1]').locator(`a.qlink[href="${CH3}"]`);
      await expect(where).toBeVisible();

      // Every entry has an anchor and a question; entries of unwritten questions say so.
      const ids = await page.locator('.glossary-entry h3[id]').evaluateAll((hs) => hs.map((h) => h.id));
      expect(ids.length).toBeGreaterThanOrEqual(20);
      expect(await page.locator('.glossary-where').count()).toBe(ids.length);
      // Every term link in the chapters lands on an entry that exists.
      for (const url of [CH3, CH12]) {
        await page.goto(url);
        const hrefs = await page.locator('article dfn.term a').evaluateAll((as) => as.map((a) => (a as HTMLAnchorElement).hash.slice(1)));
        for (const id of hrefs) expect(ids, `${url} → #${id}`).toContain(id);
      }
    });
  }
});
