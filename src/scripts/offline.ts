/**
 * Registers the service worker (src/sw.ts) once the page has loaded, asks it to keep this page,
 * and shows in the footer whether the page can be read offline. Nothing here runs before the
 * page is usable, and nothing at all where service workers are unavailable.
 */
import { withBase } from '../../playground/shared/site.ts';
import type { OfflineReport, PageToWorker } from '../offline/protocol.ts';

function ask(worker: ServiceWorker, message: PageToWorker): Promise<OfflineReport> {
  return new Promise((resolve, reject) => {
    const channel = new MessageChannel();
    const timer = setTimeout(() => reject(new Error('no answer')), 30_000);
    channel.port1.onmessage = (e) => {
      clearTimeout(timer);
      resolve(e.data as OfflineReport);
    };
    worker.postMessage(message, [channel.port2]);
  });
}

/** Ask only once the worker is activated: while activating it is still pruning its caches. */
function activated(worker: ServiceWorker): Promise<void> {
  if (worker.state === 'activated') return Promise.resolve();
  return new Promise((resolve) => {
    const onChange = () => {
      if (worker.state !== 'activated') return;
      worker.removeEventListener('statechange', onChange);
      resolve();
    };
    worker.addEventListener('statechange', onChange);
  });
}

function show(report: OfflineReport): void {
  const status = document.querySelector<HTMLElement>('[data-offline-status]');
  if (!status || !report.page) return;
  const hasPlayground = document.querySelector('[data-playground]') !== null;
  const where = navigator.onLine ? 'Available offline' : 'Offline: reading the saved copy';
  status.textContent = hasPlayground
    ? `${where}${report.runtime ? ', playgrounds included.' : '. Playgrounds work offline once one has run here.'}`
    : `${where}.`;
  status.hidden = false;
}

export function keepOffline(): void {
  if (!('serviceWorker' in navigator) || !window.isSecureContext) return;
  const start = async () => {
    try {
      await navigator.serviceWorker.register(withBase('sw.js'), { scope: withBase('') });
      const { active } = await navigator.serviceWorker.ready;
      if (!active) return;
      await activated(active);
      const check = async () => show(await ask(active, { type: 'dq:keep-page', url: location.href }));
      await check();
      // The runtime is kept during a playground's first run: update the line when one finishes.
      document.addEventListener('dq:playground-ran', () => void check().catch(() => undefined));
      addEventListener('online', () => void check().catch(() => undefined));
      addEventListener('offline', () => void check().catch(() => undefined));
    } catch {
      /* no worker (private mode, blocked): the site works online as before */
    }
  };
  if (document.readyState === 'complete') void start();
  else addEventListener('load', () => void start(), { once: true });
}
