/**
 * `npm run dev`: builds the playground runtime (scripts/build-runtime.mjs), starts `astro dev`,
 * and rebuilds the runtime whenever its sources change (playground/runtime, shared, editor), so
 * the worker, the editor bundle and their typings follow edits. The rewritten manifest makes the
 * dev server reload the page. Arguments go to `astro dev` (`npm run dev -- --port 4400`).
 */
import { spawn } from 'node:child_process';
import { watch } from 'node:fs';

const WATCHED = ['playground/runtime', 'playground/shared', 'playground/editor'];

/** Run the runtime build; resolves with whether it succeeded. */
function buildRuntime() {
  return new Promise((resolve) => {
    spawn('node', ['scripts/build-runtime.mjs'], { stdio: 'inherit' }).on('exit', (code) => resolve(code === 0));
  });
}

if (!(await buildRuntime())) process.exit(1);
const astro = spawn('npx', ['astro', 'dev', ...process.argv.slice(2)], { stdio: 'inherit' });
astro.on('exit', (code) => process.exit(code ?? 0));
for (const signal of /** @type {const} */ (['SIGINT', 'SIGTERM'])) process.on(signal, () => astro.kill(signal));

// One build at a time; changes during a build schedule one more.
let building = false;
let again = false;
/** @type {ReturnType<typeof setTimeout> | undefined} */
let timer;
async function rebuild() {
  if (building) {
    again = true;
    return;
  }
  building = true;
  do {
    again = false;
    console.log('\nplayground runtime changed: rebuilding…');
    await buildRuntime();
  } while (again);
  building = false;
}
for (const dir of WATCHED) {
  watch(dir, { recursive: true }, (_event, file) => {
    if (!file || !/\.(ts|mjs|json)$/.test(file)) return;
    clearTimeout(timer);
    timer = setTimeout(() => void rebuild(), 200);
  });
}
