/**
 * `npm run probe:sandbox`: what a worker inside the playground's sandbox can and cannot do in this
 * Chromium, measured, for the decisions recorded in the README ("How the playground keeps user
 * code away from the site"). It serves small pages on two loopback ports (the second one logs any
 * request that reaches it) and frames a sandbox document with the CSP of public/sandbox.html, then
 * asks, from the sandbox document itself, from a Blob worker (what the playground uses) and from a
 * data: URL worker: is it a secure context, is there navigator.gpu and an adapter
 * (--enable-unsafe-webgpu), is it cross-origin isolated (SharedArrayBuffer), does a request to
 * another host get through, is IndexedDB open to it. Each case runs without and with COOP/COEP
 * headers, and with and without allow="cross-origin-isolated" on the iframe. It also reports
 * whether the sandbox frame got a renderer process of its own. Prints one table.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { chromium } from '@playwright/test';
import { findChromium } from '../tests/browser-path.mjs';

const sandboxCsp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(readFileSync('public/sandbox.html', 'utf8'))?.[1];
if (!sandboxCsp) throw new Error('public/sandbox.html has no CSP meta tag');

const PROBE = `
const report = async (where) => {
  const r = { where, secure: self.isSecureContext, gpu: 'gpu' in navigator, coi: self.crossOriginIsolated, sab: typeof SharedArrayBuffer === 'function' };
  try { r.adapter = !!(await navigator.gpu?.requestAdapter()); } catch { r.adapter = false; }
  try { await fetch(self.FAR + '/from-' + where); r.network = 'REACHED'; } catch { r.network = 'refused'; }
  try { await new Promise((res, rej) => { const q = indexedDB.open('probe'); q.onsuccess = res; q.onerror = () => rej(q.error); }); r.indexedDB = 'OPEN'; } catch { r.indexedDB = 'denied'; }
  return r;
};`;

const BOOTSTRAP = `
addEventListener('message', async (event) => {
  if (event.source !== parent) return;
  const { port, far, source } = event.data;
  self.FAR = far;
  ${PROBE}
  port.postMessage(await report('document'));
  const blob = new Worker(URL.createObjectURL(new Blob(['self.FAR=' + JSON.stringify(far) + ';' + source], { type: 'text/javascript' })));
  blob.onmessage = (m) => port.postMessage(m.data);
  blob.onerror = (e) => port.postMessage({ where: 'blob worker', error: e.message || 'failed' });
  try {
    const data = new Worker('data:text/javascript,' + encodeURIComponent('self.FAR=' + JSON.stringify(far) + ';' + source));
    data.onmessage = (m) => port.postMessage(m.data);
    data.onerror = (e) => port.postMessage({ where: 'data: worker', error: e.message || 'failed' });
  } catch (e) { port.postMessage({ where: 'data: worker', error: String(e) }); }
});`;
const WORKER = `${PROBE} report(self.location.protocol === 'data:' ? 'data: worker' : 'blob worker').then((r) => postMessage(r));`;

// The sandbox's own policy; the data: worker case needs worker-src data: as well (the playground does not allow it).
const policy = sandboxCsp
  .replace(/'sha256-[^']+'/, `'sha256-${createHash('sha256').update(BOOTSTRAP).digest('base64')}'`)
  .replace('worker-src blob:', 'worker-src blob: data:');
const sandboxHtml = `<!doctype html><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="${policy}"><script>${BOOTSTRAP}</script>`;

/** @type {string[]} */
const hits = [];
const far = createServer((req, res) => {
  hits.push(req.url ?? '');
  res.setHeader('access-control-allow-origin', '*');
  res.end('reached');
}).listen(0, '127.0.0.1');
/** @type {Record<string, string>} */
let headers = {};
const site = createServer((req, res) => {
  for (const [k, v] of Object.entries(headers)) res.setHeader(k, v);
  res.setHeader('content-type', 'text/html');
  if (req.url === '/sandbox.html') return res.end(sandboxHtml);
  const allow = (req.url ?? '').includes('allow=1');
  res.end(`<!doctype html><meta charset="utf-8"><script>
window.results = [];
const frame = document.createElement('iframe');
frame.setAttribute('sandbox', 'allow-scripts');
${allow ? "frame.setAttribute('allow', 'cross-origin-isolated');" : ''}
frame.src = '/sandbox.html';
frame.onload = () => {
  const channel = new MessageChannel();
  channel.port1.onmessage = (e) => window.results.push(e.data);
  frame.contentWindow.postMessage({ port: channel.port2, far: ${JSON.stringify(`http://127.0.0.1:${/** @type {import('node:net').AddressInfo} */ (far.address()).port}`)}, source: ${JSON.stringify(WORKER)} }, '*', [channel.port2]);
};
document.documentElement.append(frame);
window.page = { secure: isSecureContext, coi: crossOriginIsolated };
</script>`);
}).listen(0, '127.0.0.1');
await new Promise((r) => setTimeout(r, 100));

const browser = await chromium.launch({
  executablePath: findChromium() ?? undefined,
  args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--enable-unsafe-webgpu'],
});
console.log(`Chromium ${browser.version()}; sandbox document with the CSP of public/sandbox.html (plus worker-src data: for the data: worker).\n`);
const rows = [];
for (const [label, coop, allow] of [
  ['no COOP/COEP', false, false],
  ['COOP/COEP', true, false],
  ['COOP/COEP + allow', true, true],
]) {
  headers = coop ? { 'cross-origin-opener-policy': 'same-origin', 'cross-origin-embedder-policy': 'require-corp' } : {};
  const context = await browser.newContext();
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  let ownProcess = false;
  cdp.on('Target.attachedToTarget', (e) => {
    if (e.targetInfo.type === 'iframe') ownProcess = true;
  });
  await cdp.send('Target.setAutoAttach', { autoAttach: true, flatten: true, waitForDebuggerOnStart: false });
  await page.goto(`http://127.0.0.1:${/** @type {import('node:net').AddressInfo} */ (site.address()).port}/?allow=${allow ? 1 : 0}`);
  await page.waitForFunction(() => /** @type {any} */ (window).results.length >= 3, null, { timeout: 30_000 }).catch(() => undefined);
  const pageInfo = await page.evaluate(() => /** @type {any} */ (window).page);
  for (const r of await page.evaluate(() => /** @type {any} */ (window).results))
    rows.push({ headers: label, page_coi: pageInfo.coi, frame_own_process: ownProcess, ...r });
  await context.close();
}
await browser.close();
far.close();
site.close();
console.table(rows);
console.log(hits.length === 0 ? 'No request reached the other host.' : `Requests that reached the other host: ${hits.join(', ')}`);
