/**
 * The sandbox: an iframe with `sandbox="allow-scripts"` and no `allow-same-origin`, so its origin
 * is opaque. It cannot touch the site's DOM, cookies, localStorage or IndexedDB, cannot navigate
 * the top window (no allow-top-navigation) or open popups (no allow-popups). Its only job is to
 * start the worker from source text the page hands over, and to hand the worker a MessagePort to
 * the page. User code never runs on this frame's thread, so a busy loop cannot freeze anything.
 *
 * Why not a plain same-origin Worker: it would share the site's origin (IndexedDB, Cache Storage,
 * credentialed fetches to the site). Cost of the opaque origin: the worker is not a "secure
 * context", so WebGPU is unavailable inside it; the runtime falls back to WebGL with a notice.
 */
const BOOTSTRAP = `
"use strict";
let worker = null;
addEventListener("message", (event) => {
  if (event.source !== parent || worker) return;
  const { source, port, control } = event.data || {};
  if (typeof source !== "string" || !port || !control) return;
  try {
    worker = new Worker(URL.createObjectURL(new Blob([source], { type: "text/javascript" })));
  } catch (error) {
    control.postMessage({ type: "worker-error", message: String(error) });
    return;
  }
  worker.onerror = (e) => control.postMessage({ type: "worker-error", message: e.message || "The worker failed to start." });
  worker.postMessage({ type: "port" }, [port]);
  control.postMessage({ type: "started" });
});
`;

export function createSandboxFrame(): HTMLIFrameElement {
  const frame = document.createElement('iframe');
  frame.setAttribute('sandbox', 'allow-scripts');
  frame.setAttribute('aria-hidden', 'true');
  frame.tabIndex = -1;
  frame.title = 'Playground sandbox (no visible content)';
  frame.className = 'pg-sandbox';
  frame.style.cssText = 'position:absolute;width:0;height:0;border:0;visibility:hidden';
  frame.srcdoc = `<!doctype html><meta charset="utf-8"><script>${BOOTSTRAP}</script>`;
  return frame;
}
