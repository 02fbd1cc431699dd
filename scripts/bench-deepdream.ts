/**
 * npm run bench:deepdream — DeepDream on Tiny Darknet, 3 octaves × 10 steps on a 224×224 picture
 * (layer leaky_re_lu_8, the chapter's other defaults), timed per backend:
 *
 *   - in Node, on WASM and on the CPU backend, calling playground/runtime/deepdream.ts directly;
 *   - in headless Chromium, through the built site's chapter 12 playground (Automatic, WASM, WebGL, and WebGPU
 *     where it initialises: inside the sandbox it does not, and the row says what ran instead).
 *
 * Prints a table of seconds and whether the WASM target (≤ 20 s) is met. Needs the local copy of
 * Tiny Darknet (scripts/local-darknet.ts; skips with a message without it) and, for the browser
 * rows, a build (`npm run build`) and Chromium.
 *
 *   --before   also time each backend with the layers' own ops (features.apply), as before the
 *              dream step ran convolution and batch norm as plain ops (see applyFeatures): the
 *              runtime's dreamStep with `apply` set; in the browser, the example's code with that
 *              one call changed, opened from a share link
 *   --node     Node rows only            --browser  browser rows only
 *   --octaves=N, --steps=N, --size=N     another recipe (the chapter's default run is --octaves=4)
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { chromium, type BrowserContext } from '@playwright/test';
import { initBackend, type BackendName } from '../playground/runtime/backends.ts';
import { dream, type DreamOptions } from '../playground/runtime/deepdream.ts';
import { generateImage } from '../playground/runtime/images.ts';
import { encodeShare } from '../playground/share/codec.ts';
import { findChromium, NO_BROWSER_HINT } from '../tests/browser-path.mjs';
import { fulfilTinyDarknet, hasTinyDarknet, LOCAL_TINY_DARKNET, loadLocalTinyDarknet } from './local-darknet.ts';
import { startPreview } from './preview-server.mjs';

const TARGET_S = 20;
const args = new Set(process.argv.slice(2));
const option = (name: string, fallback: number) => Number(process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? fallback);
const OCTAVES = option('octaves', 3);
const STEPS = option('steps', 10);
const SIZE = option('size', 224);
const wantNode = !args.has('--browser');
const wantBrowser = !args.has('--node');

if (!hasTinyDarknet) {
  console.log(`bench:deepdream: no local copy of Tiny Darknet in ${LOCAL_TINY_DARKNET}; nothing to time.`);
  process.exit(0);
}

interface Row {
  where: string;
  backend: string;
  seconds: number | string;
  note: string;
}
const rows: Row[] = [];

// ---- Node --------------------------------------------------------------------------------------

/** The dream step with the layers' own (fused) ops, as it ran before applyFeatures. */
const layersOps: DreamOptions['apply'] = (features, batch) => features.apply(batch) as tf.Tensor4D;

async function benchNode(backend: BackendName, apply?: DreamOptions['apply']): Promise<number> {
  const used = await initBackend(backend);
  if (used !== backend) throw new Error(`${backend} did not start (got ${used})`);
  const loaded = await loadLocalTinyDarknet();
  const net = loaded.withInputSize(null, null);
  const picture = generateImage('shapes', SIZE);
  const options: Partial<DreamOptions> = { layer: 'leaky_re_lu_8', octaves: OCTAVES, stepsPerOctave: STEPS, apply };
  const t0 = performance.now();
  const out = await dream(net, picture, options);
  await out.data(); // the finished picture, read back as the page would
  const seconds = (performance.now() - t0) / 1000;
  tf.dispose([out, picture]);
  loaded.dispose();
  return seconds;
}

if (wantNode) {
  for (const backend of ['wasm', 'cpu'] as const) {
    const variants: Array<[string, DreamOptions['apply']]> = [['plain ops (applyFeatures)', undefined]];
    if (args.has('--before')) variants.push(["before: the layers' fused ops", layersOps]);
    for (const [note, apply] of variants) {
      process.stdout.write(`Node ${backend}, ${note}… `);
      const seconds = await benchNode(backend, apply);
      console.log(`${seconds.toFixed(1)} s`);
      rows.push({ where: 'Node 20', backend, seconds: Number(seconds.toFixed(1)), note });
    }
  }
}

// ---- Chromium, through the built site ----------------------------------------------------------

async function benchBrowser(): Promise<void> {
  const executablePath = findChromium();
  if (!executablePath) {
    console.log(`Browser rows skipped: ${NO_BROWSER_HINT}`);
    return;
  }
  if (!existsSync(path.resolve('dist/questions/12-deepdream/index.html'))) {
    console.log('Browser rows skipped: no build of chapter 12 in dist/ (run `npm run build`).');
    return;
  }
  const server = await startPreview();
  const browser = await chromium.launch({
    executablePath,
    args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--enable-unsafe-webgpu'],
  });
  try {
    const example = readFileSync(path.resolve('playground/examples/deepdream.ts'), 'utf8');
    const call = 'deepdream.applyFeatures(features, x.expandDims(0))';
    if (!example.includes(call)) throw new Error(`the deepdream example no longer contains ${call}`);
    const beforeCode = example.replace(call, '(features.apply(x.expandDims(0)) as tf.Tensor4D)');
    const runs = ['auto', 'wasm', 'webgl', 'webgpu'].flatMap((backend) => [
      { backend, before: false },
      ...(args.has('--before') && backend !== 'webgpu' ? [{ backend, before: true }] : []),
    ]);
    async function timeInPage(context: BrowserContext, backend: string, before: boolean): Promise<Row> {
      // The public model address, served from the local copy; nothing else leaves the machine.
      await context.route('**/*', async (route) => {
        if (await fulfilTinyDarknet(route)) return;
        return /^(https?:\/\/127\.0\.0\.1[:/]|data:|blob:|about:)/.test(route.request().url()) ? route.fallback() : route.abort();
      });
      const page = await context.newPage();
      // The chapter's playground, or the standalone one opened from a link with the changed code.
      const link = before
        ? `/playground/#${await encodeShare({ code: beforeCode, example: 'deepdream', backend: backend as 'wasm' })}`
        : '/questions/12-deepdream/';
      await page.goto(`${server.url}${link}`);
      const pg = page.locator('[data-playground][data-example="deepdream"]');
      await pg.scrollIntoViewIfNeeded();
      await page.waitForFunction(() => document.querySelector('[data-example="deepdream"]')?.getAttribute('data-live') === 'true', null, {
        timeout: 60_000,
      });
      await pg.getByLabel('Backend', { exact: true }).selectOption(backend);
      for (const [name, value] of [
        ['size', SIZE],
        ['octaves', OCTAVES],
        ['steps', STEPS],
      ] as const) {
        await pg.locator(`[data-control="${name}"]`).evaluate((el: HTMLInputElement, v) => {
          el.value = String(v);
          el.dispatchEvent(new Event('input', { bubbles: true }));
          el.dispatchEvent(new Event('change', { bubbles: true }));
        }, value);
      }
      const variant = before ? "before: the layers' fused ops" : 'plain ops (applyFeatures)';
      process.stdout.write(`Chromium ${backend}, ${variant}… `);
      await pg.getByRole('button', { name: 'Run', exact: true }).click();
      await page.waitForFunction(
        () => /Finished|failed|Stopped/.test(document.querySelector('[data-example="deepdream"] [data-status]')?.textContent ?? ''),
        null,
        { timeout: 600_000 },
      );
      const out = await pg.locator('[data-output]').innerText();
      const m = /Dreamed in ([\d.]+) s on (\w+)/.exec(out);
      const ranOn = m?.[2] ?? 'failed';
      const note = !m
        ? (out.split('\n').find((l) => /error/i.test(l)) ?? 'no result').slice(0, 80)
        : backend === 'auto'
          ? `Automatic chose ${ranOn}`
          : ranOn !== backend
            ? `not available in the sandbox; ran on ${ranOn}`
            : variant;
      console.log(m ? `${m[1]} s on ${ranOn}` : 'failed');
      return { where: 'Chromium (headless)', backend, seconds: m ? Number(m[1]) : 'failed', note };
    }

    for (const { backend, before } of runs) {
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      try {
        rows.push(await timeInPage(context, backend, before));
      } catch (e) {
        console.log(`failed: ${(e as Error).message.split('\n')[0]}`);
        rows.push({ where: 'Chromium (headless)', backend, seconds: 'failed', note: (e as Error).message.split('\n')[0]!.slice(0, 80) });
      } finally {
        await context.close();
      }
    }
  } finally {
    await browser.close();
    try {
      server.stop();
    } catch {
      console.log('(the preview server had already stopped)');
    }
  }
}

if (wantBrowser) await benchBrowser();

console.log(`\nDeepDream, Tiny Darknet, ${OCTAVES} octaves × ${STEPS} steps, ${SIZE}×${SIZE}, layer leaky_re_lu_8 (seconds;`);
console.log('in the browser, the dream loop as the example times it, with the live picture shown after every step):');
console.table(rows);
const wasm = rows.filter((r) => r.backend === 'wasm' && typeof r.seconds === 'number' && !r.note.startsWith('before'));
for (const r of wasm) {
  const s = r.seconds as number;
  console.log(`WASM target (≤ ${TARGET_S} s), ${r.where}: ${s <= TARGET_S ? 'met' : 'NOT met'} (${s} s)`);
}
