/**
 * Shared browser-test fixtures: every test fails if a page logs a console error or throws, or if
 * any request leaves localhost. Remote model URLs are served from the local copy in ../shared when
 * a test asks for it (routeTinyDarknet).
 */
import { test as base, expect, type Page } from '@playwright/test';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

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

/** Local copy of Tiny Darknet (never committed); tests that need it skip when it is absent. */
export const TINY_DARKNET_DIR = path.resolve(process.cwd(), '../shared/models/darknet-tiny');
export const hasTinyDarknet = existsSync(path.join(TINY_DARKNET_DIR, 'model.json'));

/** Serve the public Tiny Darknet address (and its class names) from the local copy. */
export async function routeTinyDarknet(page: Page, prefix: string, classesUrl?: string): Promise<void> {
  await page.context().route(`${prefix}**`, (route) => {
    const name = route.request().url().slice(prefix.length).split('?')[0]!;
    const file = path.join(TINY_DARKNET_DIR, path.basename(name));
    if (!existsSync(file)) return route.fulfill({ status: 404, body: 'not in the local copy' });
    return route.fulfill({
      status: 200,
      body: readFileSync(file),
      headers: { 'access-control-allow-origin': '*', 'content-type': name.endsWith('.json') ? 'application/json' : 'application/octet-stream' },
    });
  });
  if (classesUrl) {
    await page.context().route(classesUrl, (route) =>
      route.fulfill({
        status: 200,
        body: readFileSync(path.join(TINY_DARKNET_DIR, 'classes.json')),
        headers: { 'access-control-allow-origin': '*', 'content-type': 'application/json' },
      }),
    );
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
