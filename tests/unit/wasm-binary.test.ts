/**
 * The page fetches one TF.js WebAssembly binary, chosen by feature detection before any download
 * (playground/runner/wasm-binary.ts).
 */
import { describe, expect, it } from 'vitest';
import { hasWasmSimd, pickWasmBinary, WASM_BINARIES } from '../../playground/runner/wasm-binary.ts';
import manifest from '../../playground/runner/runtime-manifest.json';

const ALL = Object.values(WASM_BINARIES);

describe('WebAssembly binary choice', () => {
  it('detects SIMD with a module that validates only where SIMD exists', () => {
    // Node 20 has WebAssembly SIMD: the probe validates.
    expect(hasWasmSimd()).toBe(true);
    // The same module with an opcode that is not an instruction does not.
    const broken = new Uint8Array([
      0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x05, 0x01, 0x60, 0x00, 0x01, 0x7b, 0x03, 0x02, 0x01, 0x00, 0x0a, 0x06, 0x01, 0x04, 0x00,
      0xfd, 0xff, 0x0b,
    ]);
    expect(hasWasmSimd(broken)).toBe(false);
  });

  it('picks the SIMD binary where SIMD works, the plain one elsewhere, threads only when allowed and shipped', () => {
    expect(pickWasmBinary(ALL, { simd: true, threads: false })).toBe(WASM_BINARIES.simd);
    expect(pickWasmBinary(ALL, { simd: false, threads: false })).toBe(WASM_BINARIES.plain);
    expect(pickWasmBinary(ALL, { simd: false, threads: true })).toBe(WASM_BINARIES.plain);
    expect(pickWasmBinary(ALL, { simd: true, threads: true })).toBe(WASM_BINARIES.threadedSimd);
    // A build without the threaded binary never asks for it.
    expect(pickWasmBinary([WASM_BINARIES.plain, WASM_BINARIES.simd], { simd: true, threads: true })).toBe(WASM_BINARIES.simd);
    expect(pickWasmBinary([], { simd: true, threads: false })).toBeNull();
  });

  it('the build ships the single-thread binaries and the threaded one, so every browser finds its own', () => {
    expect(Object.keys(manifest.wasm).sort()).toEqual([WASM_BINARIES.plain, WASM_BINARIES.simd, WASM_BINARIES.threadedSimd].sort());
  });
});
