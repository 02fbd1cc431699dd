/**
 * Helpers for the sandbox attack suite: a logging server on another loopback port (every request
 * that reaches it is a request that left the sandbox), running code and reading the outcome, and
 * the page's longest main-thread task while something happens.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type Browser, expect, type Locator, type Page } from '@playwright/test';
import { encodeShare } from '../../playground/share/codec.ts';
import type { BackendChoice } from '../../playground/shared/backends.ts';
import { setCode } from './playground-helpers.ts';

export interface LoggingServer {
  url: string;
  port: number;
  hits: string[];
  close(): Promise<void>;
}

/** A server that answers everything (with permissive CORS) and writes down every request. */
export async function startLoggingServer(): Promise<LoggingServer> {
  const hits: string[] = [];
  const server: Server = createServer((req, res) => {
    hits.push(`${req.method} ${req.url}`);
    if (req.url?.startsWith('/frame-our-site')) {
      const target = new URL(req.url, 'http://x').searchParams.get('target') ?? '';
      res.setHeader('content-type', 'text/html');
      res.end(`<!doctype html><title>other site</title><iframe id="victim" src="${target}" width="800" height="600"></iframe>`);
      return;
    }
    res.setHeader('access-control-allow-origin', '*');
    res.setHeader('content-type', req.url?.endsWith('.js') ? 'text/javascript' : 'text/plain');
    res.end(req.url?.endsWith('.js') ? 'self.leaked = true;' : 'logged');
  });
  server.on('upgrade', (req, socket) => {
    hits.push(`UPGRADE ${req.url}`);
    socket.destroy();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    hits,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** Put `code` in the editor, click Run, and wait for the status to say the run ended. */
export async function runCode(page: Page, pg: Locator, code: string, timeout = 120_000): Promise<{ status: string; output: string }> {
  await setCode(page, pg, code);
  await pg.getByRole('button', { name: 'Run', exact: true }).click();
  const status = pg.locator('[data-status]');
  await expect(status).toHaveText(/Finished|Stopped|failed/, { timeout });
  return { status: (await status.textContent()) ?? '', output: await pg.locator('[data-output]').innerText() };
}

/**
 * Open /playground/ with `code` from a share link (any length: typing long code into Monaco and
 * reading it back is slow and flaky). The code waits for Run, as link code does.
 */
export async function openWithCode(page: Page, code: string, backend: BackendChoice = 'wasm', example = 'hello-tensor'): Promise<Locator> {
  const fragment = await encodeShare({ code, example, backend, params: {}, page: '/playground/' });
  await page.goto(`/playground/#${fragment}`);
  const pg = page.locator(`[data-playground][data-example="${example}"]`);
  await expect(pg).toHaveAttribute('data-live', 'true', { timeout: 60_000 });
  return pg;
}

/** Click Run and wait for the status to say the run ended. */
export async function clickRun(pg: Locator, timeout = 120_000): Promise<{ status: string; output: string }> {
  await pg.getByRole('button', { name: 'Run', exact: true }).click();
  const status = pg.locator('[data-status]');
  await expect(status).toHaveText(/Finished|Stopped|failed/, { timeout });
  return { status: (await status.textContent()) ?? '', output: await pg.locator('[data-output]').innerText() };
}

/** Sandboxes on the page: frames in the shared container (the spare plus one per active run). */
export function sandboxes(page: Page): Locator {
  return page.locator('.pg-sandboxes iframe.pg-sandbox');
}

/**
 * Wait until the page's main thread has been quiet (no frame over 50 ms) for `quietMs`, so that a
 * measurement is not charged with the editor's own start-up work; then record every main-thread
 * task longer than 50 ms (PerformanceObserver 'longtask') until longestTask() is asked.
 */
export async function watchLongTasks(page: Page, quietMs = 1500, timeoutMs = 20_000): Promise<void> {
  await page.evaluate(
    async ({ quietMs, timeoutMs }) => {
      const w = window as unknown as {
        __longTasks: number[];
        __frames: string[];
        __observer?: PerformanceObserver;
        __frameObserver?: PerformanceObserver;
      };
      let last = performance.now();
      const frames = new PerformanceObserver((list) => {
        for (const entry of list.getEntries()) if (entry.duration > 50) last = performance.now();
      });
      frames.observe({ type: 'long-animation-frame', buffered: false });
      const started = performance.now();
      while (performance.now() - last < quietMs && performance.now() - started < timeoutMs) await new Promise((r) => setTimeout(r, 100));
      frames.disconnect();
      w.__longTasks = [];
      w.__observer?.disconnect();
      w.__observer = new PerformanceObserver((list) => {
        for (const entry of list.getEntries()) w.__longTasks.push(entry.duration);
      });
      w.__observer.observe({ type: 'longtask', buffered: false });
      // What the long frames were doing, to say where time went when the budget is missed.
      w.__frames = [];
      w.__frameObserver?.disconnect();
      w.__frameObserver = new PerformanceObserver((list) => {
        for (const e of list.getEntries() as PerformanceEntry[] &
          Array<{ blockingDuration: number; scripts: Array<{ invoker: string; sourceURL: string; duration: number }> }>) {
          if (e.duration <= 50) continue;
          const scripts = e.scripts.map((x) => `${x.invoker} ${x.sourceURL.split('/').pop()} ${Math.round(x.duration)} ms`).join(', ');
          w.__frames.push(`${Math.round(e.duration)} ms frame, ${Math.round(e.blockingDuration)} ms blocking: ${scripts || 'no script'}`);
        }
      });
      w.__frameObserver.observe({ type: 'long-animation-frame', buffered: false });
    },
    { quietMs, timeoutMs },
  );
}

/** The longest main-thread task since watchLongTasks, in ms (0 when none passed 50 ms). */
export async function longestTask(page: Page): Promise<number> {
  return page.evaluate(() => Math.max(0, ...(window as unknown as { __longTasks: number[] }).__longTasks));
}

/** The long animation frames since watchLongTasks, with the scripts that ran in them. */
export async function longFrames(page: Page): Promise<string[]> {
  return page.evaluate(() => (window as unknown as { __frames: string[] }).__frames);
}

export interface TaskTimes {
  /** The longest task on a renderer's main thread: its own CPU time, and its wall-clock time. */
  cpuMs: number;
  wallMs: number;
  /** Tasks over 50 ms of CPU time. */
  longTasks: number;
}

/**
 * The longest task on the renderers' main threads while `during` runs, from a Chromium trace. CPU
 * time (the trace's thread duration) is what the page's own work costs; wall-clock time also counts
 * waiting for a CPU, which on a busy shared machine can be many times longer.
 */
export async function mainThreadTasks(browser: Browser, page: Page, during: () => Promise<void>): Promise<TaskTimes> {
  await browser.startTracing(page, { categories: ['toplevel', 'devtools.timeline', '__metadata'] });
  let failure: unknown = null;
  await during().catch((error: unknown) => (failure = error));
  const buffer = await browser.stopTracing();
  if (failure) throw failure;
  const trace = JSON.parse(buffer.toString('utf8')) as {
    traceEvents: Array<{ name: string; ph: string; pid: number; tid: number; dur?: number; tdur?: number; args?: { name?: string } }>;
  };
  const main = new Set(
    trace.traceEvents.filter((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain').map((e) => `${e.pid}:${e.tid}`),
  );
  const tasks = trace.traceEvents.filter((e) => e.ph === 'X' && e.name === 'ThreadControllerImpl::RunTask' && main.has(`${e.pid}:${e.tid}`));
  return {
    cpuMs: Math.max(0, ...tasks.map((t) => (t.tdur ?? 0) / 1000)),
    wallMs: Math.max(0, ...tasks.map((t) => (t.dur ?? 0) / 1000)),
    longTasks: tasks.filter((t) => (t.tdur ?? 0) > 50_000).length,
  };
}

/**
 * Make the page (not the sandbox's worker) see a hardware WebGPU adapter: the runner then builds
 * the sandbox whose worker can reach WebGPU, as on a machine with a GPU. Inside, the worker finds
 * the real adapter, here SwiftShader's fallback (Chromium with --enable-unsafe-webgpu).
 */
export async function pretendHardwareGpu(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const gpu = (navigator as unknown as { gpu?: { requestAdapter: (o?: unknown) => Promise<unknown> } }).gpu;
    if (!gpu) return;
    const real = gpu.requestAdapter.bind(gpu);
    gpu.requestAdapter = async (options?: unknown) =>
      (await real(options))
        ? { isFallbackAdapter: false, info: { vendor: 'test', architecture: 'pretend', description: 'a hardware GPU (pretend)' } }
        : null;
  });
}

/**
 * Serve the site to `page` without COOP/COEP, as a host that cannot set headers would: the page
 * is not cross-origin isolated, and the playground runs WASM on one thread.
 */
export async function serveWithoutIsolation(page: Page): Promise<void> {
  await page.route('**/*', async (route) => {
    if (!/^http:\/\/127\.0\.0\.1/.test(route.request().url())) return route.fallback();
    const response = await route.fetch();
    const headers = { ...response.headers() };
    delete headers['cross-origin-opener-policy'];
    delete headers['cross-origin-embedder-policy'];
    await route.fulfill({ response, headers });
  });
}
