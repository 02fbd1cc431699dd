/**
 * The service worker: the site works offline after a first visit. Built by @vite-pwa/astro
 * (Workbox, injectManifest) into dist/sw.js; what is kept and for how long is decided in
 * ./offline/plan.ts. Never kept: anything but same-origin GET requests, search queries (the
 * query string is not part of any key), share links (their code lives in the fragment, which is
 * never sent), and the code readers write (it stays in localStorage; the sandbox has no access to
 * this worker at all).
 */
import { CacheableResponsePlugin } from 'workbox-cacheable-response';
import { clientsClaim, type WorkboxPlugin } from 'workbox-core';
import { cleanupOutdatedCaches, matchPrecache, precacheAndRoute } from 'workbox-precaching';
import { NavigationRoute, registerRoute } from 'workbox-routing';
import { CacheFirst, NetworkFirst } from 'workbox-strategies';
import runtime from '../playground/runner/runtime-manifest.json';
import { CACHES, type ManifestEntry, planCaches, plainUrl, revisionedKey, SANDBOX_HEADERS, SANDBOX_PAGE, staleKeys } from './offline/plan.ts';
import { isKeepPage, type OfflineReport } from './offline/protocol.ts';

interface ExtendableEventLike extends Event {
  waitUntil(promise: Promise<unknown>): void;
}
interface MessageEventLike extends ExtendableEventLike {
  data: unknown;
  ports: readonly MessagePort[];
}
declare const self: {
  __WB_MANIFEST: ManifestEntry[];
  registration: { scope: string };
  skipWaiting(): Promise<void>;
  addEventListener(type: 'activate', listener: (event: ExtendableEventLike) => void): void;
  addEventListener(type: 'message', listener: (event: MessageEventLike) => void): void;
};

const scope = self.registration.scope;
const plan = planCaches(self.__WB_MANIFEST, scope);

// The sandbox document, asked for only by a frame without the sandbox attribute (offline: see
// SANDBOX_PAGE): always sandboxed by header, whatever the host sent. Before the shell's route,
// which would serve it without that header.
const sandboxUrl = new URL(SANDBOX_PAGE, scope).href;
registerRoute(
  ({ url }) => `${url.origin}${url.pathname}` === sandboxUrl,
  async ({ request }) => {
    const found = (await matchPrecache(sandboxUrl)) ?? (await fetch(request));
    return new Response(await found.blob(), { status: found.status, headers: SANDBOX_HEADERS });
  },
);

// Shell: precached, served cache-first; a query (the search page's ?q=) does not change the file.
precacheAndRoute(plan.shell, { ignoreURLParametersMatching: [/.*/] });
cleanupOutdatedCaches();
// A new deploy takes over at once; its activation below removes what the old one kept.
void self.skipWaiting();
clientsClaim();

const keyedBy = (revisions: ReadonlyMap<string, string | null>): WorkboxPlugin => ({
  cacheKeyWillBeUsed: async ({ request }) => revisionedKey(request.url, revisions),
});
const onlyComplete = new CacheableResponsePlugin({ statuses: [200] });

// Pages: the network first (the newest text when online), the kept copy when not, else the
// offline page. Only whole 200 pages are kept.
const pages = new NetworkFirst({
  cacheName: CACHES.pages,
  networkTimeoutSeconds: 6,
  plugins: [keyedBy(plan.pages), onlyComplete, { handlerDidError: async () => (await matchPrecache('offline/')) ?? undefined }],
});
registerRoute(new NavigationRoute(pages));

// Runtime, MNIST, the book's model: kept on first use; names or revisions change with each build.
const assets = new CacheFirst({ cacheName: CACHES.assets, plugins: [keyedBy(plan.assets), onlyComplete] });
registerRoute(({ url, sameOrigin }) => sameOrigin && plan.assets.has(`${url.origin}${url.pathname}`), assets);

// The search index is written after the site, so it is not in the file list: network first.
registerRoute(
  ({ url, sameOrigin }) => sameOrigin && url.href.startsWith(new URL('pagefind/', scope).href),
  new NetworkFirst({ cacheName: CACHES.search, plugins: [onlyComplete] }),
);

async function prune(): Promise<void> {
  const wanted: Set<string> = new Set(Object.values(CACHES));
  for (const name of await caches.keys()) {
    if (name.startsWith('dq-') && !wanted.has(name)) await caches.delete(name);
  }
  // A new deploy's search index replaces the old one.
  await caches.delete(CACHES.search);
  const assetCache = await caches.open(CACHES.assets);
  const assetKeys = (await assetCache.keys()).map((r) => r.url);
  await Promise.all(staleKeys(assetKeys, plan.assets).map((key) => assetCache.delete(key)));
  // Pages kept from an older deploy are fetched again (they name that deploy's files), or dropped.
  const pageCache = await caches.open(CACHES.pages);
  const pageKeys = (await pageCache.keys()).map((r) => r.url);
  await Promise.all(
    staleKeys(pageKeys, plan.pages).map(async (key) => {
      await pageCache.delete(key);
      const url = new URL(key);
      url.search = '';
      if (!plan.pages.has(url.href)) return;
      try {
        const response = await fetch(url.href, { cache: 'no-cache' });
        if (response.status === 200) await pageCache.put(revisionedKey(url.href, plan.pages), response);
      } catch {
        /* offline during the update: the page is kept again on its next visit */
      }
    }),
  );
}
self.addEventListener('activate', (event) => event.waitUntil(prune()));

const runtimeUrl = (file: string) => new URL(`runtime/${file}`, scope).href;
const isKept = async (file: string) => Boolean(await caches.match(revisionedKey(runtimeUrl(file), plan.assets)));
/**
 * The WASM binaries that run without cross-origin isolation. Offline the sandbox document comes
 * from this worker, sandboxed by header, and such a frame is never isolated (measured in
 * Chromium): it runs one of these even where the page, online, ran the threaded build.
 */
const singleThreadBinaries = Object.entries(runtime.wasm)
  .filter(([name]) => !name.includes('threaded'))
  .map(([, file]) => file);

/** Keep a runtime file now, in the background; settles once the copy is written. */
async function keep(file: string, event: ExtendableEventLike): Promise<void> {
  // handleAll: `done` settles once the copy is written, so the report that follows sees it.
  const [response, done] = assets.handleAll({ request: new Request(runtimeUrl(file)), event } as unknown as Parameters<CacheFirst['handleAll']>[0]);
  await response.catch(() => undefined);
  await done.catch(() => undefined);
}

/**
 * Once a runtime is kept (first use of a playground), keep what an offline sandbox needs that the
 * page may not have fetched: offline the sandbox always starts the Blob worker's build
 * (`runtime.worker`; a page with a GPU fetched the WebGPU build instead) on one thread, so a
 * single-thread binary too if the page fetched only the threaded one: the SIMD build, else the
 * plain one. Fetched here in the background, never on the way to a first output.
 */
async function keepOfflineRuntime(event: ExtendableEventLike): Promise<void> {
  const [worker, workerGpu] = await Promise.all([runtime.worker, runtime.workerGpu].map(isKept));
  if (!worker && !workerGpu) return;
  if (!worker) await keep(runtime.worker, event);
  const kept = await Promise.all(singleThreadBinaries.map(isKept));
  if (kept.some(Boolean)) return;
  const simd = runtime.wasm['tfjs-backend-wasm-simd.wasm'] ?? singleThreadBinaries[0];
  if (simd) await keep(simd, event);
}

/** Whether this page, and a playground runtime that runs offline, are in the caches now. */
async function report(url: string): Promise<OfflineReport> {
  const page = Boolean((await caches.match(revisionedKey(url, plan.pages))) ?? (await matchPrecache(new URL(url).pathname)));
  // The worker and a binary that runs in an offline (never isolated) sandbox make the runtime.
  const [worker, ...binaries] = await Promise.all([runtime.worker, ...singleThreadBinaries].map(isKept));
  return { page, runtime: Boolean(worker) && binaries.some(Boolean) };
}

self.addEventListener('message', (event) => {
  const port = event.ports[0];
  if (!isKeepPage(event.data) || !port) return;
  const url = event.data.url;
  const sameSite = url.startsWith(scope);
  event.waitUntil(
    (async () => {
      if (sameSite && plan.pages.has(plainUrl(url))) {
        // The first visit was loaded before this worker controlled the page: keep it now.
        // handleAll: `done` settles once the copy is written, so the report below can see it.
        const [response, done] = pages.handleAll({ request: new Request(url), event } as unknown as Parameters<NetworkFirst['handleAll']>[0]);
        await response.catch(() => undefined);
        await done.catch(() => undefined);
      }
      if (sameSite) await keepOfflineRuntime(event);
      port.postMessage(sameSite ? await report(url) : { page: false, runtime: false });
    })(),
  );
});
