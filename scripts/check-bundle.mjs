/**
 * npm run check:bundle — size budgets of the page-side playground JavaScript in dist/ (gzip), so
 * that a value imported from the worker runtime or TF.js (hundreds of KB), or any other growth,
 * fails `npm test` instead of shipping:
 *
 *   island   the chunk of playground/island/mount.ts and what it imports statically: what loads
 *            when a playground goes live (controls, editor loading, runner, output, share links)
 *   lazy     what the island loads later with import() (the plot renderer, Observable Plot)
 *   loader   the page scripts that load the island (they import the mount chunk) and what they
 *            import besides: what a chapter page runs before interaction
 *
 * Monaco and the TF.js worker are not page chunks: they load from public/runtime/ on demand
 * (see scripts/build-runtime.mjs and npm run bench:playground). Needs a build (`npm run build`).
 * Raise a budget only with a reason in the commit message.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

export const BUDGETS_KB = { island: 38, lazy: 144, loader: 3 };

/** Chunks this chunk imports, by file name: `static` (import … from) and `lazy` (import()). */
function importsOf(/** @type {string} */ code) {
  const names = (/** @type {RegExp} */ re) => [...code.matchAll(re)].map((m) => /** @type {string} */ (m[1]));
  return {
    static: names(/(?:from|import)\s*"\.\/([^"]+\.js)"/g),
    lazy: names(/import\s*\(\s*"\.\/([^"]+\.js)"\s*\)/g),
  };
}

/**
 * The island's, its lazy parts' and the loaders' chunks in a built site, with gzip sizes.
 * @param {string} dist the build folder
 */
export function playgroundBundles(dist) {
  const dir = path.join(dist, '_astro');
  const files = readdirSync(dir).filter((f) => f.endsWith('.js'));
  /** @type {Map<string, string>} */
  const code = new Map(files.map((f) => [f, readFileSync(path.join(dir, f), 'utf8')]));
  const imports = (/** @type {string} */ f) => importsOf(code.get(f) ?? '');
  const gzip = (/** @type {string} */ f) => gzipSync(code.get(f) ?? '').length;
  const mount = files.filter((f) => /^mount\.[\w-]+\.js$/.test(f));
  if (mount.length !== 1) throw new Error(`check-bundle: expected one mount.*.js chunk in ${dir}, found ${mount.length} (did island/mount.ts move?)`);
  /** Every chunk reachable from `start` by `follow`, never entering `stop`. */
  const closure = (/** @type {string[]} */ start, /** @type {(f: string) => string[]} */ follow, /** @type {Set<string>} */ stop) => {
    const seen = new Set(start);
    for (const f of seen) for (const g of follow(f)) if (!stop.has(g) && code.has(g)) seen.add(g);
    return seen;
  };
  const both = (/** @type {string} */ f) => [...imports(f).static, ...imports(f).lazy];
  const loaders = files.filter((f) => !mount.includes(f) && both(f).some((g) => mount.includes(g)));
  const island = closure(mount, (f) => imports(f).static, new Set(loaders));
  const lazyStarts = [...island].flatMap((f) => imports(f).lazy).filter((f) => !island.has(f));
  const lazy = closure(lazyStarts, both, new Set([...island, ...loaders]));
  const loader = closure(loaders, (f) => imports(f).static, new Set([...island, ...lazy]));
  const sized = (/** @type {Set<string>} */ set) => ({
    files: [...set].map((f) => ({ file: f, gzip: gzip(f) })),
    gzip: [...set].reduce((n, f) => n + gzip(f), 0),
  });
  return { island: sized(island), lazy: sized(lazy), loader: sized(loader) };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const bundles = playgroundBundles(fileURLToPath(new URL('../dist/', import.meta.url)));
  let over = 0;
  for (const [name, bundle] of Object.entries(bundles)) {
    const budget = BUDGETS_KB[/** @type {keyof typeof BUDGETS_KB} */ (name)] * 1024;
    const ok = bundle.gzip <= budget;
    if (!ok) over++;
    console.log(
      `${name}: ${(bundle.gzip / 1024).toFixed(1)} KB gzip (budget ${budget / 1024} KB) ${ok ? 'ok' : 'OVER'} — ` +
        bundle.files.map((f) => `${f.file} ${(f.gzip / 1024).toFixed(1)} KB`).join(', '),
    );
  }
  process.exitCode = over ? 1 : 0;
}
