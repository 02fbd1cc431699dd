/**
 * Shared browser-test fixtures: every test fails if a page logs a console error or throws, or if
 * any request leaves localhost. Tiny Darknet's public URLs are served from the local copy when a
 * test asks for it (routeTinyDarknet; see scripts/local-darknet.ts).
 */
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { test as base, expect, type Page } from '@playwright/test';
import { fulfilTinyDarknet, tinyDarknetMissing } from '../../scripts/local-darknet.ts';
import { TINY_DARKNET_CLASSES_URL, TINY_DARKNET_DIR } from '../../playground/shared/remote-models.ts';

const LOCAL = /^(https?:\/\/(127\.0\.0\.1|localhost)(:\d+)?\/|data:|blob:|about:|chrome-extension:)/;

export interface Guard {
  consoleErrors: string[];
  offsite: string[];
  /** Console errors a test expects (e.g. a deliberately broken snippet); matched and removed. */
  allowConsoleError(pattern: RegExp): void;
}

export const test = base.extend<{ guard: Guard }>({
  guard: [
    async ({ page, context }, use) => {
      const consoleErrors: string[] = [];
      const offsite: string[] = [];
      const allowed: RegExp[] = [];
      page.on('console', (m) => {
        if (m.type() === 'error') consoleErrors.push(m.text());
      });
      page.on('pageerror', (e) => consoleErrors.push(`pageerror: ${e.message}`));
      // Every request from the page, its frames and workers passes here; anything off this machine fails the test.
      await context.route('**/*', async (route) => {
        const url = route.request().url();
        if (LOCAL.test(url)) return route.fallback();
        offsite.push(url);
        return route.abort('blockedbyclient');
      });
      await use({ consoleErrors, offsite, allowConsoleError: (p) => allowed.push(p) });
      const unexpected = consoleErrors.filter((e) => !allowed.some((p) => p.test(e)));
      expect(unexpected, 'console errors').toEqual([]);
      expect(offsite, 'requests that left localhost').toEqual([]);
    },
    { auto: true },
  ],
});

export { expect };

/** Skip the running test, saying why, without the local Tiny Darknet (in CI: fail). */
export function needTinyDarknet(): void {
  const reason = tinyDarknetMissing();
  test.skip(reason !== null, reason ?? '');
}

/** Serve Tiny Darknet's public address (and its class names) from the local copy. */
export async function routeTinyDarknet(page: Page): Promise<void> {
  for (const pattern of [`${TINY_DARKNET_DIR}**`, TINY_DARKNET_CLASSES_URL]) {
    await page.context().route(pattern, async (route) => {
      if (!(await fulfilTinyDarknet(route))) await route.fallback();
    });
  }
}

/** All built HTML pages, from the sitemap plus the 404 page and the offline page (kept out of the sitemap). */
export async function builtPages(page: Page): Promise<string[]> {
  const index = await (await page.request.get('/sitemap-index.xml')).text();
  const maps = [...index.matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => new URL(m[1]!).pathname);
  const urls: string[] = [];
  for (const m of maps) {
    const xml = await (await page.request.get(m)).text();
    urls.push(...[...xml.matchAll(/<loc>([^<]+)<\/loc>/g)].map((x) => new URL(x[1]!).pathname));
  }
  return [...new Set(urls), '/404.html', '/offline/'];
}

/**
 * The built site's pages, read from dist/ when the tests are collected (one test per page): every
 * folder with an index.html, and the 404 page. builtPages() asks the running site's sitemap instead.
 */
export function builtPageList(dist = path.resolve('dist')): string[] {
  if (!existsSync(dist)) throw new Error('No dist/: build the site first (npm run build), then run the browser tests.');
  const pages: string[] = [];
  const walk = (dir: string, url: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (!entry.isDirectory() || ['_astro', 'pagefind', 'runtime', 'data', 'models'].includes(entry.name)) continue;
      walk(path.join(dir, entry.name), `${url}${entry.name}/`);
    }
    if (existsSync(path.join(dir, 'index.html'))) pages.push(url);
  };
  walk(dist, '/');
  return [...pages.sort(), '/404.html'];
}
