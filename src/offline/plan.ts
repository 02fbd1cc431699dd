/**
 * What the service worker (src/sw.ts) keeps, decided from the build's file list (Workbox's
 * precache manifest: every file with a content revision). Pure, so it is unit-tested.
 *
 * - The shell is precached at install: the shell pages (home, glossary, search, the offline
 *   page), the site's CSS, scripts and fonts, the favicon. Workbox keys them by revision and
 *   drops old revisions when a new deploy's worker activates.
 * - Everything else in the list is kept on first use: chapter pages and the playground page when
 *   visited, the playground runtime when a playground first starts, MNIST and the book's model
 *   when a lab first loads them, and a chapter's images (figures/) when they are first shown.
 *   Their cache keys carry the file's revision from this build, so a
 *   deploy that changes a file makes its old copy unreachable, and activation deletes it: no page
 *   or runtime from an older deploy is ever served next to a newer one.
 */
export interface ManifestEntry {
  url: string;
  revision: string | null;
}

/** Cache names (Workbox's precache has its own). A name not listed here is deleted on activation. */
export const CACHES = {
  pages: 'dq-pages-v1',
  assets: 'dq-assets-v1',
  search: 'dq-search-v1',
} as const;

/**
 * Shell pages, relative to the site's base URL (the astro integration writes pages as `dir/`).
 * The playground's sandbox document is precached too: offline, the page can only get it from this
 * worker (see SANDBOX_PAGE).
 */
const SHELL_PAGES = new Set(['', 'glossary/', 'search/', 'offline/']);

/**
 * The sandbox document, relative to the base URL. A frame with the sandbox attribute is never
 * served by a service worker (Chromium skips them), so offline the playground frames it without
 * the attribute and this worker serves it with `Content-Security-Policy: sandbox allow-scripts`,
 * which makes its origin opaque all the same (playground/runner/sandbox-frame.ts).
 */
export const SANDBOX_PAGE = 'sandbox.html';
const SANDBOX_AS_DIRECTORY = 'sandbox/';

/** Headers the worker adds when it serves the sandbox document (the host's may be missing offline). */
export const SANDBOX_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy': 'sandbox allow-scripts',
  'Cross-Origin-Embedder-Policy': 'require-corp',
  'Content-Type': 'text/html; charset=utf-8',
};
/** Precached at install: built CSS, scripts and fonts (Vite's output folder), and the favicon. */
const SHELL_FILE = /^(_astro\/.+\.(js|css|woff2)|favicon\.svg)$/;
/** Kept on first use, with their revision. */
const ON_DEMAND_FILE = /^(runtime|data|models|figures)\//;

export interface CachePlan {
  /** Entries to precache at install (Workbox precaching). */
  shell: ManifestEntry[];
  /** Absolute URL (no query) → the revision of every page kept on first use. */
  pages: Map<string, string | null>;
  /** Absolute URL (no query) → the revision of every runtime, data, model or figure file kept on first use. */
  assets: Map<string, string | null>;
}

const isPage = (url: string) => url === '' || url.endsWith('/') || url.endsWith('.html');

/** Split the manifest; `scope` is the service worker's scope (the site's base URL, absolute). */
export function planCaches(manifest: readonly ManifestEntry[], scope: string): CachePlan {
  const plan: CachePlan = { shell: [], pages: new Map(), assets: new Map() };
  for (const entry of manifest) {
    // Resolved as Workbox resolves them: against the worker's address, which is the scope.
    const absolute = new URL(entry.url, scope).href;
    if (!absolute.startsWith(scope)) continue;
    const relative = absolute.slice(scope.length);
    if (relative === SANDBOX_PAGE || relative === SANDBOX_AS_DIRECTORY) {
      // Listed as `sandbox/` by the astro integration (it writes pages as directories); the file is sandbox.html.
      plan.shell.push({ url: new URL(SANDBOX_PAGE, scope).href, revision: entry.revision });
    } else if (isPage(relative)) {
      if (SHELL_PAGES.has(relative)) plan.shell.push(entry);
      else plan.pages.set(absolute, entry.revision);
    } else if (SHELL_FILE.test(relative)) {
      plan.shell.push(entry);
    } else if (ON_DEMAND_FILE.test(relative)) {
      plan.assets.set(absolute, entry.revision);
    }
  }
  return plan;
}

/** The URL without query or fragment: what identifies a page or file (a search query or a share link never does). */
export function plainUrl(url: string): string {
  const u = new URL(url);
  u.search = '';
  u.hash = '';
  return u.href;
}

/** The cache key for a URL kept on first use: its revision rides along, so a new deploy misses old copies. */
export function revisionedKey(url: string, revisions: ReadonlyMap<string, string | null>): string {
  const plain = plainUrl(url);
  const revision = revisions.get(plain);
  return revision ? `${plain}?__rev=${revision}` : plain;
}

/** Keys in a cache that this build would not read (old revisions, removed files): to delete. */
export function staleKeys(keys: readonly string[], revisions: ReadonlyMap<string, string | null>): string[] {
  return keys.filter((key) => {
    const plain = plainUrl(key);
    return !revisions.has(plain) || revisionedKey(plain, revisions) !== key;
  });
}
