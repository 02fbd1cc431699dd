/**
 * `npm test`: lint, type checks, the import rules, unit tests (Vitest, Node), a fresh build, the
 * bundle budget, then browser tests (Playwright + Chromium) against the built site served on
 * localhost. Stops at the first failing stage; prints each stage's time. SKIP_BUILD=1 reuses an
 * existing dist/ (for quick local reruns).
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { findChromium, NO_BROWSER_HINT } from '../tests/browser-path.mjs';

const built = process.env.SKIP_BUILD && existsSync('dist/index.html');
const IMPORT_RULES = 'tests/unit/import-rules.test.ts';
const stages = [
  // The playground runtime is generated (gitignored); the type checks import its manifest.
  ...(built ? [] : [['playground runtime (esbuild)', 'node', ['scripts/build-runtime.mjs']]]),
  ['lint and format (Biome)', 'npx', ['biome', 'check', '--error-on-warnings', '.']],
  ['types: astro check', 'npx', ['astro', 'check']],
  ['types: tsc (playground, scripts, tests)', 'npx', ['tsc', '--noEmit', '-p', 'tsconfig.json']],
  ['import rules (layering)', 'npx', ['vitest', 'run', IMPORT_RULES]],
  ['unit tests (Vitest)', 'npx', ['vitest', 'run', '--exclude', IMPORT_RULES]],
  ...(built
    ? []
    : [
        ['site build (Astro)', 'npx', ['astro', 'build']],
        ['search index (Pagefind)', 'npx', ['pagefind', '--site', 'dist']],
      ]),
  ['bundle budget (page-side playground JS, gzip)', 'node', ['scripts/check-bundle.mjs']],
  ['browser tests (Playwright)', 'npx', ['playwright', 'test']],
];

if (!findChromium()) {
  console.error(NO_BROWSER_HINT);
  process.exit(1);
}

for (const [name, cmd, args] of stages) {
  const started = Date.now();
  console.log(`\n▶ ${name}`);
  const result = spawnSync(cmd, args, { stdio: 'inherit', env: { ...process.env, FORCE_COLOR: process.env.FORCE_COLOR ?? '0' } });
  const seconds = ((Date.now() - started) / 1000).toFixed(0);
  if (result.status !== 0) {
    console.error(`\n✗ ${name} failed after ${seconds} s`);
    process.exit(result.status ?? 1);
  }
  console.log(`✓ ${name} (${seconds} s)`);
}
