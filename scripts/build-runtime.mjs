/**
 * Builds what the playground's sandbox needs and the site serves as static files:
 *   public/runtime/worker.<hash>.js   the worker (TF.js + backends + playground API + compiler), one file
 *   public/runtime/*.wasm              the TF.js WASM binaries (sent to the worker as bytes)
 *   public/runtime/typings.<hash>.json TypeScript declarations of TF.js and the playground API for the editor
 *   playground/runner/runtime-manifest.json  the hashed names, imported by the page side
 * The files are generated (gitignored); `npm run build`, `npm start` and `npm run dev` run this first.
 */
import { build } from 'esbuild';
import { createHash } from 'node:crypto';
import { mkdir, readFile, rm, writeFile, copyFile } from 'node:fs/promises';
import { buildTypings } from './build-typings.mjs';

const root = new URL('../', import.meta.url);
const outDir = new URL('public/runtime/', root);
const hash = (/** @type {import('node:crypto').BinaryLike} */ buf) => createHash('sha256').update(buf).digest('hex').slice(0, 12);

await rm(outDir, { recursive: true, force: true });
await mkdir(outDir, { recursive: true });

const started = Date.now();
/** @satisfies {import('esbuild').BuildOptions} */
const shared = {
  bundle: true,
  platform: /** @type {const} */ ('browser'),
  target: 'es2022',
  minify: true,
  legalComments: /** @type {const} */ ('none'),
  outdir: outDir.pathname,
  entryNames: '[name].[hash]',
  assetNames: '[name].[hash]',
  metafile: true,
  define: { 'process.env.NODE_ENV': '"production"' },
  logLevel: /** @type {const} */ ('warning'),
};
const src = (/** @type {string} */ p) => new URL(p, root).pathname;

// The sandboxed worker: one classic script (it is started from a Blob, so it cannot import chunks).
// Two builds: the Blob worker, which is no secure context and so never has WebGPU, leaves TF.js's
// WebGPU backend out (about 78 KB gzip less before a first output); the `data:` worker that the
// sandbox starts where WebGPU may be used has it (see public/sandbox.html).
/** @param {string} name @param {boolean} webgpu */
const buildWorker = (name, webgpu) =>
  build({
    ...shared,
    entryPoints: { [name]: src('playground/runtime/worker.ts') },
    format: 'iife',
    // Node-only paths inside TF.js and our Node sink are never taken in the browser.
    external: ['node:*', 'fs', 'path', 'worker_threads', 'perf_hooks', 'os', 'crypto', 'util'],
    alias: {
      'node-fetch': src('playground/runtime/empty-module.ts'),
      ...(webgpu ? {} : { '@tensorflow/tfjs-backend-webgpu': src('playground/runtime/empty-module.ts') }),
    },
  });
const workerBuild = await buildWorker('worker', false);
const workerGpuBuild = await buildWorker('worker-gpu', true);

// The editor (Monaco + Shiki) as an ES module with its CSS, and Monaco's two workers.
const editorBuild = await build({
  ...shared,
  entryPoints: { editor: src('playground/editor/monaco.ts') },
  format: 'esm',
  // Monaco's many language definitions become lazy chunks; only TypeScript's is ever loaded.
  splitting: true,
  chunkNames: 'chunks/[name].[hash]',
  loader: { '.ttf': 'file' },
});
const editorWorkersBuild = await build({
  ...shared,
  entryPoints: {
    'editor.worker': src('node_modules/monaco-editor/esm/vs/editor/editor.worker.js'),
    'ts.worker': src('node_modules/monaco-editor/esm/vs/language/typescript/ts.worker.js'),
  },
  format: 'iife',
});

/**
 * Output file name for an entry name, read from esbuild's metafile.
 * @param {import('esbuild').BuildResult<{ metafile: true }>} result
 * @param {string} entryName
 * @returns {string}
 */
function output(result, entryName, ext = '.js') {
  const file = Object.keys(result.metafile.outputs).find((f) => {
    const base = f.split('/').pop() ?? '';
    return (
      !f.includes('/chunks/') && base.startsWith(`${entryName}.`) && base.endsWith(ext) && base.split('.').length === entryName.split('.').length + 2
    );
  });
  if (!file) throw new Error(`build-runtime: no ${ext} output for ${entryName}`);
  return file.split('/').pop() ?? file;
}
const workerName = output(workerBuild, 'worker');
const workerJs = await readFile(new URL(workerName, outDir));

const wasmDir = new URL('node_modules/@tensorflow/tfjs-backend-wasm/dist/', root);
/** @type {Record<string, string>} */
const wasm = {};
for (const name of ['tfjs-backend-wasm.wasm', 'tfjs-backend-wasm-simd.wasm', 'tfjs-backend-wasm-threaded-simd.wasm']) {
  const bytes = await readFile(new URL(name, wasmDir));
  const hashed = name.replace('.wasm', `.${hash(bytes)}.wasm`);
  await copyFile(new URL(name, wasmDir), new URL(hashed, outDir));
  wasm[name] = hashed;
}

const typings = JSON.stringify(await buildTypings());
const typingsName = `typings.${hash(typings)}.json`;
await writeFile(new URL(typingsName, outDir), typings);

/** @type {import('../playground/runner/runtime-manifest.d.json.ts').RuntimeManifest} */
const manifest = {
  worker: workerName,
  workerGpu: output(workerGpuBuild, 'worker-gpu'),
  wasm,
  typings: typingsName,
  editor: output(editorBuild, 'editor'),
  editorCss: output(editorBuild, 'editor', '.css'),
  editorWorker: output(editorWorkersBuild, 'editor.worker'),
  tsWorker: output(editorWorkersBuild, 'ts.worker'),
};
await writeFile(new URL('playground/runner/runtime-manifest.json', root), `${JSON.stringify(manifest, null, 2)}\n`);
console.log(
  `runtime: ${workerName} ${(workerJs.length / 1024).toFixed(0)} KB, typings ${(typings.length / 1024).toFixed(0)} KB, in ${Date.now() - started} ms`,
);
