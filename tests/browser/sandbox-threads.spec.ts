/**
 * Threads and WebGPU in the sandbox (issue 18, items 3 and 4). The test server sends COOP/COEP
 * (astro.config.mjs), so pages are cross-origin isolated and the sandbox's Blob worker runs the
 * threaded WASM build; a host without those headers gets one thread and a notice. WebGPU needs a
 * worker that is a secure context: a data: worker, used when the reader chooses WebGPU. Either
 * kind keeps the opaque origin and the CSP: no site storage, no network (sandbox-network.spec.ts
 * runs its whole attack on both kinds).
 */
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures.ts';
import { clickRun, openWithCode, pretendHardwareGpu, serveWithoutIsolation } from './sandbox-helpers.ts';

/** What the worker that runs user code can see of its environment, and a small computation. */
const PROBE = `
import * as tf from '@tensorflow/tfjs';
import { log } from 'playground';
const g = globalThis as any;
log('backend ' + tf.getBackend());
log('isolated ' + String(g.crossOriginIsolated === true));
log('sab ' + typeof g.SharedArrayBuffer);
log('secure ' + String(g.isSecureContext === true));
log('gpu ' + typeof g.navigator?.gpu);
log('origin ' + g.origin);
let idb = 'none';
try { await new Promise((res, rej) => { const r = indexedDB.open('x'); r.onsuccess = res; r.onerror = () => rej(r.error); }); idb = 'opened'; } catch (e) { idb = 'denied'; }
log('indexedDB ' + idb);
const a = tf.randomNormal([64, 8, 8, 16], 0, 1, 'float32', 1) as tf.Tensor4D;
const w = tf.randomNormal([3, 3, 16, 32], 0, 1, 'float32', 2) as tf.Tensor4D;
log('sum ' + (await tf.conv2d(a, w, 1, 'same').square().sum().data())[0]?.toPrecision(5));
`;

/** The .wasm files the page's workers fetched. */
function wasmRequests(page: Page): string[] {
  const seen: string[] = [];
  page.context().on('request', (r) => {
    const name = /\/runtime\/(tfjs-backend-wasm[\w-]*)\.[0-9a-f]+\.wasm$/.exec(r.url())?.[1];
    if (name) seen.push(name);
  });
  return seen;
}

/** The probe's sum on the CPU backend, from a fresh load of the page. */
async function cpuSum(page: Page): Promise<number> {
  await page.goto('about:blank');
  // (A CPU choice never gets the WebGPU sandbox, pretend GPU or not.)
  const { output } = await clickRun(await openWithCode(page, PROBE, 'cpu'));
  return Number(line(output, 'sum'));
}

const line = (output: string, key: string) =>
  output
    .split('\n')
    .find((l) => l.startsWith(`${key} `))
    ?.slice(key.length + 1);

test('a cross-origin-isolated page runs WebAssembly on several threads, in a sandbox still without storage or network', async ({ page }) => {
  const fetched = wasmRequests(page);
  const pg = await openWithCode(page, PROBE, 'wasm');
  expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
  const { status, output } = await clickRun(pg);
  expect(status).toMatch(/Finished/);
  expect(line(output, 'backend')).toBe('wasm');
  expect(line(output, 'isolated')).toBe('true');
  expect(line(output, 'sab')).toBe('function');
  expect(line(output, 'origin')).toBe('null');
  expect(line(output, 'indexedDB')).toBe('denied');
  const cores = await page.evaluate(() => navigator.hardwareConcurrency);
  if (cores > 1) expect(output).toMatch(/WebAssembly runs on \d+ threads\./);
  // Only the binary this browser runs was downloaded.
  expect([...new Set(fetched)]).toEqual(['tfjs-backend-wasm-threaded-simd']);
  // Same numbers as one thread (below) and as the CPU backend: the threaded build computes the same.
  const threaded = Number(line(output, 'sum'));
  expect(Math.abs(threaded - (await cpuSum(page))) / threaded).toBeLessThan(1e-4);
});

test('without cross-origin isolation (a host that sends no COOP/COEP) the playground runs on one thread and says why', async ({ page }) => {
  await serveWithoutIsolation(page);
  const fetched = wasmRequests(page);
  const pg = await openWithCode(page, PROBE, 'wasm');
  expect(await page.evaluate(() => crossOriginIsolated)).toBe(false);
  const { status, output } = await clickRun(pg);
  expect(status).toMatch(/Finished/);
  expect(line(output, 'backend')).toBe('wasm');
  expect(line(output, 'isolated')).toBe('false');
  expect(line(output, 'sab')).toBe('undefined');
  expect(output).toContain('WebAssembly runs on one thread: this page is not cross-origin isolated');
  expect([...new Set(fetched)]).toEqual(['tfjs-backend-wasm-simd']);
  // The spare sandbox booted after the run is still fetching through the route: let it go quietly.
  await page.unrouteAll({ behavior: 'ignoreErrors' });
});

test('choosing WebGPU where a GPU exists gives the sandbox a worker that is a secure context, so WebGPU starts there; still opaque, no storage', async ({
  page,
}) => {
  await pretendHardwareGpu(page);
  const pg = await openWithCode(page, PROBE, 'webgpu');
  const { status, output } = await clickRun(pg, 180_000);
  expect(status).toMatch(/Finished/);
  // Headless Chromium here has WebGPU only as a software fallback adapter (--enable-unsafe-webgpu).
  expect(line(output, 'secure')).toBe('true');
  expect(line(output, 'gpu')).toBe('object');
  expect(line(output, 'backend')).toBe('webgpu');
  expect(line(output, 'origin')).toBe('null');
  expect(line(output, 'indexedDB')).toBe('denied');
  expect(line(output, 'isolated')).toBe('false');
  const gpuSum = Number(line(output, 'sum'));
  expect(Math.abs(gpuSum - (await cpuSum(page))) / gpuSum).toBeLessThan(1e-3);
});
