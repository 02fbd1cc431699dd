/**
 * npm run bench:pages — for every built page: bytes transferred by kind (HTML, CSS, JS, fonts,
 * other) as gzip sizes, and the JavaScript executed before any interaction (loaded with the page,
 * no scrolling or clicks; inline scripts included). Checks the chapter-page budget: ≤ 10 KB of JS
 * (gzip) before interaction and no web fonts from elsewhere, and lists the font files each page
 * loads. A first visit: the service worker is blocked, so its install-time downloads (which the
 * page does not wait for) are not counted; its registration script is. Prints; does not assert in
 * tests. Needs a build (`npm run build`).
 */
import { chromium } from '@playwright/test';
import { gzipSync } from 'node:zlib';
import { findChromium, NO_BROWSER_HINT } from '../tests/browser-path.mjs';
import { startPreview } from './preview-server.mjs';

const JS_BUDGET = 10 * 1024;
const executablePath = findChromium();
if (!executablePath) throw new Error(NO_BROWSER_HINT);

const server = await startPreview();
const browser = await chromium.launch({ executablePath, args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update'] });
const kib = (/** @type {number} */ n) => (n / 1024).toFixed(1);

try {
  const sitemap = await (await fetch(`${server.url}/sitemap-0.xml`)).text();
  const paths = [...sitemap.matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => new URL(m[1] ?? '').pathname).concat('/404.html');
  const rows = [];
  const fontsByPage = [];
  let failures = 0;
  for (const path of paths) {
    // A fresh context per page: a first visit, with nothing in the cache.
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, serviceWorkers: 'block' });
    const page = await context.newPage();
    const sizes = { html: 0, css: 0, js: 0, font: 0, other: 0 };
    /** @type {string[]} */
    const offsiteFonts = [];
    /** @type {string[]} */
    const fontFiles = [];
    /** @type {Promise<void>[]} */
    const pending = [];
    const onResponse = (/** @type {import('@playwright/test').Response} */ response) =>
      pending.push(
        (async () => {
          const url = response.url();
          if (!url.startsWith('http')) return;
          const type = response.request().resourceType();
          const body = await response.body().catch(() => Buffer.alloc(0));
          const gz = gzipSync(body).length;
          const kind = type === 'document' ? 'html' : type === 'stylesheet' ? 'css' : type === 'script' ? 'js' : type === 'font' ? 'font' : 'other';
          sizes[kind] += gz;
          if (kind === 'font' && !url.startsWith(server.url)) offsiteFonts.push(url);
          if (kind === 'font') fontFiles.push(`${(url.split('/').pop() ?? url).replace(/\.[\w-]{8}\.woff2$/, '.woff2')} ${kib(body.length)}`);
        })(),
      );
    page.on('response', onResponse);
    await page.goto(server.url + path, { waitUntil: 'networkidle' });
    // Fonts start loading only once text is laid out: wait for them, then for the network again.
    await page.evaluate(() => document.fonts.ready.then(() => undefined));
    await page.waitForLoadState('networkidle');
    await Promise.all(pending);
    page.off('response', onResponse);
    const inlineJs = await page.evaluate(() =>
      [...document.querySelectorAll('script:not([src])')]
        .map((s) => /** @type {HTMLScriptElement} */ (s))
        .filter((s) => !s.type || s.type === 'module' || s.type === 'text/javascript')
        .map((s) => s.textContent ?? '')
        .join('\n'),
    );
    const inlineGz = inlineJs ? gzipSync(Buffer.from(inlineJs)).length : 0;
    await context.close();
    const jsBeforeInteraction = sizes.js + inlineGz;
    const isChapter = path.startsWith('/questions/');
    const ok = !isChapter || (jsBeforeInteraction <= JS_BUDGET && offsiteFonts.length === 0);
    if (!ok) failures++;
    rows.push({
      page: path,
      'HTML KB': kib(sizes.html),
      'CSS KB': kib(sizes.css),
      'JS KB': kib(sizes.js),
      'inline JS KB': kib(inlineGz),
      'fonts KB': kib(sizes.font),
      'other KB': kib(sizes.other),
      'JS before interaction KB': kib(jsBeforeInteraction),
      budget: isChapter ? (ok ? `ok (≤ ${kib(JS_BUDGET)})` : 'OVER') : '—',
    });
    fontsByPage.push({ page: path, files: fontFiles.sort() });
  }
  console.log('Bytes per page, gzip, loaded without interaction (viewport 1280×800):');
  console.table(rows);
  console.log('Font files per page (KB; woff2 is already compressed):');
  for (const { page, files } of fontsByPage) console.log(`  ${page}: ${files.length ? files.join(', ') : 'none'}`);
  console.log(
    failures ? `${failures} chapter page(s) over budget.` : 'All chapter pages within the 10 KB JS budget; no fonts fetched from elsewhere.',
  );
  process.exitCode = failures ? 1 : 0;
} finally {
  await browser.close();
  server.stop();
}
