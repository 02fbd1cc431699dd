/**
 * Messages between a page and the service worker (src/sw.ts). The page asks over a MessageChannel
 * and the worker answers on its port.
 */
export type PageToWorker =
  /** Keep this page (the first visit loads before the worker controls it), then report. */
  { type: 'dq:keep-page'; url: string };

export interface OfflineReport {
  /** The page itself can be opened offline. */
  page: boolean;
  /** The playground runtime (the worker and its WASM binaries) is kept too. */
  runtime: boolean;
}

export const isKeepPage = (data: unknown): data is PageToWorker =>
  typeof data === 'object' &&
  data !== null &&
  (data as { type?: unknown }).type === 'dq:keep-page' &&
  typeof (data as { url?: unknown }).url === 'string';
