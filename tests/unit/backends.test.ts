/**
 * Backend selection in Node (playground/runtime/backends.ts): no GPU backend can start here, so
 * every request must land on WASM (or CPU) with a notice per skipped backend, never a throw.
 */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it, vi } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { availableBackends, currentBackend, initBackend, type BackendName } from '../../playground/runtime/backends.ts';

async function init(preferred: BackendName | 'auto', opts: { wasmPaths?: string } = {}) {
  const notices: string[] = [];
  const used = await initBackend(preferred, { ...opts, onNotice: (m) => notices.push(m) });
  return { used, notices };
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('initBackend in Node', () => {
  it("'auto' skips WebGPU and WebGL with a notice each and lands on WASM", async () => {
    const { used, notices } = await init('auto');
    expect(used).toBe('wasm');
    expect(tf.getBackend()).toBe('wasm');
    expect(currentBackend()).toBe('wasm');
    expect(notices).toEqual([
      'WebGPU is not available here (no navigator.gpu); using WebAssembly.',
      'WebGL is not available here (not supported in this environment); using WebAssembly.',
    ]);
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
    expect(await init('cpu')).toEqual({ used: 'cpu', notices: [] });
    expect(tf.getBackend()).toBe('cpu');
    expect(await init('wasm')).toEqual({ used: 'wasm', notices: [] });
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
