/**
 * Collects the TypeScript declarations the playground editor needs for IntelliSense: TF.js (core,
 * layers, converter, data) and the playground API (emitted from playground/runtime/api.ts).
 * Returns { [virtual file path]: contents }, which the editor adds as extra libs.
 */
import ts from 'typescript';
import { readFile, readdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const root = fileURLToPath(new URL('../', import.meta.url));
const PACKAGES = ['tfjs', 'tfjs-core', 'tfjs-layers', 'tfjs-converter', 'tfjs-data'];
// Re-exported by @tensorflow/tfjs but irrelevant to readers; an empty module keeps resolution quiet.
const EMPTY_PACKAGES = ['tfjs-backend-cpu', 'tfjs-backend-webgl'];

/**
 * @param {string} dir
 * @returns {AsyncGenerator<string>}
 */
async function* walk(dir) {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) yield* walk(full);
    else if (entry.name.endsWith('.d.ts')) yield full;
  }
}

/** @returns {Promise<Record<string, string>>} */
export async function buildTypings() {
  /** @type {Record<string, string>} */
  const files = {};
  for (const name of PACKAGES) {
    const pkgDir = path.join(root, 'node_modules/@tensorflow', name);
    const pkg = JSON.parse(await readFile(path.join(pkgDir, 'package.json'), 'utf8'));
    files[`file:///node_modules/@tensorflow/${name}/package.json`] = JSON.stringify({ name: pkg.name, types: pkg.types ?? pkg.typings });
    for await (const file of walk(path.join(pkgDir, 'dist'))) {
      if (/[/\\](tests?|.*_test)\b|_test\.d\.ts$/.test(file)) continue;
      files[`file:///node_modules/@tensorflow/${name}/${path.relative(pkgDir, file).split(path.sep).join('/')}`] = await readFile(file, 'utf8');
    }
  }
  for (const name of EMPTY_PACKAGES) {
    files[`file:///node_modules/@tensorflow/${name}/package.json`] = JSON.stringify({ name: `@tensorflow/${name}`, types: 'index.d.ts' });
    files[`file:///node_modules/@tensorflow/${name}/index.d.ts`] = 'export {};\n';
  }
  Object.assign(files, emitPlaygroundApi());
  return files;
}

/** Declarations of playground/runtime/api.ts and what it exposes, as the module 'playground'. */
function emitPlaygroundApi() {
  const runtimeDir = path.join(root, 'playground/runtime');
  /** @type {Record<string, string>} */
  const out = {};
  const program = ts.createProgram([path.join(runtimeDir, 'api.ts')], {
    declaration: true,
    emitDeclarationOnly: true,
    allowImportingTsExtensions: true,
    rewriteRelativeImportExtensions: true,
    skipLibCheck: true,
    strict: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    lib: ['lib.es2022.d.ts', 'lib.dom.d.ts'],
    types: [],
    outDir: '/virtual',
    rootDir: runtimeDir,
  });
  program.emit(undefined, (fileName, text) => {
    const rel = path.relative('/virtual', fileName).split(path.sep).join('/');
    // Declarations refer to siblings as './x.js' after rewriting; Monaco resolves those to x.d.ts.
    out[`file:///node_modules/playground/${rel}`] = text;
  });
  out['file:///node_modules/playground/package.json'] = JSON.stringify({ name: 'playground', types: 'api.d.ts' });
  return out;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const files = await buildTypings();
  const size = Object.values(files).reduce((n, s) => n + s.length, 0);
  console.log(`${Object.keys(files).length} files, ${(size / 1024).toFixed(0)} KB`);
  for (const k of Object.keys(files).filter((k) => k.includes('/playground/'))) console.log(k);
}
