import { describe, expect, it } from 'vitest';
import { AssetServer } from '../../playground/runner/assets.ts';
import { Gate, MESSAGE_PLOT_VALUES } from '../../playground/runner/gate.ts';
import type { GateItem, GateToPage } from '../../playground/runner/gate-protocol.ts';
import { LIMITS } from '../../playground/shared/limits.ts';
import type { HostToWorker } from '../../playground/shared/protocol.ts';

/** A gate wired to arrays, with batches flushed by hand. */
function harness(fetchImpl: typeof fetch = async () => new Response('ok'), bytesPerRun?: number) {
  const toPage: GateToPage[] = [];
  const toWorker: HostToWorker[] = [];
  const timers: Array<() => void> = [];
  let disconnected = false;
  const reply = (m: HostToWorker) => toWorker.push(m);
  const assets = new AssetServer('/', reply, () => undefined, fetchImpl, bytesPerRun);
  const gate = new Gate(
    {
      toPage: (m) => toPage.push(m),
      toWorker: reply,
      schedule: (cb) => timers.push(cb),
      disconnect: () => {
        disconnected = true;
      },
    },
    assets,
  );
  const items = (): GateItem[] => {
    for (const t of timers.splice(0)) t();
    return toPage.flatMap((m) => (m.type === 'items' ? m.items : []));
  };
  const start = (runId = 1) => gate.fromPage({ type: 'run', runId, code: '', backend: 'wasm', inputs: { image: null, files: [], params: {} } });
  return { gate, assets, toPage, toWorker, items, start, disconnected: () => disconnected };
}

const log = (text: string, runId = 1) => ({ type: 'log', runId, level: 'log', text });
const settle = () => new Promise((r) => setTimeout(r, 20));

describe('the gate between the sandbox and the page', () => {
  it('passes checked output of the current run on in one batch, and drops other runs', () => {
    const h = harness();
    h.start(5);
    h.gate.fromSandbox(log('a', 5));
    h.gate.fromSandbox(log('stale', 4));
    h.gate.fromSandbox(log('b', 5));
    expect(h.toPage).toHaveLength(0); // batched, not sent one by one
    const texts = h.items().map((i) => (i.kind === 'message' && i.message.type === 'log' ? i.message.text : '?'));
    expect(texts).toEqual(['a', 'b']);
    expect(h.toPage).toHaveLength(1);
  });

  it('drops malformed messages with one notice that keeps a count', () => {
    const h = harness();
    h.start();
    h.gate.fromSandbox({ type: 'progress', runId: 1, message: { id: 'p', label: 'x', done: Number.NaN, total: 1, elapsedMs: 0 } });
    h.gate.fromSandbox({ type: 'log', runId: 1, level: 'shout', text: 'x' });
    h.gate.fromSandbox({
      type: 'done',
      runId: 1,
      ms: 1,
      memoryBefore: { numTensors: 0, numBytes: 0 },
      memoryAfter: { numTensors: 0, numBytes: 0 },
      backend: 'cpu',
    });
    const items = h.items();
    const notices = items.filter((i) => i.kind === 'notice');
    expect(notices.map((n) => n.kind === 'notice' && n.key)).toEqual(['malformed', 'malformed']);
    expect(notices[1]?.kind === 'notice' && notices[1].text).toMatch(/^2 messages from the code could not be shown.*first: progress\.message\.done/);
    // The count comes before 'done', after which the page listens no more.
    expect(items.at(-1)).toMatchObject({ kind: 'message', message: { type: 'done' } });
  });

  it('keeps a run to its output limit and says how much was left out', () => {
    const h = harness();
    h.start();
    for (let i = 0; i < LIMITS.keptOutputLines + 30; i++) h.gate.fromSandbox(log(`line ${i}`));
    h.gate.fromSandbox({
      type: 'done',
      runId: 1,
      ms: 1,
      memoryBefore: { numTensors: 0, numBytes: 0 },
      memoryAfter: { numTensors: 0, numBytes: 0 },
      backend: 'cpu',
      omittedLines: 5,
    });
    const items = h.items();
    expect(items.filter((i) => i.kind === 'message' && i.message.type === 'log')).toHaveLength(LIMITS.keptOutputLines);
    const last = items.filter((i) => i.kind === 'notice').at(-1);
    expect(last?.kind === 'notice' && last.text).toMatch(/35 more lines were not kept/);
  });

  it('stops a sandbox that floods it, and stops listening', () => {
    const h = harness();
    h.start();
    for (let i = 0; i <= LIMITS.messagesPerRun + 10; i++) h.gate.fromSandbox({ type: 'pong', id: i });
    const flood = h.toPage.filter((m) => m.type === 'flood');
    expect(flood).toHaveLength(1);
    expect(h.disconnected()).toBe(true);
  });

  it('limits points per plot, appends included', () => {
    const h = harness();
    h.start();
    h.gate.fromSandbox({
      type: 'plot',
      runId: 1,
      message: { kind: 'line', id: 'c', title: 'Loss', live: true, series: [{ name: 'loss', points: [] }] },
    });
    const points = Array.from({ length: 50_000 }, (_, x) => ({ x, values: { loss: 1 } }));
    for (let i = 0; i < 5; i++) h.gate.fromSandbox({ type: 'plot-append', runId: 1, message: { id: 'c', points } });
    h.gate.fromSandbox({ type: 'plot-append', runId: 1, message: { id: 'unknown', points: [{ x: 1, values: { a: 1 } }] } });
    const items = h.items();
    // Four appends admitted (200,000 points), each in slices of at most MESSAGE_PLOT_VALUES.
    const appended = items.flatMap((i) => (i.kind === 'message' && i.message.type === 'plot-append' ? [i.message.message] : []));
    expect(appended.reduce((n, m) => n + m.points.length, 0)).toBe(200_000);
    expect(appended.every((m) => m.id === 'c' && m.points.length <= MESSAGE_PLOT_VALUES)).toBe(true);
    expect(appended.flatMap((m) => m.points.map((p) => p.x)).slice(49_998, 50_002)).toEqual([49_998, 49_999, 0, 1]);
    expect(items.filter((i) => i.kind === 'notice').map((i) => i.kind === 'notice' && i.text)).toEqual([expect.stringMatching(/200,000 points/)]);
  });

  it('sends a big append to the page in several messages, each with at most MESSAGE_PLOT_VALUES values', () => {
    const h = harness();
    h.start();
    h.gate.fromSandbox({
      type: 'plot',
      runId: 1,
      message: { kind: 'line', id: 'c', title: 'Loss', live: true, series: [{ name: 'a', points: [] }] },
    });
    h.gate.flush();
    const before = h.toPage.length;
    const points = Array.from({ length: 25_000 }, (_, x) => ({ x, values: { a: 1, b: 2 } }));
    h.gate.fromSandbox({ type: 'plot-append', runId: 1, message: { id: 'c', points } });
    h.gate.flush();
    const messages = h.toPage.slice(before).flatMap((m) => (m.type === 'items' ? [m] : []));
    expect(messages.length).toBe(5); // 50,000 values
    for (const m of messages) {
      const values = m.items.reduce(
        (n, i) => n + (i.kind === 'message' && i.message.type === 'plot-append' ? i.message.message.points.length * 2 : 0),
        0,
      );
      expect(values).toBeLessThanOrEqual(MESSAGE_PLOT_VALUES);
    }
  });
});

describe('serving assets to the sandbox', () => {
  it('serves only during a run, only allowed paths, and answers malformed requests', async () => {
    const h = harness();
    h.gate.fromSandbox({ type: 'asset-request', requestId: 1, path: 'data/mnist/meta.json' });
    h.start();
    h.gate.fromSandbox({ type: 'asset-request', requestId: 2, path: 'https://evil.example/x' });
    h.gate.fromSandbox({ type: 'asset-request', requestId: 3, path: 42 });
    h.gate.fromSandbox({ type: 'asset-request', requestId: 4, path: 'data/../secret' });
    h.gate.fromSandbox({ type: 'asset-request', requestId: 5, path: 'data/mnist/meta.json' });
    await settle();
    const answers = Object.fromEntries(h.toWorker.flatMap((m) => (m.type === 'asset' ? [[m.requestId, m.error ?? 'bytes']] : [])));
    expect(answers[1]).toMatch(/only while code runs/);
    expect(answers[2]).toMatch(/Not allowed/);
    expect(answers[3]).toMatch(/A malformed asset request: asset-request\.path is not text/);
    expect(answers[4]).toMatch(/Not allowed/);
    expect(answers[5]).toBe('bytes');
  });

  it('keeps at most four downloads going, and cancels them when the run ends', async () => {
    let going = 0;
    let most = 0;
    const aborted: string[] = [];
    const slow: typeof fetch = (input, init) =>
      new Promise((resolve, reject) => {
        going++;
        most = Math.max(most, going);
        init?.signal?.addEventListener('abort', () => {
          going--;
          aborted.push(String(input));
          reject(new DOMException('aborted', 'AbortError'));
        });
        setTimeout(() => {
          going--;
          resolve(new Response('x'));
        }, 30);
      });
    const h = harness(slow);
    h.start();
    for (let i = 1; i <= 10; i++) h.gate.fromSandbox({ type: 'asset-request', requestId: i, path: `data/file-${i}.bin` });
    await new Promise((r) => setTimeout(r, 5));
    expect(most).toBe(4);
    h.gate.runEnded();
    await settle();
    expect(aborted).toHaveLength(4);
    expect(h.assets.pending).toBe(0);
    expect(most).toBe(4);
  });

  it('refuses requests beyond the per-run count and byte budget', async () => {
    const budget = 4 * 2 ** 20;
    const h = harness(async () => new Response(new Uint8Array(budget / 2 + 1)), budget);
    h.start();
    for (let i = 1; i <= 3; i++) h.gate.fromSandbox({ type: 'asset-request', requestId: i, path: 'models/big.bin' });
    await settle();
    const errors = h.toWorker.flatMap((m) => (m.type === 'asset' && m.error ? [m.error] : []));
    // The first file fits; the second goes over the budget, and nothing more is served after it.
    expect(h.toWorker.filter((m) => m.type === 'asset' && m.bytes)).toHaveLength(1);
    expect(errors).toEqual([expect.stringMatching(/more than 4 MB of files/), expect.stringMatching(/more than 4 MB of files/)]);
    // Once over the budget, requests are refused without a download.
    let fetched = 0;
    const counting = harness(async () => {
      fetched++;
      return new Response(new Uint8Array(budget + 1));
    }, budget);
    counting.start();
    // Twenty at once: four start, the first to finish spends the budget, the rest never download.
    for (let i = 1; i <= 20; i++) counting.gate.fromSandbox({ type: 'asset-request', requestId: i, path: 'models/big.bin' });
    await settle();
    expect(fetched).toBe(4);
    expect(counting.toWorker.filter((m) => m.type === 'asset' && m.error)).toHaveLength(20);

    const many = harness();
    many.start();
    for (let i = 1; i <= LIMITS.assetRequestsPerRun + 1; i++) many.gate.fromSandbox({ type: 'asset-request', requestId: i, path: 'data/x.bin' });
    await settle();
    expect(many.toWorker.some((m) => m.type === 'asset' && /more than 500 files/.test(m.error ?? ''))).toBe(true);
  });
});
