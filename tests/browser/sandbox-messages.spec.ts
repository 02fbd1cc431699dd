/**
 * Attack suite, messages: user code takes the worker's own port and posts forged messages. The
 * page must check every one, drop the bad ones with one notice, never throw, and serve assets only
 * within the run's limits.
 */
import { test, expect } from './fixtures.ts';
import { clickRun, mainThreadTasks, openWithCode, watchLongTasks } from './sandbox-helpers.ts';

/** User code that captures the worker's port and the current run id, then calls `forge(post, runId)`. */
function forging(body: string): string {
  return `
import { log, plot, show } from 'playground';
const original = MessagePort.prototype.postMessage;
const { port, runId } = await new Promise<{ port: MessagePort; runId: number }>((resolve) => {
  MessagePort.prototype.postMessage = function (this: MessagePort, message: any, ...rest: any[]) {
    MessagePort.prototype.postMessage = original;
    resolve({ port: this, runId: message.runId });
    return (original as any).call(this, message, ...rest);
  };
  log('captured');
});
const post = (m: any) => original.call(port, m);
const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));
${body}
await wait(300);
log('forged all');
`;
}

test('forged output messages are dropped with one notice, and the page never throws', async ({ page, browser }) => {
  const code = forging(`
const xs = Array.from({ length: 200_000 }, (_, i) => [i, Math.sin(i)]);
post({ type: 'plot', runId, message: { kind: 'line', id: 'big', title: 'Fifty thousand points', series: [{ name: 's', points: xs.slice(0, 50_000) }] } });
post({ type: 'plot', runId, message: { kind: 'line', id: 'bigger', title: 'Two hundred thousand points', series: [{ name: 's', points: xs }] } });
post({ type: 'plot', runId, message: { kind: 'bar', id: 'b', title: 'bars', categories: 'x', series: 5 } });
post({ type: 'plot-append', runId, message: { id: 'big', points: [{ x: NaN, values: { s: 1 } }] } });
for (const [w, h, n] of [[NaN, 5, 20], [100000, 100000, 4], [4, 4, 3], [-2, 2, 16], [2.5, 2, 20], [8192, 8192, 16]]) {
  post({ type: 'image', runId, message: { label: 'forged', width: w, height: h, rgba: new Uint8ClampedArray(n), scale: 1 } });
}
post({ type: 'image', runId, message: { label: 'not bytes', width: 1, height: 1, rgba: [1, 2, 3, 4], scale: 1 } });
post({ type: 'progress', runId, message: { id: 'p', label: 'x', done: NaN, total: Infinity, elapsedMs: -1 } });
post({ type: 'progress', runId, message: { id: 'p', label: 'x', done: 5, total: 10, elapsedMs: 1e308 * 10 } });
post({ type: 'log', runId, level: 'notice pg-notice-error', text: 'pretending to be the page' });
post({ type: 'log', runId, level: 'log', text: { toString: 'x' } });
post({ type: 'table', runId, message: { caption: 'c', columns: ['a'], rows: Array.from({ length: 6000 }, () => [1]) } });
post({ type: 'table', runId, message: { caption: 'c', columns: ['a'], rows: [[{ evil: true }]] } });
post({ type: 'error', runId, phase: 'everything', message: 'x' });
post({ type: 'backend', runId, name: 'x'.repeat(500), notices: [] });
post({ type: 'done', runId: 'soon' });
post({ type: 'nonsense' });
post(null);
post({ type: 'log', runId: runId + 1000, level: 'log', text: 'for another run' });
// The honest API refuses bad images where they are made.
try { await show({ width: NaN, height: 5, rgba: new Uint8ClampedArray(20) }); } catch (e) { log('show refused: ' + (e as Error).message); }
try { await show({ width: 100000, height: 100000, rgba: new Uint8ClampedArray(4) }); } catch (e) { log('show refused: ' + (e as Error).message); }
try { plot.scatter('too big', { s: xs as any }); } catch (e) { log('plot refused: ' + (e as Error).message); }
`);
  const pg = await openWithCode(page, code);
  await watchLongTasks(page);
  let result = { status: '', output: '' };
  const tasks = await mainThreadTasks(browser, page, async () => {
    result = await clickRun(pg);
  });
  const { status, output } = result;
  console.log(`forged messages: longest main-thread task ${tasks.cpuMs.toFixed(0)} ms of CPU (${tasks.wallMs.toFixed(0)} ms wall-clock)`);
  expect(status).toMatch(/Finished in/);
  expect(output).toContain('forged all');
  // The 50,000-point plot is valid and drawn (a plot can hold no more at once); everything else is refused.
  await expect(pg.locator('[data-output] .pg-plot')).toHaveCount(1);
  await expect(pg.locator('[data-output] canvas')).toHaveCount(0);
  await expect(pg.locator('[data-output] progress')).toHaveCount(0);
  await expect(pg.locator('[data-output] table')).toHaveCount(0);
  expect(output).not.toContain('pretending to be the page');
  expect(output).not.toContain('for another run');
  const notices = output.split('\n').filter((l) => /could not be shown/.test(l));
  expect(notices).toHaveLength(1);
  expect(notices[0]).toMatch(/^\d+ messages from the code could not be shown/);
  expect(output).toMatch(/show refused: show\(\): width is not a whole number from 1 to 8192/);
  expect(output.match(/show refused/g)).toHaveLength(2);
  expect(output).toMatch(/plot refused: plot 'too big': series\[0\]\.points has 200,000 entries \(at most 50,000\)/);
});

test('asset requests: malformed ones are answered, only during a run, at most four at a time, within a byte budget', async ({ page, context }) => {
  test.setTimeout(180_000);
  const served: Array<{ url: string; start: number; end?: number }> = [];
  context.on('request', (r) => {
    if (r.url().includes('/data/mnist/')) served.push({ url: r.url(), start: Date.now() });
  });
  const ended = (r: import('@playwright/test').Request) => {
    const entry = served.find((s) => s.url === r.url() && s.end === undefined);
    if (entry) entry.end = Date.now();
  };
  context.on('requestfinished', ended);
  context.on('requestfailed', ended);
  const code = forging(`
const answers = new Map<number, string>();
const hear = port.onmessage;
port.onmessage = (e: MessageEvent) => {
  const m = e.data;
  if (m?.type === 'asset' && m.requestId >= 1_000_000) answers.set(m.requestId, m.error ?? 'bytes:' + m.bytes.byteLength);
  else (hear as any)?.call(port, e);
};
post({ type: 'asset-request', requestId: 1_000_001, path: 42 });
post({ type: 'asset-request', requestId: 1_000_002, path: { length: 3 } });
post({ type: 'asset-request', requestId: 1_000_003, path: 'http://127.0.0.1:9/x' });
for (let i = 0; i < 1000; i++) post({ type: 'asset-request', requestId: 1_001_000 + i, path: 'data/mnist/images.u8.gz' });
while (answers.size < 1003) await wait(100);
const values = [...answers.values()];
log('served ' + values.filter((v) => v.startsWith('bytes')).length);
log('refused: ' + [...new Set(values.filter((v) => !v.startsWith('bytes')).map((v) => v.replace(/'[^']*'/, "'…'")))].join(' | '));
`);
  const pg = await openWithCode(page, code);
  const { status, output } = await clickRun(pg, 150_000);
  expect(status).toMatch(/Finished in/);
  const servedCount = Number(/served (\d+)/.exec(output)?.[1]);
  const fileBytes = Number((await (await page.request.get('/data/mnist/images.u8.gz')).body()).length);
  expect(servedCount).toBeGreaterThan(0);
  expect(servedCount * fileBytes).toBeLessThanOrEqual(256 * 2 ** 20);
  expect(output).toMatch(/refused: .*A malformed asset request: asset-request\.path is not text/);
  expect(output).toMatch(/refused: .*Not allowed to load/);
  expect(output).toMatch(/more than 256 MB of files|more than 500 files/);
  // Never more than four downloads at once, and no download once the budget is spent.
  const most = Math.max(...served.map((s) => served.filter((o) => o.start <= s.start && (o.end ?? Infinity) > s.start).length));
  console.log(`asset downloads: ${served.length} started for 1,000 requests, ${servedCount} served, at most ${most} at once`);
  expect(most).toBeLessThanOrEqual(4);
  expect(served.length).toBeLessThanOrEqual(servedCount + 4);
  // Nothing is served once the run is over.
  const before = served.length;
  await page.waitForTimeout(1500);
  expect(served.length).toBe(before);
});
