/**
 * Page side of the runner: owns one sandbox frame + worker, starts runs, stops them, and serves
 * the worker's asset requests. Stop throws the whole sandbox away (the only way to end a
 * `while (true) {}` at once) and boots a fresh one so the next run starts warm.
 */
import manifest from './runtime-manifest.json';
import { createSandboxFrame } from './sandbox-frame.ts';
import { fetchWithProgress, resolveAssetUrl } from './assets.ts';
import { hasWasmSimd, pickWasmBinary } from './wasm-binary.ts';
import type { BackendChoice, HostToWorker, MemoryInfo, WorkerToHost } from '../shared/protocol.ts';
import type { Inputs } from '../shared/messages.ts';

export type RunOutcome =
  | { status: 'done'; ms: number; memoryBefore: MemoryInfo; memoryAfter: MemoryInfo; backend: string }
  | { status: 'stopped' }
  | { status: 'crashed'; message: string };

import { runtimeUrl, SITE_BASE } from '../shared/site.ts';
const BOOT_TIMEOUT_MS = 30_000;

interface BootAssets {
  source: string;
  wasm: Record<string, ArrayBuffer>;
}

let bootAssets: Promise<BootAssets> | null = null;

/** The one WASM binary this browser will run (none where WebAssembly is missing: TF.js then uses its CPU backend). */
function wasmToFetch(): Array<[string, string]> {
  const shipped: Record<string, string> = manifest.wasm;
  const name = pickWasmBinary(Object.keys(shipped), { simd: hasWasmSimd(), threads: false });
  const file = name ? shipped[name] : undefined;
  return name && file ? [[name, file]] : [];
}

/** The worker's source and WASM binaries, fetched once per page and shared by all playgrounds. */
function loadBootAssets(): Promise<BootAssets> {
  bootAssets ??= (async () => {
    const [source, ...wasm] = await Promise.all([
      fetch(runtimeUrl(manifest.worker)).then((r) => {
        if (!r.ok) throw new Error(`Could not load the playground runtime (HTTP ${r.status}).`);
        return r.text();
      }),
      ...wasmToFetch().map(async ([name, file]) => {
        const r = await fetch(runtimeUrl(file));
        if (!r.ok) throw new Error(`Could not load ${name} (HTTP ${r.status}).`);
        return [name, await r.arrayBuffer()] as const;
      }),
    ]);
    return { source, wasm: Object.fromEntries(wasm) };
  })();
  bootAssets.catch(() => (bootAssets = null));
  return bootAssets;
}

export interface RunnerEvents {
  /** Every message of the current run (logs, charts, images, errors, …). */
  onMessage(message: WorkerToHost): void;
  /** Bytes arriving for an asset the run asked for (for a download progress bar). */
  onAssetProgress?(url: string, loaded: number, total: number): void;
}

export class PlaygroundRunner {
  private frame: HTMLIFrameElement | null = null;
  private port: MessagePort | null = null;
  private booting: Promise<void> | null = null;
  private runCounter = 0;
  private active: { runId: number; resolve: (o: RunOutcome) => void } | null = null;

  constructor(
    private readonly host: HTMLElement,
    private readonly events: RunnerEvents,
  ) {}

  /** Boot the sandbox and worker now (idempotent), so the first Run does not wait. */
  warm(): Promise<void> {
    this.booting ??= this.boot().catch((error: unknown) => {
      this.booting = null;
      throw error;
    });
    return this.booting;
  }

  get running(): boolean {
    return this.active !== null;
  }

  async run(code: string, backend: BackendChoice, inputs: Inputs): Promise<RunOutcome> {
    if (this.active) this.stop();
    await this.warm();
    const runId = ++this.runCounter;
    return new Promise<RunOutcome>((resolve) => {
      this.active = { runId, resolve };
      this.send({ type: 'run', runId, code, backend, inputs });
    });
  }

  /** End the current run at once: discard the sandbox, then boot a fresh one in the background. */
  stop(): void {
    const active = this.active;
    this.teardown();
    active?.resolve({ status: 'stopped' });
    void this.warm().catch(() => undefined);
  }

  destroy(): void {
    const active = this.active;
    this.teardown();
    active?.resolve({ status: 'stopped' });
  }

  private teardown(): void {
    this.active = null;
    this.port?.close();
    this.port = null;
    this.frame?.remove();
    this.frame = null;
    this.booting = null;
  }

  private send(message: HostToWorker, transfer: Transferable[] = []): void {
    this.port?.postMessage(message, transfer);
  }

  private async boot(): Promise<void> {
    const assets = await loadBootAssets();
    const frame = createSandboxFrame();
    const loaded = new Promise<void>((resolve) => frame.addEventListener('load', () => resolve(), { once: true }));
    this.host.append(frame);
    this.frame = frame;
    await loaded;
    if (this.frame !== frame) throw new Error('The playground was stopped while starting.');

    const data = new MessageChannel();
    const control = new MessageChannel();
    this.port = data.port1;
    const ready = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('The playground runtime did not start in time.')), BOOT_TIMEOUT_MS);
      data.port1.onmessage = (event: MessageEvent<WorkerToHost>) => {
        if (event.data.type === 'ready') {
          clearTimeout(timer);
          resolve();
        }
        this.onWorkerMessage(event.data);
      };
      control.port1.onmessage = (event: MessageEvent<{ type: string; message?: string }>) => {
        if (event.data.type !== 'worker-error') return;
        const message = `The playground runtime failed: ${event.data.message ?? 'unknown error'}`;
        clearTimeout(timer);
        reject(new Error(message));
        this.crash(message);
      };
    });
    // The frame's origin is opaque, so '*' is the only target origin that can reach it; the
    // payload holds nothing secret (public code and binaries).
    frame.contentWindow?.postMessage({ source: assets.source, port: data.port2, control: control.port2 }, '*', [data.port2, control.port2]);
    // Copies, not transfers: the same bytes boot the next sandbox after a Stop.
    this.send({ type: 'init', wasm: Object.fromEntries(Object.entries(assets.wasm).map(([k, v]) => [k, v.slice(0)])) });
    await ready;
  }

  private crash(message: string): void {
    const active = this.active;
    this.teardown();
    active?.resolve({ status: 'crashed', message });
  }

  private onWorkerMessage(message: WorkerToHost): void {
    if (message.type === 'asset-request') {
      void this.serveAsset(message.requestId, message.path);
      return;
    }
    if (message.type === 'ready') return;
    if (!this.active || message.runId !== this.active.runId) return;
    this.events.onMessage(message);
    if (message.type === 'done') {
      const { resolve } = this.active;
      this.active = null;
      resolve({ status: 'done', ms: message.ms, memoryBefore: message.memoryBefore, memoryAfter: message.memoryAfter, backend: message.backend });
    }
  }

  private async serveAsset(requestId: number, path: string): Promise<void> {
    const url = resolveAssetUrl(path, SITE_BASE);
    if (!url) {
      this.send({
        type: 'asset',
        requestId,
        error: `Not allowed to load '${path}': playgrounds can load the site's data and models and known public models.`,
      });
      return;
    }
    const port = this.port;
    try {
      const bytes = await fetchWithProgress(url, (loaded, total) => {
        this.events.onAssetProgress?.(url, loaded, total);
        if (this.port === port) this.send({ type: 'asset-progress', requestId, loaded, total });
      });
      if (this.port === port) this.send({ type: 'asset', requestId, bytes }, [bytes]);
    } catch (error) {
      const offline = typeof navigator !== 'undefined' && navigator.onLine === false;
      const reason = offline ? 'you appear to be offline' : error instanceof Error ? error.message : String(error);
      if (this.port === port) this.send({ type: 'asset', requestId, error: `Could not load ${url}: ${reason}.` });
    }
  }
}
