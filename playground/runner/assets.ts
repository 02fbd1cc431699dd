/**
 * The page fetches assets for the sandboxed worker, which has no network access of its own. Only
 * site data and models, and allow-listed public model URLs, are served; only while a run is
 * active; at most LIMITS.assetConcurrency at a time; within a byte and request budget per run.
 */
import { concatBytes } from '../shared/bytes.ts';
import { LIMITS } from '../shared/limits.ts';
import type { HostToWorker } from '../shared/protocol.ts';
import { isAllowedRemoteUrl } from '../shared/remote-models.ts';

const SITE_ASSET = /^(data|models)\/[A-Za-z0-9._\-/]+$/;

/** The URL to fetch for a worker's request, or null when it is not allowed. `base` ends in '/' (SITE_BASE). */
export function resolveAssetUrl(pathOrUrl: string, base: string): string | null {
  if (/^https:\/\//.test(pathOrUrl)) {
    return isAllowedRemoteUrl(pathOrUrl) ? pathOrUrl : null;
  }
  const path = pathOrUrl.replace(/^\/+/, '');
  if (!SITE_ASSET.test(path) || path.split('/').includes('..')) return null;
  return `${base}${path}`;
}

export class AssetBudgetError extends Error {}

/**
 * Fetch with byte progress (when the server sends a length). `allow(n)` is asked before each chunk
 * of n bytes is kept; when it says no, the download is cancelled with an AssetBudgetError.
 */
export async function fetchWithProgress(
  url: string,
  onProgress: (loaded: number, total: number) => void,
  options: { signal?: AbortSignal; allow?: (bytes: number) => boolean; fetch?: typeof fetch } = {},
): Promise<ArrayBuffer> {
  const response = await (options.fetch ?? fetch)(url, { credentials: 'omit', signal: options.signal });
  if (!response.ok) throw new Error(`HTTP ${response.status} for ${url}`);
  const total = Number(response.headers.get('content-length') ?? 0);
  if (!response.body) {
    const bytes = await response.arrayBuffer();
    if (options.allow && !options.allow(bytes.byteLength)) throw new AssetBudgetError();
    return bytes;
  }
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let loaded = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    if (options.allow && !options.allow(value.byteLength)) {
      await reader.cancel().catch(() => undefined);
      throw new AssetBudgetError();
    }
    chunks.push(value);
    loaded += value.byteLength;
    onProgress(loaded, total);
  }
  return concatBytes(chunks);
}

type Reply = (message: Extract<HostToWorker, { type: 'asset' | 'asset-progress' }>, transfer?: Transferable[]) => void;

interface Job {
  requestId: number;
  url: string;
}

/** Serves one sandbox's asset requests within the limits of its current run. */
export class AssetServer {
  private active = false;
  private queue: Job[] = [];
  private inFlight = new Map<number, AbortController>();
  private requests = 0;
  private bytes = 0;

  constructor(
    private readonly base: string,
    private readonly reply: Reply,
    private readonly onProgress: (url: string, loaded: number, total: number) => void = () => undefined,
    private readonly fetchImpl: typeof fetch = (...args) => fetch(...args),
    /** Bytes a run may load (tests use a smaller budget). */
    private readonly bytesPerRun: number = LIMITS.assetBytesPerRun,
  ) {}

  /** A run starts: its budget is fresh. */
  startRun(): void {
    this.endRun();
    this.active = true;
    this.requests = 0;
    this.bytes = 0;
  }

  /** The run ended (or was stopped): nothing more is served, downloads in flight are cancelled. */
  endRun(): void {
    this.active = false;
    this.queue = [];
    for (const controller of this.inFlight.values()) controller.abort();
    this.inFlight.clear();
  }

  get pending(): number {
    return this.queue.length + this.inFlight.size;
  }

  /** Answer a request with an error instead of bytes. */
  refuse(requestId: number, error: string): void {
    this.reply({ type: 'asset', requestId, error });
  }

  private budgetMessage(): string {
    return `This run has loaded more than ${Math.round(this.bytesPerRun / 2 ** 20)} MB of files; no more are served.`;
  }

  request(requestId: number, path: string): void {
    const refusal = this.refusal(path);
    if (typeof refusal === 'string') {
      this.refuse(requestId, refusal);
      return;
    }
    this.queue.push({ requestId, url: refusal.url });
    this.pump();
  }

  /** Why a request is refused, or the URL to fetch for it. */
  private refusal(path: string): string | { url: string } {
    if (!this.active) return 'Assets are served only while code runs.';
    if (++this.requests > LIMITS.assetRequestsPerRun) return `This run asked for more than ${LIMITS.assetRequestsPerRun} files; no more are served.`;
    if (this.bytes > this.bytesPerRun) return this.budgetMessage();
    const url = resolveAssetUrl(path, this.base);
    return url ? { url } : `Not allowed to load '${path}': playgrounds can load the site's data and models and known public models.`;
  }

  private pump(): void {
    while (this.active && this.inFlight.size < LIMITS.assetConcurrency && this.queue.length > 0) {
      const job = this.queue.shift() as Job;
      // The budget may have run out while this request waited its turn: then no download at all.
      if (this.bytes > this.bytesPerRun) this.refuse(job.requestId, this.budgetMessage());
      else void this.serve(job);
    }
  }

  private async serve({ requestId, url }: Job): Promise<void> {
    const controller = new AbortController();
    this.inFlight.set(requestId, controller);
    const current = () => this.inFlight.get(requestId) === controller;
    try {
      const bytes = await fetchWithProgress(
        url,
        (loaded, total) => {
          if (!current()) return;
          this.onProgress(url, loaded, total);
          this.reply({ type: 'asset-progress', requestId, loaded, total });
        },
        {
          signal: controller.signal,
          fetch: this.fetchImpl,
          allow: (n) => {
            this.bytes += n;
            return this.bytes <= this.bytesPerRun;
          },
        },
      );
      if (current()) this.reply({ type: 'asset', requestId, bytes }, [bytes]);
    } catch (error) {
      if (!current()) return;
      const offline = typeof navigator !== 'undefined' && navigator.onLine === false;
      const reason = offline ? 'you appear to be offline' : error instanceof Error ? error.message : String(error);
      this.reply({ type: 'asset', requestId, error: error instanceof AssetBudgetError ? this.budgetMessage() : `Could not load ${url}: ${reason}.` });
    } finally {
      if (current()) this.inFlight.delete(requestId);
      this.pump();
    }
  }
}
