/**
 * Offline reading (issue 9, point 8), with the service worker allowed (the other specs block it):
 * a chapter visited once reads and runs its playground offline, in both themes; user code, share
 * links and search words are never stored; a new deploy's worker removes what an old one kept.
 */
import type { Page } from '@playwright/test';
import { encodeShare } from '../../playground/share/codec.ts';
import { expect, test } from './fixtures.ts';
import { run } from './playground-helpers.ts';

test.use({ serviceWorkers: 'allow' });

const CH3 = '/questions/03-convolution/';
const CONV_RESULT = 'Our result (valid padding, stride 1): [[0,-1,-1],[-1,1,3],[2,0,-2]]';

const offlineLine = (page: Page) => page.locator('[data-offline-status]');

async function livePlayground(page: Page, example: string) {
  const pg = page.locator(`[data-playground][data-example="${example}"]`);
  await pg.scrollIntoViewIfNeeded();
  await expect(pg).toHaveAttribute('data-live', 'true', { timeout: 60_000 });
  return pg;
}

/** Every key of every cache, and the text of every cached body under 2 MB. */
function cacheContents(page: Page): Promise<{ names: string[]; keys: string[]; bodies: string[] }> {
  return page.evaluate(async () => {
    const names = await caches.keys();
    const keys: string[] = [];
    const bodies: string[] = [];
    for (const name of names) {
      const cache = await caches.open(name);
      for (const request of await cache.keys()) {
        keys.push(request.url);
        const response = await cache.match(request);
        const blob = await response?.blob();
        if (blob && blob.size < 2_000_000) bodies.push(await blob.text());
      }
    }
    return { names, keys, bodies };
  });
}

test('a chapter visited once reads and runs its playground offline, in both themes', async ({ page, context }) => {
  test.setTimeout(300_000);
  await page.goto(CH3);
  await expect(offlineLine(page)).toHaveText(/^Available offline/, { timeout: 60_000 });
  // First use of a playground keeps the runtime too.
  const pg = await livePlayground(page, 'conv-from-scratch');
  expect(await run(pg)).toContain(CONV_RESULT);
  await expect(offlineLine(page)).toContainText('playgrounds included', { timeout: 30_000 });

  await context.setOffline(true);
  for (const theme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: theme });
    await page.reload();
    await expect(page.locator('h1')).toHaveText('What is a convolution?');
    await expect(page.locator('html')).toHaveAttribute('data-theme', theme);
    await expect(offlineLine(page)).toContainText('Offline: reading the saved copy', { timeout: 30_000 });
    const again = await livePlayground(page, 'conv-from-scratch');
    expect(await run(again), `run offline (${theme})`).toContain(CONV_RESULT);
  }
  // A page never visited says so, in the site's own page; the shell still opens.
  await page.goto('/questions/12-deepdream/');
  await expect(page.locator('h1')).toHaveText('Not available offline');
  await page.goto('/glossary/');
  await expect(page.locator('h1')).toHaveText('Glossary');
  await context.setOffline(false);
});

test('user code, share links and search words are never stored', async ({ page }) => {
  test.setTimeout(180_000);
  const marker = `private${Date.now()}`;
  const code = `import { log } from 'playground';\nlog('${marker}');\n`;
  const link = await encodeShare({ code, example: 'conv-from-scratch', backend: 'auto', page: CH3 });
  await page.goto(`${CH3}#${link}`);
  const pg = await livePlayground(page, 'conv-from-scratch');
  expect(await run(pg)).toContain(marker);
  await expect(offlineLine(page)).toHaveText(/^Available offline/, { timeout: 60_000 });
  await page.goto(`/search/?q=${marker}`);
  await expect(page.locator('[data-search-status]')).toContainText(marker);
  await expect(offlineLine(page)).toHaveText(/^Available offline/, { timeout: 60_000 });

  const { keys, bodies } = await cacheContents(page);
  expect(keys.length).toBeGreaterThan(20);
  for (const key of keys) {
    expect(key).not.toContain(marker);
    expect(key).not.toContain('#');
    expect(key).not.toContain('v1.');
    expect(key).not.toMatch(/[?&]q=/);
  }
  for (const body of bodies) expect(body.includes(marker)).toBe(false);
});

test('a new deploy’s worker removes what an older one kept', async ({ page }) => {
  await page.goto(CH3);
  await expect(offlineLine(page)).toHaveText(/^Available offline/, { timeout: 60_000 });
  // What an older deploy would have left behind.
  await page.evaluate(async () => {
    const site = `${location.origin}/`;
    await (await caches.open('dq-assets-v1')).put(`${site}runtime/worker.OLDBUILD.js?__rev=old`, new Response('old runtime'));
    await (await caches.open('dq-pages-v1')).put(`${site}questions/03-convolution/?__rev=old`, new Response('<h1>old</h1>'));
    await caches.open('dq-retired-v0');
  });
  // A new worker installs and activates, as after a deploy.
  await page.evaluate(async () => {
    await (await navigator.serviceWorker.getRegistration())?.unregister();
  });
  await page.reload();
  await expect(offlineLine(page)).toHaveText(/^Available offline/, { timeout: 60_000 });
  const { names, keys } = await cacheContents(page);
  expect(names).not.toContain('dq-retired-v0');
  expect(keys.filter((k) => k.includes('OLDBUILD') || k.includes('__rev=old'))).toEqual([]);
  // The chapter is kept under this build's revision.
  expect(keys.some((k) => new URL(k).pathname === CH3 && /__rev=\w+/.test(k))).toBe(true);
});
