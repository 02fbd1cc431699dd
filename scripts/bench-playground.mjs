/**
 * npm run bench:playground — prints: click → editor ready and click Run → first output on a chapter
 * page (cold, then warm), bytes loaded for the editor and for TF.js (gzip), and training steps/s of
 * the generated-data CNN example per backend in headless Chromium. Needs a build.
 */
import { chromium } from '@playwright/test';
import { gzipSync } from 'node:zlib';
import { readFileSync } from 'node:fs';
import { findChromium, NO_BROWSER_HINT } from '../tests/browser-path.mjs';
import { startPreview } from './preview-server.mjs';

const executablePath = findChromium();
if (!executablePath) throw new Error(NO_BROWSER_HINT);
/** @type {import('../playground/runner/runtime-manifest.d.json.ts').RuntimeManifest} */
const manifest = JSON.parse(readFileSync(new URL('../playground/runner/runtime-manifest.json', import.meta.url), 'utf8'));
const gz = (/** @type {string} */ file) => gzipSync(readFileSync(new URL(`../dist/runtime/${file}`, import.meta.url))).length;
const kib = (/** @type {number} */ n) => `${(n / 1024).toFixed(0)} KB`;

const editorFiles = [manifest.editor, manifest.editorCss, manifest.editorWorker, manifest.tsWorker, manifest.typings];
const tfFiles = [manifest.worker, ...Object.values(manifest.wasm)];
console.log('Bytes (gzip):');
console.table({
  editor: { files: editorFiles.join(', '), gzip: kib(editorFiles.reduce((n, f) => n + gz(f), 0)) },
  'TF.js runtime (worker + WASM)': { files: tfFiles.join(', '), gzip: kib(tfFiles.reduce((n, f) => n + gz(f), 0)) },
});

const server = await startPreview();
const browser = await chromium.launch({
  executablePath,
  args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--enable-unsafe-webgpu'],
});
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await page.goto(`${server.url}/questions/03-convolution/`, { waitUntil: 'networkidle' });
  const timing = await page.evaluate(async () => {
    const root = document.querySelector('[data-playground][data-example="conv-from-scratch"]');
    if (!(root instanceof HTMLElement)) throw new Error('no conv-from-scratch playground on chapter 3');
    const click = (/** @type {string} */ selector) => root.querySelector(selector)?.dispatchEvent(new MouseEvent('click', { bubbles: true }));
    const until = async (/** @type {() => unknown} */ test) => {
      while (!test()) await new Promise((r) => setTimeout(r, 5));
      return performance.now();
    };
    const firstOutput = () => root.querySelector('.pg-log');
    const t0 = performance.now();
    click('[data-action="run"]');
    const editorReady = (await until(() => root.dataset.live === 'true')) - t0;
    const coldOutput = (await until(firstOutput)) - t0;
    await until(() => /Finished/.test(root.querySelector('[data-status]')?.textContent ?? ''));
    const t1 = performance.now();
    click('[data-action="run"]');
    await until(() => !firstOutput());
    const warmOutput = (await until(firstOutput)) - t1;
    return { editorReady, coldOutput, warmOutput };
  });
  console.log('\nChapter 3, conv-from-scratch playground (ms):');
  console.table({
    'click → editor ready': Math.round(timing.editorReady),
    'click Run → first output (cold: editor + runtime load)': Math.round(timing.coldOutput),
    'click Run → first output (warm worker)': Math.round(timing.warmOutput),
  });

  /** @type {Record<string, { 'steps/s': number; 'ran on': string | undefined }>} */
  const speeds = {};
  for (const backend of ['wasm', 'webgl', 'cpu', 'webgpu']) {
    await page.goto(`${server.url}/playground/`);
    await page.getByLabel('Example').selectOption('train-cnn');
    const pg = page.locator('[data-playground][data-example="train-cnn"]');
    await page.waitForFunction(() => document.querySelector('[data-example="train-cnn"]')?.getAttribute('data-live') === 'true', null, {
      timeout: 60_000,
    });
    await pg.getByLabel('Backend', { exact: true }).selectOption(backend);
    await pg.getByRole('button', { name: 'Run', exact: true }).click();
    await page.waitForFunction(
      () => /Finished|failed|Stopped/.test(document.querySelector('[data-example="train-cnn"] [data-status]')?.textContent ?? ''),
      null,
      { timeout: 300_000 },
    );
    const out = await pg.locator('[data-output]').innerText();
    const m = /\(([\d.]+) steps\/s on (\w+)\)/.exec(out);
    speeds[backend] = m ? { 'steps/s': Number(m[1]), 'ran on': m[2] } : { 'steps/s': NaN, 'ran on': 'failed' };
  }
  console.log('\nTraining the generated-data CNN (batch 32, 16×16 inputs), steps per second:');
  console.table(speeds);
} finally {
  await browser.close();
  server.stop();
}
