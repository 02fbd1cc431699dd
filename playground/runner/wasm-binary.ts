/**
 * Which of TF.js's WebAssembly binaries this browser will run, decided on the page before any is
 * fetched: the build ships each variant, a browser downloads one (they are 120-140 KB gzip each).
 * The worker is told which it got and sets TF.js's feature flags to match, so TF.js never asks
 * for another.
 */
export const WASM_BINARIES = {
  plain: 'tfjs-backend-wasm.wasm',
  simd: 'tfjs-backend-wasm-simd.wasm',
  threadedSimd: 'tfjs-backend-wasm-threaded-simd.wasm',
} as const;

export type WasmBinaryName = (typeof WASM_BINARIES)[keyof typeof WASM_BINARIES];

/**
 * The smallest module that uses a SIMD instruction: one function returning v128.const 0.
 * WebAssembly.validate accepts it only where WebAssembly SIMD is supported.
 */
// biome-ignore format: one section per line
const SIMD_PROBE = new Uint8Array([
  0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, // magic, version 1
  0x01, 0x05, 0x01, 0x60, 0x00, 0x01, 0x7b, // type section: one type, () -> v128
  0x03, 0x02, 0x01, 0x00, // function section: one function of type 0
  0x0a, 0x16, 0x01, 0x14, 0x00, 0xfd, 0x0c, ...new Array<number>(16).fill(0), 0x0b, // code: v128.const 0, end
]);

export function hasWasmSimd(probe: Uint8Array = SIMD_PROBE): boolean {
  try {
    return typeof WebAssembly === 'object' && WebAssembly.validate(probe as Uint8Array<ArrayBuffer>);
  } catch {
    return false;
  }
}

export interface WasmFeatures {
  simd: boolean;
  /**
   * Threads (SharedArrayBuffer) inside the sandboxed worker: only where the page and the sandbox
   * document are cross-origin isolated (COOP/COEP headers and allow="cross-origin-isolated").
   */
  threads: boolean;
}

/** The best binary of those the build shipped (`available`, by TF.js's file names) for these features. */
export function pickWasmBinary(available: readonly string[], features: WasmFeatures): WasmBinaryName | null {
  const order: WasmBinaryName[] = [
    ...(features.simd && features.threads ? [WASM_BINARIES.threadedSimd] : []),
    ...(features.simd ? [WASM_BINARIES.simd] : []),
    WASM_BINARIES.plain,
  ];
  return order.find((name) => available.includes(name)) ?? null;
}
