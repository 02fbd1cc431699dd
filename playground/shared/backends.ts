/**
 * The TF.js backends the playground offers: one table for the menu, the share codec, the runtime's
 * notices and the protocol. No imports, so the page can use it without TF.js.
 */

export type BackendName = 'webgpu' | 'webgl' | 'wasm' | 'cpu';
export type BackendChoice = 'auto' | BackendName;

/** Menu order; 'auto' picks the fastest that works here (see runtime/backends.ts). */
export const BACKEND_CHOICES: ReadonlyArray<{ value: BackendChoice; label: string }> = [
  { value: 'auto', label: 'Automatic' },
  { value: 'webgpu', label: 'WebGPU' },
  { value: 'webgl', label: 'WebGL' },
  { value: 'wasm', label: 'WebAssembly' },
  { value: 'cpu', label: 'Plain JavaScript (CPU)' },
];

export const BACKEND_NAMES: readonly BackendName[] = ['webgpu', 'webgl', 'wasm', 'cpu'];

/** How notices name a backend inside a sentence. */
export const BACKEND_LABELS: Readonly<Record<BackendName, string>> = {
  webgpu: 'WebGPU',
  webgl: 'WebGL',
  wasm: 'WebAssembly',
  cpu: 'the plain JavaScript (CPU) backend',
};

export function isBackendChoice(value: unknown): value is BackendChoice {
  return typeof value === 'string' && BACKEND_CHOICES.some((b) => b.value === value);
}
