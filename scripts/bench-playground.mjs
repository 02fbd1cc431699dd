/**
 * npm run bench:playground — the playground in headless Chromium through the built site:
 *   1. bytes (gzip) fetched from clicking Run on a chapter playground (chapter 3's
 *      conv-from-scratch) to its first output, by file, against the 1.5 MB target; then the
 *      type checker's bytes, which an edit or an idle page brings in afterwards;
 *   2. click → editor ready and click → first output, cold and warm (ms);
 *   3. Automatic against each backend: the generated-data CNN (train-cnn, steps/s) and DeepDream
 *      (Tiny Darknet, seconds; needs ../shared/models/darknet-tiny), with Automatic's choice and
 *      its ratio to the best backend (target ≤ 1.2×).
 * Run with tsx (it reads the model address from a TypeScript module). Needs a build (`npm run build`). Flags: --no-speed (bytes and latency only), --dream-size N
 * (default 160), --dream-octaves N (2), --dream-steps N (5), --dream-timeout S (90: software WebGL and the
 * CPU backend take minutes, and are reported as stopped).
 * Backends are compared by the CPU time of the browser's processes (the machine is shared; each
 * lab's own wall-clock figure is printed beside it): every backend runs twice in one page (the
 * second run warm), Automatic and WebAssembly in two pages each, interleaved; the best run counts.
 */
import { chromium } from '@playwright/test';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { TINY_DARKNET_CLASSES_URL, TINY_DARKNET_DIR } from '../playground/shared/remote-models.ts';
import { findChromium, NO_BROWSER_HINT } from '../tests/browser-path.mjs';
import { chromiumCpuSeconds } from './chromium-cpu.ts';
import { startPreview } from './preview-server.mjs';

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const TARGET_BYTES = 1.5 * 1024 * 1024;
const DREAM = { size: option('dream-size', 160), octaves: option('dream-octaves', 2), steps: option('dream-steps', 5) };
const DREAM_TIMEOUT_S = option('dream-timeout', 90);
const DARKNET = path.resolve('../shared/models/darknet-tiny');

const executablePath = findChromium();
if (!executablePath) throw new Error(NO_BROWSER_HINT);
const dist = new URL('../dist/', import.meta.url);
const kib = (n) => `${(n / 1024).toFixed(0)} KB`;
const gzipOf = new Map();
/** gzip size (level 6, as a typical host compresses) of a built file by URL path; null if not a built file. */
function gzipBytes(urlPath) {
  if (!gzipOf.has(urlPath)) {
    const file = new URL(decodeURIComponent(urlPath.replace(/^\//, '').replace(/\/$/, '/index.html')), dist);
    gzipOf.set(urlPath, existsSync(file) ? gzipSync(readFileSync(file), { level: 6 }).length : null);
  }
  return gzipOf.get(urlPath);
}

const server = await startPreview();
const browser = await chromium.launch({
  executablePath,
  args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--enable-unsafe-webgpu'],
});

/** Record the site files a page requests from now on. */
function recordRequests(page) {
  const seen = [];
  const onRequest = (request) => {
    const url = new URL(request.url());
    if (url.origin === server.url) seen.push(url.pathname);
  };
  page.on('request', onRequest);
  return {
    take() {
      const files = [...new Set(seen.splice(0))];
      return files.map((p) => ({ path: p, gzip: gzipBytes(p) ?? 0 })).sort((a, b) => b.gzip - a.gzip);
    },
    stop: () => page.off('request', onRequest),
  };
}

try {
  // ---- 1 and 2: bytes and latency on chapter 3 ----------------------------------------------------
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await page.goto(`${server.url}/questions/03-convolution/`, { waitUntil: 'networkidle' });
  const requests = recordRequests(page);
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
    return { editorReady, coldOutput };
  });
  const beforeOutput = requests.take();
  const total = beforeOutput.reduce((n, f) => n + f.gzip, 0);
  console.log('Chapter 3, conv-from-scratch: files fetched from clicking Run to the first output (gzip):');
  console.table(Object.fromEntries(beforeOutput.filter((f) => f.gzip > 0).map((f) => [f.path, kib(f.gzip)])));
  console.log(`Total ${kib(total)} (${(total / 1024 / 1024).toFixed(2)} MB); target ≤ 1.5 MB: ${total <= TARGET_BYTES ? 'met' : 'NOT met'}.`);
  const wasmFiles = beforeOutput.filter((f) => f.path.endsWith('.wasm'));
  console.log(`WebAssembly binaries fetched: ${wasmFiles.map((f) => path.basename(f.path)).join(', ') || 'none'}.`);

  await page.waitForFunction(() => /Finished/.test(document.querySelector('[data-example="conv-from-scratch"] [data-status]')?.textContent ?? ''));
  const warm = await page.evaluate(async () => {
    const root = document.querySelector('[data-playground][data-example="conv-from-scratch"]');
    const until = async (test) => {
      while (!test()) await new Promise((r) => setTimeout(r, 5));
      return performance.now();
    };
    const click = (/** @type {string} */ selector) => root?.querySelector(selector)?.dispatchEvent(new MouseEvent('click', { bubbles: true }));
    const firstOutput = () => root.querySelector('.pg-log');
    const t1 = performance.now();
    click('[data-action="run"]');
    await until(() => !firstOutput());
    return (await until(firstOutput)) - t1;
  });
  // The type checker: preloaded when the page is idle after the run, or brought in by an edit.
  await page.waitForTimeout(9000);
  const pg = page.locator('[data-playground][data-example="conv-from-scratch"]');
  await pg.locator('.monaco-editor textarea').first().focus();
  await page.keyboard.press('End');
  await page.keyboard.type(' ');
  await page.waitForTimeout(3000);
  const later = requests.take();
  requests.stop();
  console.log(
    `Afterwards (idle preload or first edit): ${later
      .filter((f) => f.gzip > 0)
      .map((f) => `${path.basename(f.path)} ${kib(f.gzip)}`)
      .join(', ')}`,
  );
  console.log('\nLatency (ms):');
  console.table({
    'click → editor ready': Math.round(timing.editorReady),
    'click Run → first output (cold: editor + runtime load)': Math.round(timing.coldOutput),
    'click Run → first output (warm worker)': Math.round(warm),
  });
  await page.close();

  if (!args.includes('--no-speed')) {
    // ---- 3: Automatic against each backend ---------------------------------------------------------
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const dreamAvailable = existsSync(path.join(DARKNET, 'model.json'));
    if (dreamAvailable) {
      // The public model's address, answered from the local copy; nothing else leaves the machine.
      await context.route('**/*', (route) => {
        const url = route.request().url();
        if (url === TINY_DARKNET_CLASSES_URL)
          return route.fulfill({ body: readFileSync(path.join(DARKNET, 'classes.json')), headers: { 'access-control-allow-origin': '*' } });
        if (url.startsWith(TINY_DARKNET_DIR)) {
          const file = path.join(DARKNET, path.basename(url.slice(TINY_DARKNET_DIR.length).split('?')[0]));
          return existsSync(file)
            ? route.fulfill({ body: readFileSync(file), headers: { 'access-control-allow-origin': '*' } })
            : route.fulfill({ status: 404 });
        }
        return /^(https?:\/\/127\.0\.0\.1[:/]|data:|blob:|about:)/.test(url) ? route.fallback() : route.abort();
      });
    }

    /** Open a lab on a fresh page, choose the backend, run; returns the output text and the badge. */
    async function runLab(where, example, backend, settings, timeoutMs) {
      const p = await context.newPage();
      try {
        await p.goto(`${server.url}${where}`);
        if (where === '/playground/') await p.getByLabel('Example').selectOption(example);
        const lab = p.locator(`[data-playground][data-example="${example}"]`);
        await lab.scrollIntoViewIfNeeded();
        await p.waitForFunction((id) => document.querySelector(`[data-example="${id}"]`)?.getAttribute('data-live') === 'true', example, {
          timeout: 120_000,
        });
        await lab.getByLabel('Backend', { exact: true }).selectOption(backend);
        for (const [name, value] of settings) {
          await lab.locator(`[data-control="${name}"]`).evaluate((el, v) => {
            el.value = String(v);
            el.dispatchEvent(new Event('input', { bubbles: true }));
            el.dispatchEvent(new Event('change', { bubbles: true }));
          }, value);
        }
        // Twice in the same page: the second run is the warm one (the worker, its backend and
        // Automatic's choice made); the better of the two counts.
        const runs = [];
        for (let i = 0; i < 2; i++) {
          const finishedBefore = await lab.locator('[data-status]').textContent();
          const cpu0 = chromiumCpuSeconds();
          await lab.getByRole('button', { name: 'Run', exact: true }).click();
          const finished = await p
            .waitForFunction(
              ([id, before]) => {
                const text = document.querySelector(`[data-example="${id}"] [data-status]`)?.textContent ?? '';
                return text !== before && /Finished|failed|Stopped/.test(text);
              },
              [example, finishedBefore],
              { timeout: timeoutMs },
            )
            .then(() => true)
            .catch(() => false);
          const out = await lab.locator('[data-output]').innerText();
          const badge = ((await lab.locator('[data-badge]').textContent()) ?? '').replace('Backend: ', '');
          runs.push({ out, badge, finished, cpuSeconds: chromiumCpuSeconds() - cpu0 });
          if (!finished) break; // a backend too slow to finish once is not run again
        }
        return runs;
      } finally {
        await p.close();
      }
    }

    // Compared by CPU time of the browser's processes (the machine is shared); each lab's own
    // wall-clock figure is shown beside it.
    const labs = [
      {
        name: 'CNN training (train-cnn, 60 steps): steps per CPU-second, higher is better',
        where: '/playground/',
        example: 'train-cnn',
        settings: [],
        timeoutMs: 300_000,
        read: (out, cpu) => ({
          value: Number(/(\d+) steps in/.exec(out)?.[1] ?? Number.NaN) / cpu,
          wall: `${/\(([\d.]+) steps\/s on \w+\)/.exec(out)?.[1] ?? '?'} steps/s`,
        }),
        better: (a, b) => a > b,
      },
      ...(dreamAvailable
        ? [
            {
              name: `DeepDream (Tiny Darknet, ${DREAM.octaves} octaves × ${DREAM.steps} steps, ${DREAM.size} px): CPU seconds of the run, lower is better`,
              where: '/questions/12-deepdream/',
              example: 'deepdream',
              settings: [
                ['size', DREAM.size],
                ['octaves', DREAM.octaves],
                ['steps', DREAM.steps],
              ],
              timeoutMs: DREAM_TIMEOUT_S * 1000,
              read: (out, cpu) => ({ value: cpu, wall: `dreamed in ${/Dreamed in ([\d.]+) s/.exec(out)?.[1] ?? '?'} s` }),
              better: (a, b) => a < b,
            },
          ]
        : []),
    ];
    if (!dreamAvailable) console.log(`\n(DeepDream rows skipped: no local Tiny Darknet in ${DARKNET}.)`);

    for (const lab of labs) {
      const results = {};
      let autoNote = '';
      for (const backend of ['auto', 'wasm', 'webgl', 'cpu', 'webgpu', 'auto', 'wasm']) {
        process.stdout.write(`${lab.example} on ${backend}… `);
        const runs = await runLab(lab.where, lab.example, backend, lab.settings, lab.timeoutMs);
        for (const { out, badge, finished, cpuSeconds } of runs) {
          const { value, wall } = finished ? lab.read(out, cpuSeconds) : { value: Number.NaN, wall: '' };
          process.stdout.write(finished ? `${value.toFixed(1)} (${wall}, on ${badge}) ` : `not finished within ${lab.timeoutMs / 1000} s `);
          if (backend === 'auto') autoNote = /Automatic chose [^\n]*/.exec(out)?.[0] ?? autoNote;
          const best = results[backend];
          if (!best || !Number.isFinite(best.value) || (Number.isFinite(value) && lab.better(value, best.value)))
            results[backend] = { value, wall, badge, finished };
        }
        console.log();
      }
      const rows = {};
      for (const [backend, r] of Object.entries(results)) {
        rows[backend === 'auto' ? 'Automatic' : backend] = {
          result: r.finished ? Number(r.value.toFixed(2)) : `stopped after ${lab.timeoutMs / 1000} s`,
          'its own timing (wall)': r.wall,
          'ran on': r.badge,
        };
      }
      const explicit = Object.entries(results).filter(([b, r]) => b !== 'auto' && Number.isFinite(r.value));
      const best = explicit.reduce((acc, cur) => (!acc || lab.better(cur[1].value, acc[1].value) ? cur : acc), null);
      console.log(`\n${lab.name}:`);
      console.table(rows);
      const auto = results.auto?.value;
      if (best && Number.isFinite(auto)) {
        const lowerIsBetter = lab.better(1, 2);
        const ratio = lowerIsBetter ? auto / best[1].value : best[1].value / auto; // how many times slower Automatic was
        console.log(
          `Automatic vs the best backend (${best[0]}): ${ratio.toFixed(2)}× ${ratio <= 1.2 ? '(within the 1.2× target)' : '(NOT within 1.2×)'}. ${autoNote}`,
        );
      }
    }
    await context.close();
  }
} finally {
  await browser.close();
  server.stop();
}
