/**
 * The page asks hardwareWebGpu() before booting a sandbox: only a real GPU behind WebGPU earns
 * Automatic a sandbox worker that can reach WebGPU (a data: worker, which cannot run WASM threads).
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { describeAdapter, hardwareWebGpu } from '../../playground/shared/gpu-probe.ts';

const withAdapter = (adapter: unknown) => vi.stubGlobal('navigator', { gpu: { requestAdapter: async () => adapter } });

describe('hardwareWebGpu', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('is true for a hardware adapter only', async () => {
    withAdapter({ info: { vendor: 'nvidia', architecture: 'hopper', description: '' } });
    expect(await hardwareWebGpu()).toBe(true);
    withAdapter({ isFallbackAdapter: true, info: {} });
    expect(await hardwareWebGpu()).toBe(false);
    withAdapter({ info: { vendor: 'google', description: 'SwiftShader Device (Subzero)' } });
    expect(await hardwareWebGpu()).toBe(false);
    withAdapter(null);
    expect(await hardwareWebGpu()).toBe(false);
  });

  it('is false without navigator.gpu, or when asking for an adapter throws', async () => {
    vi.stubGlobal('navigator', {});
    expect(await hardwareWebGpu()).toBe(false);
    vi.stubGlobal('navigator', {
      gpu: {
        requestAdapter: async () => {
          throw new Error('denied');
        },
      },
    });
    expect(await hardwareWebGpu()).toBe(false);
  });

  it('describes a fallback adapter as software, with a reason', () => {
    expect(describeAdapter({ info: { isFallbackAdapter: true } })).toMatchObject({ software: true, reason: expect.stringMatching(/fallback/) });
  });
});
