/**
 * Backend selection in Node (playground/runtime/backends.ts): no GPU backend can start here, so
 * every request must land on WASM (or CPU) with a notice per skipped backend, never a throw, and
 * 'auto' says in one line what it picked and why. The labels are the shared table's.
 */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it, vi } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { availableBackends, currentBackend, initBackend, resetAutoChoice, type BackendName } from '../../playground/runtime/backends.ts';

async function init(preferred: BackendName | 'auto', opts: { wasmPaths?: string } = {}) {
  const notices: string[] = [];
  const notes: string[] = [];
  const used = await initBackend(preferred, { ...opts, onNotice: (m) => notices.push(m), onNote: (m) => notes.push(m) });
  return { used, notices, notes };
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('initBackend in Node', () => {
  it("'auto' lands on WebAssembly and says why in one line, without a warning per backend", async () => {
    resetAutoChoice();
    const { used, notices, notes } = await init('auto');
    expect(used).toBe('wasm');
    expect(tf.getBackend()).toBe('wasm');
    expect(currentBackend()).toBe('wasm');
    expect(notices).toEqual([]);
    expect(notes).toEqual(['Automatic chose WebAssembly: no WebGPU; no WebGL.']);
    // Decided once per worker: a second 'auto' switches back without probing or a second note.
    await init('cpu');
    expect(await init('auto')).toEqual({ used: 'wasm', notices: [], notes: [] });
  });

  it("'auto' passes over a software WebGPU adapter (SwiftShader) and says so", async () => {
    resetAutoChoice();
    vi.stubGlobal('navigator', { gpu: { requestAdapter: async () => ({ info: { vendor: 'google', architecture: 'swiftshader' } }) } });
    const { used, notes } = await init('auto');
    expect(used).toBe('wasm');
    expect(notes).toEqual(["Automatic chose WebAssembly: WebGPU's adapter is a software fallback (SwiftShader); no WebGL."]);
    resetAutoChoice();
  });

  it('an unknown backend name (an old share link) is treated as Automatic', async () => {
    resetAutoChoice();
    const { used, notices } = await init('tpu' as BackendName);
    expect(used).toBe('wasm');
    expect(notices).toEqual(["Unknown backend 'tpu'; choosing automatically."]);
  });

  it('registers the missing WASM training kernels', async () => {
    await init('wasm');
    expect(tf.getKernel('Conv2DBackpropFilter', 'wasm')).toBeDefined();
    // A conv-filter gradient now runs on WASM instead of throwing "Kernel ... not registered".
    const g = tf.tidy(() =>
      tf.grad((w: tf.Tensor) => tf.sum(tf.conv2d(tf.ones([1, 5, 5, 2]) as tf.Tensor4D, w as tf.Tensor4D, 1, 'same')))(tf.ones([3, 3, 2, 1])),
    );
    expect(g.shape).toEqual([3, 3, 2, 1]);
    expect(Array.from(g.dataSync()).slice(0, 2)).toEqual([16, 16]); // the corner tap sees a 4x4 block of ones
    g.dispose();
  });

  it("explicit 'webgl' falls back with a notice instead of throwing", async () => {
    const { used, notices } = await init('webgl');
    expect(used).toBe('wasm');
    expect(tf.getBackend()).toBe('wasm');
    expect(notices).toEqual(['WebGL is not available here (not supported in this environment); using WebAssembly.']);
  });

  it("explicit 'webgpu' with a GPU that has no adapter falls back past WebGL", async () => {
    vi.stubGlobal('navigator', { gpu: { requestAdapter: async () => null } });
    const { used, notices } = await init('webgpu');
    expect(used).toBe('wasm');
    expect(notices[0]).toBe('WebGPU is not available here (no adapter); using WebAssembly.');
    expect(notices).toHaveLength(2);
  });

  it("explicit 'wasm' and 'cpu' start without notices, and switching back and forth works", async () => {
    expect(await init('cpu')).toEqual({ used: 'cpu', notices: [], notes: [] });
    expect(tf.getBackend()).toBe('cpu');
    expect(await init('wasm')).toEqual({ used: 'wasm', notices: [], notes: [] });
    expect(tf.getBackend()).toBe('wasm');
  });

  it('overlapping calls are serialised; the last one wins', async () => {
    const [a, b] = await Promise.all([initBackend('cpu'), initBackend('wasm')]);
    expect([a, b]).toEqual(['cpu', 'wasm']);
    expect(tf.getBackend()).toBe('wasm');
  });

  it('availableBackends lists what could start here, without switching', async () => {
    await init('cpu');
    expect(await availableBackends()).toEqual(['wasm', 'cpu']);
    expect(tf.getBackend()).toBe('cpu');
  });

  it('no WebAssembly at all: WASM is skipped with a notice and CPU is used', async () => {
    vi.stubGlobal('WebAssembly', undefined);
    const { used, notices } = await init('wasm');
    expect(used).toBe('cpu');
    expect(notices).toEqual(['WebAssembly is not available here (no WebAssembly support); using the plain JavaScript (CPU) backend.']);
  });

  // The WebGPU package registers itself on import; a child process keeps that out of the others.
  it("'auto' with a hardware-looking WebGPU adapter tries it, and says why it still chose WebAssembly", async () => {
    const script = `
      globalThis.navigator = { gpu: { requestAdapter: async () => ({ info: { vendor: 'acme', architecture: 'rdna-9' }, features: new Set(), limits: {} }) } };
      const { initBackend } = await import('./playground/runtime/backends.ts');
      console.warn = () => {}; console.error = () => {}; console.log = () => {};
      const notes = [];
      const used = await initBackend('auto', { onNote: (m) => notes.push(m) });
      process.stdout.write('\\n' + JSON.stringify({ used, notes }));`;
    const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', '--input-type=module', '--eval', script], {
      cwd: fileURLToPath(new URL('../..', import.meta.url)),
      timeout: 60_000,
    });
    const result = JSON.parse(stdout.trim().split('\n').pop() ?? '');
    expect(result.used).toBe('wasm');
    expect(result.notes).toHaveLength(1);
    expect(result.notes[0]).toMatch(/^Automatic chose WebAssembly: no WebGL; WebGPU (did not start|\(its TF\.js backend failed to load)/);
  });

  // A real load failure poisons the wasm module for the rest of the process, so it runs in a child.
  it('a .wasm binary that fails to load falls back to CPU with a notice', async () => {
    const script = `
      const { initBackend } = await import('./playground/runtime/backends.ts');
      console.warn = () => {}; console.error = () => {};
      const notices = [];
      const used = await initBackend('wasm', { wasmPaths: '/nonexistent-wasm-dir/', onNotice: (m) => notices.push(m) });
      process.stdout.write('\\n' + JSON.stringify({ used, notices }));`;
    const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', '--input-type=module', '--eval', script], {
      cwd: fileURLToPath(new URL('../..', import.meta.url)),
      timeout: 60_000,
    });
    const result = JSON.parse(stdout.trim().split('\n').pop() ?? '');
    expect(result).toEqual({
      used: 'cpu',
      notices: ['WebAssembly is not available here (the .wasm binary failed to load); using the plain JavaScript (CPU) backend.'],
    });
  });
});
