/**
 * Worker-side guards, installed before any user code runs. They are for clarity, not the defence:
 * the sandbox's CSP (public/sandbox.html) is what refuses every network request, whatever the code
 * does. These turn the browser's terse failures into sentences a reader can act on, and make
 * `close()` end the run instead of silently killing the worker.
 */

const scope = globalThis as unknown as Record<string, unknown> & {
  addEventListener(type: 'securitypolicyviolation', listener: (event: SecurityPolicyViolationEvent) => void): void;
};

const LOCAL_URL = /^(blob|data):/i;

export function networkBlockedMessage(what: string, url: string): string {
  return (
    `${what} is blocked: code in the playground cannot reach the network${url ? ` (${url.slice(0, 200)})` : ''}. ` +
    `Use data.* and models.* for the book's data and models, and the page's inputs for your own files.`
  );
}

function urlOf(input: unknown): string {
  if (typeof input === 'string') return input;
  if (input instanceof URL) return input.href;
  if (typeof Request !== 'undefined' && input instanceof Request) return input.url;
  return String(input);
}

/** Replace the network APIs with ones that refuse with a clear message (blob: and data: still work). */
export function blockNetwork(onViolation: (text: string) => void): void {
  const realFetch = globalThis.fetch?.bind(globalThis);
  if (realFetch) {
    scope.fetch = (input: RequestInfo | URL, init?: RequestInit) => {
      const url = urlOf(input);
      return LOCAL_URL.test(url) ? realFetch(input, init) : Promise.reject(new TypeError(networkBlockedMessage('fetch()', url)));
    };
  }
  const realImport = scope.importScripts as ((...urls: string[]) => void) | undefined;
  if (realImport) {
    scope.importScripts = (...urls: string[]) => {
      const far = urls.map(urlOf).find((u) => !LOCAL_URL.test(u));
      if (far !== undefined) throw new TypeError(networkBlockedMessage('importScripts()', far));
      realImport(...urls);
    };
  }
  for (const name of ['XMLHttpRequest', 'WebSocket', 'EventSource', 'WebTransport']) {
    if (!(name in scope)) continue;
    scope[name] = function Blocked(url?: unknown) {
      throw new TypeError(networkBlockedMessage(name, url === undefined ? '' : urlOf(url)));
    };
  }
  // Whatever gets past the wrappers (a nested worker, a font, a reference kept elsewhere) is still
  // refused by the CSP; say so in the output rather than only in the console.
  let reported = 0;
  scope.addEventListener('securitypolicyviolation', (event) => {
    if (reported++ < 5) onViolation(networkBlockedMessage(`A request (${event.effectiveDirective})`, event.blockedURI));
  });
}

/**
 * `close()` would end the worker with no word to the page; make it end the run instead. The
 * built-in is replaced where it is defined, so no reference to it remains for user code.
 */
export function interceptClose(onClose: () => void): void {
  for (let o: object | null = globalThis; o; o = Object.getPrototypeOf(o)) {
    if (Object.hasOwn(o, 'close')) Object.defineProperty(o, 'close', { value: onClose, writable: false, configurable: false });
  }
}
