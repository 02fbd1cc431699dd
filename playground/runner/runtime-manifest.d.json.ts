/**
 * The shape of runtime-manifest.json, which scripts/build-runtime.mjs generates (it is gitignored).
 * With this declaration the type checks pass on a fresh clone, before any build; the build itself
 * writes an object of this type.
 */
export interface RuntimeManifest {
  /** The sandboxed worker (TF.js, backends, playground API, compiler), one classic script. */
  worker: string;
  /** The same with TF.js's WebGPU backend, for the sandbox's `data:` worker (a secure context). */
  workerGpu: string;
  /** TF.js WASM binaries by their package file name → hashed file name. */
  wasm: Record<string, string>;
  /** TypeScript declarations for the editor (JSON: virtual path → contents). */
  typings: string;
  /** Monaco + Shiki as an ES module, its CSS, and Monaco's two workers. */
  editor: string;
  editorCss: string;
  editorWorker: string;
  tsWorker: string;
}

declare const manifest: RuntimeManifest;
export default manifest;
