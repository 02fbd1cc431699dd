/**
 * The pages' Content-Security-Policy, added to every built HTML page as a <meta> tag with the
 * SHA-256 hash of each inline script (computed from the built file, so it is always current), and
 * a check that public/_headers protects every page from framing by other sites. Runs after
 * `astro build`; `astro dev` serves pages without it.
 *
 * The page needs no 'unsafe-eval': user code runs in the sandbox document (public/sandbox.html),
 * which has its own, stricter policy. 'wasm-unsafe-eval' is for Pagefind's search index (WASM).
 * Styles allow 'unsafe-inline' because the editor (Monaco) injects style elements at run time;
 * the page never renders untrusted HTML, so inline styles cannot be used against it.
 */
import { createHash } from 'node:crypto';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { REMOTE_MODEL_URLS } from '../playground/shared/remote-models.ts';

/** Inline scripts that run (JSON data blocks do not, and need no hash). */
const INLINE_SCRIPT = /<script(?![^>]*\bsrc=)((?:\s[^>]*)?)>([\s\S]*?)<\/script>/gi;
const DATA_TYPE = /\btype\s*=\s*["']?(application\/(ld\+)?json|text\/plain)/i;

/** @param {string} html */
export function inlineScriptHashes(html) {
  const hashes = new Set();
  for (const [, attrs, body] of html.matchAll(INLINE_SCRIPT)) {
    if (DATA_TYPE.test(attrs ?? '') || body === undefined) continue;
    hashes.add(`'sha256-${createHash('sha256').update(body).digest('base64')}'`);
  }
  return [...hashes].sort();
}

/** @param {string[]} scriptHashes */
export function pagePolicy(scriptHashes) {
  const remote = [...new Set(REMOTE_MODEL_URLS.map((u) => new URL(u).origin))];
  return [
    "default-src 'self'",
    `script-src 'self' ${[...scriptHashes, "'wasm-unsafe-eval'"].join(' ')}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "media-src 'self' blob:",
    // The page fetches site data and allow-listed public models on the sandbox's behalf.
    `connect-src 'self' ${remote.join(' ')}`,
    "worker-src 'self'",
    "frame-src 'self'",
    "child-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
  ].join('; ');
}

/**
 * The page with its policy as the first element of <head> after the charset.
 * @param {string} html
 */
export function withPolicy(html) {
  if (html.includes('http-equiv="Content-Security-Policy"')) return html;
  const meta = `<meta http-equiv="Content-Security-Policy" content="${pagePolicy(inlineScriptHashes(html))}">`;
  const charset = /<meta charset=["']?utf-8["']?\s*\/?>/i.exec(html);
  if (charset) return html.slice(0, charset.index + charset[0].length) + meta + html.slice(charset.index + charset[0].length);
  return html.replace(/<head(\s[^>]*)?>/i, (/** @type {string} */ head) => head + meta);
}

/**
 * @param {string} dir
 * @returns {AsyncGenerator<string>}
 */
async function* htmlFiles(dir) {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) yield* htmlFiles(full);
    else if (entry.name.endsWith('.html')) yield full;
  }
}

/**
 * Paths of public/_headers rules whose headers forbid framing by other sites.
 * @param {string} headersFile
 */
export function framingRules(headersFile) {
  /** @type {{ path: string; protects: boolean }[]} */
  const rules = [];
  /** @type {{ path: string; protects: boolean } | null} */
  let current = null;
  for (const line of headersFile.split('\n')) {
    if (/^\S/.test(line) && !line.startsWith('#')) {
      current = { path: line.trim(), protects: false };
      rules.push(current);
    } else if (current && /frame-ancestors\s+('none'|'self')/i.test(line)) {
      current.protects = true;
    }
  }
  return rules.filter((r) => r.protects).map((r) => r.path);
}

/** @param {string} rule @param {string} urlPath */
function matches(rule, urlPath) {
  if (rule.endsWith('*')) return urlPath.startsWith(rule.slice(0, -1));
  return rule === urlPath;
}

export default function pageCsp() {
  return {
    name: 'deep-questions:page-csp',
    hooks: {
      'astro:build:done': async (/** @type {{ dir: URL; logger: { info(m: string): void } }} */ { dir, logger }) => {
        const outDir = fileURLToPath(dir);
        const rules = framingRules(await readFile(new URL('../public/_headers', import.meta.url), 'utf8'));
        let pages = 0;
        for await (const file of htmlFiles(outDir)) {
          const urlPath = `/${path.relative(outDir, file).split(path.sep).join('/')}`.replace(/index\.html$/, '');
          if (urlPath === '/sandbox.html') continue; // has its own, stricter policy
          if (!rules.some((r) => matches(r, urlPath))) {
            throw new Error(`public/_headers has no rule with frame-ancestors for ${urlPath}: add one, so other sites cannot frame it.`);
          }
          const html = await readFile(file, 'utf8');
          await writeFile(file, withPolicy(html));
          pages++;
        }
        logger.info(`Content-Security-Policy added to ${pages} pages`);
      },
    },
  };
}
