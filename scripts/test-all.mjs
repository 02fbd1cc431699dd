/**
 * `npm test`: lint, type checks, the import rules, unit tests (Vitest, Node), a fresh build, the
 * bundle budget, then browser tests (Playwright + Chromium) against the built site served on
 * localhost. Stops at the first failing stage; prints each stage's time and a summary at the end.
 * SKIP_BUILD=1 reuses an existing dist/ and runtime build (for quick local reruns).
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { findChromium, NO_BROWSER_HINT } from '../tests/browser-path.mjs';

const built = process.env.SKIP_BUILD && existsSync('dist/index.html');
const IMPORT_RULES = 'tests/unit/import-rules.test.ts';

/** One stage: a name for the log, and the command it runs. */
const stage = (/** @type {string} */ name, /** @type {string} */ cmd, /** @type {string[]} */ args) => ({ name, cmd, args });

const stages = [
  // The runtime build writes the manifest and the worker the browser tests load.
  ...(built ? [] : [stage('playground runtime (esbuild)', 'node', ['scripts/build-runtime.mjs'])]),
  stage('lint and format (Biome)', 'npx', ['biome', 'check', '--error-on-warnings', '.']),
  stage('types: astro check', 'npx', ['astro', 'check']),
  stage('types: tsc (site, playground, scripts, tests)', 'npx', ['tsc', '--noEmit', '-p', 'tsconfig.json']),
  stage('types: tsc (examples, as the editor checks them)', 'npx', ['tsc', '--noEmit', '-p', 'playground/examples/tsconfig.json']),
  stage('types: tsc (WASM kernels test, until its rewrite lands)', 'npx', ['tsc', '--noEmit', '-p', 'tests/unit/tsconfig.wasm-kernels.json']),
  stage('import rules (layering)', 'npx', ['vitest', 'run', IMPORT_RULES]),
  stage('unit tests (Vitest)', 'npx', ['vitest', 'run', '--exclude', IMPORT_RULES]),
  ...(built ? [] : [stage('site build (Astro)', 'npx', ['astro', 'build']), stage('search index (Pagefind)', 'npx', ['pagefind', '--site', 'dist'])]),
  stage('bundle budget (page-side playground JS, gzip)', 'node', ['scripts/check-bundle.mjs']),
  stage('browser tests (Playwright)', 'npx', ['playwright', 'test']),
];

if (!findChromium()) {
  console.error(NO_BROWSER_HINT);
  process.exit(1);
}

/** @type {Array<{ stage: string; seconds: number }>} */
const times = [];
const summary = () => console.table(times);
for (const { name, cmd, args } of stages) {
  const started = Date.now();
  console.log(`\n▶ ${name}`);
  const result = spawnSync(cmd, args, { stdio: 'inherit', env: { ...process.env, FORCE_COLOR: process.env.FORCE_COLOR ?? '0' } });
  const seconds = Math.round((Date.now() - started) / 1000);
  times.push({ stage: name, seconds });
  if (result.status !== 0) {
    console.error(`\n✗ ${name} failed after ${seconds} s`);
    summary();
    process.exit(result.status ?? 1);
  }
  console.log(`✓ ${name} (${seconds} s)`);
}
console.log('\nAll stages passed:');
summary();
