/**
 * The sandbox frame: public/sandbox.html in an iframe with `sandbox="allow-scripts"` and no
 * `allow-same-origin`, so its origin is opaque. It cannot touch the site's DOM, cookies,
 * localStorage or IndexedDB, cannot navigate the top window or open popups, and its own CSP
 * (inherited by the worker it starts) refuses every network request. Because it is a document of
 * its own (not srcdoc), Chromium runs it in a separate process from the page, and the page's CSP
 * needs no 'unsafe-eval'. See the README's security section for what was measured.
 */
import { withBase } from '../shared/site.ts';

/**
 * `crossOriginIsolated` lets the sandbox's Blob worker be cross-origin isolated
 * (SharedArrayBuffer, WASM threads) when the page is, i.e. when the page and sandbox.html are
 * served with COOP/COEP headers; it grants nothing where they are not. The origin stays opaque and
 * the CSP unchanged: isolation gives threads, not the site's storage or the network.
 */
export interface SandboxFrameOptions {
  crossOriginIsolated?: boolean;
  /**
   * Offline, with the site's service worker in control: a frame with the sandbox attribute never
   * reaches a service worker, so it could not load. Then the frame has no attribute and the worker
   * serves the document with `Content-Security-Policy: sandbox allow-scripts` (src/sw.ts), which
   * gives it an opaque origin all the same; the document's bootstrap still runs nothing if its
   * origin is not opaque.
   */
  sandboxedByServiceWorker?: boolean;
}

export const SANDBOX_URL = 'sandbox.html';

export function createSandboxFrame(options: SandboxFrameOptions = {}): HTMLIFrameElement {
  const frame = document.createElement('iframe');
  // Never add allow-same-origin: with allow-scripts it would let the frame remove its own sandbox.
  if (!options.sandboxedByServiceWorker) frame.setAttribute('sandbox', 'allow-scripts');
  if (options.crossOriginIsolated) frame.setAttribute('allow', 'cross-origin-isolated');
  frame.setAttribute('aria-hidden', 'true');
  frame.tabIndex = -1;
  frame.title = 'Playground sandbox (no visible content)';
  frame.className = 'pg-sandbox';
  frame.style.cssText = 'position:absolute;width:0;height:0;border:0;visibility:hidden';
  frame.src = withBase(SANDBOX_URL);
  return frame;
}
