import { describe, expect, it } from 'vitest';
import { LIMITS } from '../../playground/shared/limits.ts';
import type { WorkerToHost } from '../../playground/shared/protocol.ts';
import { validateWorkerMessage } from '../../playground/shared/validate.ts';

const memory = { numTensors: 3, numBytes: 48 };
const rgba = (w: number, h: number) => new Uint8ClampedArray(4 * w * h).fill(200);

/** One message of every type, every optional field filled in: validation must keep all of it. */
const FULL: WorkerToHost[] = [
  { type: 'ready' },
  { type: 'pong', id: 4 },
  { type: 'backend', runId: 1, name: 'wasm', notices: ['WebGPU is not available here.'] },
  { type: 'log', runId: 1, level: 'warn', text: 'careful' },
  {
    type: 'plot',
    runId: 1,
    message: {
      kind: 'line',
      id: 'chart-1',
      title: 'Loss',
      xLabel: 'step',
      yLabel: 'loss',
      xScale: 'linear',
      yScale: 'log',
      yDomain: [0.01, 10],
      compare: true,
      description: 'The loss falls.',
      live: true,
      series: [{ name: 'train', points: [[1, 2]], labels: ['first'] }],
    },
  },
  { type: 'plot', runId: 1, message: { kind: 'scatter', id: 's', title: 'S', series: [{ name: 'a', points: [[0, 1]] }] } },
  { type: 'plot', runId: 1, message: { kind: 'bar', id: 'b', title: 'B', categories: ['x', 'y'], series: [{ name: 'v', values: [1, 2] }] } },
  { type: 'plot', runId: 1, message: { kind: 'histogram', id: 'h', title: 'H', series: [{ name: 'w', bins: [[0, 1, 5]] }] } },
  {
    type: 'plot',
    runId: 1,
    message: {
      kind: 'heatmap',
      id: 'm',
      title: 'M',
      values: [
        [1, 2],
        [3, 4],
      ],
      xTicks: ['a', 'b'],
      yTicks: ['c', 'd'],
      x: [0, 1],
      y: [0, 1],
      showValues: true,
      scheme: 'diverging',
      domain: [-4, 4],
      colorLabel: 'count',
      paths: [{ name: 'descent', points: [[0.5, 0.5]] }],
    },
  },
  { type: 'plot-append', runId: 1, message: { id: 'chart-1', points: [{ x: 2, values: { train: 1.5 } }] } },
  {
    type: 'image',
    runId: 1,
    message: { label: 'digit', width: 2, height: 3, rgba: rgba(2, 3), scale: 8, group: 'g', slot: 3, groupTitle: 'Digits', range: [0, 1] },
  },
  { type: 'table', runId: 1, message: { caption: 'T', columns: ['a', 'b'], rows: [[1, 'x']], totalRows: 10 } },
  { type: 'progress', runId: 1, message: { id: 'p', label: 'Training', done: 3, total: 10, elapsedMs: 120 } },
  { type: 'asset-request', requestId: 7, path: 'data/mnist/meta.json' },
  { type: 'error', runId: 1, phase: 'runtime', message: 'TypeError: x', line: 3, column: 5 },
  { type: 'done', runId: 1, ms: 12.5, memoryBefore: memory, memoryAfter: memory, backend: 'wasm', omittedLines: 2 },
];

function refused(message: unknown): string {
  const checked = validateWorkerMessage(message);
  if (checked.ok) throw new Error(`accepted: ${JSON.stringify(message).slice(0, 200)}`);
  return checked.reason;
}

describe('validating messages from the sandbox', () => {
  it('keeps every field of every message type', () => {
    expect(new Set(FULL.map((m) => m.type)).size).toBe(12);
    expect(new Set(FULL.map((m) => (m.type === 'plot' ? m.message.kind : '')).filter(Boolean)).size).toBe(5);
    for (const message of FULL) {
      const checked = validateWorkerMessage(message);
      expect(checked, JSON.stringify(message)).toEqual({ ok: true, message });
    }
  });

  it('refuses what is not a message', () => {
    for (const junk of [
      null,
      undefined,
      42,
      'log',
      [],
      { type: 7 },
      { type: 'nonsense', runId: 1 },
      { type: 'constructor' },
      { type: '__proto__' },
    ]) {
      expect(validateWorkerMessage(junk).ok).toBe(false);
    }
  });

  it('refuses the forged messages that threw in the page', () => {
    // Non-finite progress.
    expect(refused({ type: 'progress', runId: 1, message: { id: 'p', label: 'x', done: Number.NaN, total: 10, elapsedMs: 0 } })).toMatch(
      /done is not a finite/,
    );
    expect(refused({ type: 'progress', runId: 1, message: { id: 'p', label: 'x', done: 1, total: Infinity, elapsedMs: 0 } })).toMatch(/total/);
    // Bad image sizes and byte counts.
    const image = (width: number, height: number, bytes: Uint8ClampedArray) => ({
      type: 'image',
      runId: 1,
      message: { label: '', width, height, rgba: bytes, scale: 1 },
    });
    expect(refused(image(Number.NaN, 5, rgba(1, 5)))).toMatch(/width is not a whole number/);
    expect(refused(image(100_000, 100_000, rgba(1, 1)))).toMatch(/width is not a whole number from 1 to 8192/);
    expect(refused(image(8192, 8192, rgba(1, 1)))).toMatch(/pixels/);
    expect(refused(image(4, 4, rgba(4, 3)))).toMatch(/48 bytes, not 4 × width × height/);
    expect(refused(image(2, 2, new Uint8Array(16) as unknown as Uint8ClampedArray))).toMatch(/Uint8ClampedArray/);
    expect(refused(image(0, 2, rgba(0, 2)))).toMatch(/width/);
    const slotted = (slot: unknown) => ({
      type: 'image',
      runId: 1,
      message: { label: '7', width: 1, height: 1, rgba: rgba(1, 1), scale: 1, group: 'g', slot },
    });
    expect(refused(slotted(-1))).toMatch(/slot/);
    expect(refused(slotted(1.5))).toMatch(/slot/);
    expect(refused(slotted('2'))).toMatch(/slot/);
    // A log level that would borrow the page's own notice styles.
    expect(refused({ type: 'log', runId: 1, level: 'notice pg-notice-error', text: 'x' })).toMatch(/level is not one of/);
    // A plot of 200,000 points (drawn at once it would hold the page), and one with a non-finite x.
    const many = Array.from({ length: 200_000 }, (_, i) => [i, i]);
    expect(refused({ type: 'plot', runId: 1, message: { kind: 'line', id: 'a', title: 't', series: [{ name: 's', points: many }] } })).toMatch(
      /has 200,000 entries \(at most 50,000\)/,
    );
    const split = [0, 1].map((k) => ({ name: `s${k}`, points: many.slice(0, 30_000) }));
    expect(refused({ type: 'plot', runId: 1, message: { kind: 'scatter', id: 'a', title: 't', series: split } })).toMatch(
      /60,000 points, more than the 50,000/,
    );
    expect(
      refused({ type: 'plot', runId: 1, message: { kind: 'line', id: 'a', title: 't', series: [{ name: 's', points: [[Number.NaN, 1]] }] } }),
    ).toMatch(/\[0\] is not a finite number/);
    // Run ids and line numbers.
    expect(refused({ type: 'log', runId: -1, level: 'log', text: 'x' })).toMatch(/runId/);
    expect(refused({ type: 'error', runId: 1, phase: 'runtime', message: 'x', line: 0.5 })).toMatch(/line/);
  });

  it('answers a malformed asset request with its request id, so the worker hears back', () => {
    const checked = validateWorkerMessage({ type: 'asset-request', requestId: 9, path: { toString: 'x' } });
    expect(checked).toMatchObject({ ok: false, requestId: 9 });
    expect(validateWorkerMessage({ type: 'asset-request', requestId: 'nine', path: 'x' })).toMatchObject({ ok: false, requestId: undefined });
  });

  it('cuts long text instead of refusing it, and keeps data values that are not finite as gaps', () => {
    const long = validateWorkerMessage({ type: 'log', runId: 1, level: 'log', text: 'x'.repeat(16_000_000) });
    expect(long.ok && long.message.type === 'log' && long.message.text).toBe(`${'x'.repeat(LIMITS.lineChars)}… (15,990,000 more characters)`);
    const append = validateWorkerMessage({ type: 'plot-append', runId: 1, message: { id: 'c', points: [{ x: 1, values: { loss: Infinity } }] } });
    expect(append.ok && append.message.type === 'plot-append' && append.message.message.points[0]?.values.loss).toBeNaN();
  });

  it('stops reading a forged message as soon as it holds too many entries', () => {
    const rows = Array.from({ length: 1000 }, () => Array.from({ length: 1001 }, () => 0));
    const started = performance.now();
    expect(refused({ type: 'plot', runId: 1, message: { kind: 'heatmap', id: 'h', title: 't', values: rows } })).toMatch(/entries|1000/);
    expect(performance.now() - started).toBeLessThan(2000);
  });

  it('keeps keys such as __proto__ as plain data', () => {
    const values = JSON.parse('{"__proto__": 5, "loss": 1}') as Record<string, number>;
    const checked = validateWorkerMessage({ type: 'plot-append', runId: 1, message: { id: 'c', points: [{ x: 0, values }] } });
    expect(checked.ok).toBe(true);
    if (!checked.ok || checked.message.type !== 'plot-append') return;
    const kept = checked.message.message.points[0]?.values as Record<string, number>;
    expect(Object.getPrototypeOf(kept)).toBe(Object.prototype);
    expect(Object.keys(kept).sort()).toEqual(['__proto__', 'loss']);
  });

  it('copies an image that is a view into a larger buffer, so only its own bytes travel on', () => {
    const big = new Uint8ClampedArray(1_000_000);
    const view = big.subarray(100, 116);
    const checked = validateWorkerMessage({ type: 'image', runId: 1, message: { label: '', width: 2, height: 2, rgba: view, scale: 1 } });
    expect(checked.ok && checked.message.type === 'image' && checked.message.message.rgba.buffer.byteLength).toBe(16);
  });
});
