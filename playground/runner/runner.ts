/**
 * Page side of the runner. Every run gets a fresh sandbox (sandbox.ts), thrown away when the run
 * ends, is stopped, or is superseded by another Run: code never outlives its run. One spare
 * sandbox per page is kept booted ahead (a boot takes about half a second), so Run stays fast; it
 * boots when a playground is warmed and after each run, never during one.
 */
import type { BackendChoice, MemoryInfo, WorkerToHost } from '../shared/protocol.ts';
import type { Inputs } from '../shared/messages.ts';
import { hardwareWebGpu } from '../shared/gpu-probe.ts';
import type { NoticeLevel } from './gate-protocol.ts';
import { RUNNING_WORKER_SILENT_MS, Sandbox, type SandboxOptions } from './sandbox.ts';

export type RunOutcome =
  | { status: 'done'; ms: number; memoryBefore: MemoryInfo; memoryAfter: MemoryInfo; backend: string }
  | { status: 'stopped' }
  /** Another Run of the same playground started before this one ended. */
  | { status: 'superseded' }
  | { status: 'crashed'; message: string };

export interface RunNotice {
  /** Notices with the same key replace each other. */
  key: string;
  level: NoticeLevel;
  text: string;
}

export interface RunnerEvents {
  /** Every checked message of the current run (logs, plots, images, errors, …). */
  onMessage(message: WorkerToHost): void;
  /** Notices about the run from the page side: output limits, dropped messages, a silent worker. */
  onNotice(notice: RunNotice): void;
  /** Bytes arriving for an asset the run asked for (for a download progress bar). */
  onAssetProgress?(url: string, loaded: number, total: number): void;
}

let hardwareGpu: Promise<boolean> | null = null;

/**
 * The sandbox a backend choice needs. WebGPU exists only in a worker that is a secure context
 * (a data: worker), which cannot be cross-origin isolated; so that kind is used when there is a
 * real GPU behind WebGPU and the reader chose WebGPU or Automatic, online. Everywhere else the
 * worker is a Blob worker, with WASM threads where the page is cross-origin isolated. (A software
 * fallback adapter is not offered even when chosen: on SwiftShader's, TF.js's synchronous reads
 * such as arraySync() returned wrong values.)
 */
async function sandboxOptions(backend: BackendChoice | undefined): Promise<SandboxOptions> {
  hardwareGpu ??= hardwareWebGpu();
  const offlineWithWorker = navigator.onLine === false && navigator.serviceWorker?.controller != null;
  // Offline the service worker keeps one runtime build, the Blob worker's (src/sw.ts).
  const gpu = !offlineWithWorker && (backend === undefined || backend === 'auto' || backend === 'webgpu') && (await hardwareGpu);
  return { crossOriginIsolated: globalThis.crossOriginIsolated === true, gpu, sandboxedByServiceWorker: offlineWithWorker };
}

const bootFor = async (host: HTMLElement, backend: BackendChoice | undefined) => Sandbox.boot(host, backend, await sandboxOptions(backend));

/** The page's spare sandbox, shared by all its playgrounds. */
const pool = {
  container: null as HTMLElement | null,
  spare: null as Promise<Sandbox> | null,

  host(): HTMLElement {
    if (!this.container?.isConnected) {
      this.container = document.createElement('div');
      this.container.className = 'pg-sandboxes';
      this.container.setAttribute('aria-hidden', 'true');
      document.body.append(this.container);
    }
    return this.container;
  },

  /** Boot a spare if there is none (idempotent). */
  warm(backend?: BackendChoice): Promise<Sandbox> {
    if (!this.spare) {
      const spare = bootFor(this.host(), backend);
      this.spare = spare;
      const forget = () => {
        if (this.spare === spare) this.spare = null;
      };
      spare.then((s) => s.listen({ items: () => undefined, died: forget }), forget);
    }
    return this.spare;
  },

  /**
   * Throw the spare away (it boots again on demand). After a sandbox died, the spare may have
   * shared its process and died with it, before its own watchdog could tell.
   */
  discard(): void {
    const spare = this.spare;
    this.spare = null;
    void spare?.then((s) => s.destroy()).catch(() => undefined);
  },

  /**
   * A booted sandbox for a run (the spare if it suits `backend`, or a new one). The next spare
   * boots when the run ends (PlaygroundRunner.end), not beside it: a boot (with WASM threads, eight
   * helper workers) would take CPU from the run on a machine with few cores.
   */
  async take(backend: BackendChoice): Promise<Sandbox> {
    // Claimed at once, so two playgrounds starting together never share a sandbox.
    const claimed = this.spare ?? bootFor(this.host(), backend);
    this.spare = null;
    let sandbox = await claimed.catch(() => null);
    const wanted = await sandboxOptions(backend);
    if (sandbox?.alive && sandbox.options.gpu !== wanted.gpu) {
      // A spare of the other kind (the reader switched to or from WebGPU).
      sandbox.destroy();
      sandbox = null;
    }
    if (!sandbox?.alive) sandbox = await Sandbox.boot(this.host(), backend, wanted);
    return sandbox;
  },
};

/** Run ids are unique on the page, so no message of one run can pass for another's. */
let lastRunId = 0;

export class PlaygroundRunner {
  private current: { sandbox: Sandbox | null; backend: BackendChoice; resolve: (o: RunOutcome) => void } | null = null;

  constructor(private readonly events: RunnerEvents) {}

  /** Boot the spare sandbox now, so the first Run does not wait. */
  warm(backend?: BackendChoice): Promise<void> {
    return pool.warm(backend).then(() => undefined);
  }

  get running(): boolean {
    return this.current !== null;
  }

  /** Run code in a fresh sandbox; a run already going is ended first ('superseded'). */
  async run(code: string, backend: BackendChoice, inputs: Inputs): Promise<RunOutcome> {
    this.end({ status: 'superseded' });
    const runId = ++lastRunId;
    const outcome = new Promise<RunOutcome>((resolve) => (this.current = { sandbox: null, backend, resolve }));
    const mine = this.current;
    let sandbox: Sandbox;
    try {
      sandbox = await pool.take(backend);
    } catch (error) {
      if (this.current === mine) this.end({ status: 'crashed', message: error instanceof Error ? error.message : String(error) });
      return outcome;
    }
    if (this.current !== mine || !mine) {
      sandbox.destroy(); // stopped or superseded while the sandbox was booting
      return outcome;
    }
    mine.sandbox = sandbox;
    sandbox.startRun(
      { type: 'run', runId, code, backend, inputs },
      {
        items: (items) => {
          for (const item of items) {
            if (this.current !== mine) return;
            if (item.kind === 'notice') {
              this.events.onNotice({ key: item.key, level: item.level, text: item.text });
              continue;
            }
            const message = item.message;
            this.events.onMessage(message);
            if (message.type === 'done') {
              const { ms, memoryBefore, memoryAfter, backend: ranOn } = message;
              this.end({ status: 'done', ms, memoryBefore, memoryAfter, backend: ranOn });
            }
          }
        },
        died: (message) => {
          pool.discard();
          if (this.current === mine) this.end({ status: 'crashed', message });
        },
        silent: (ms) =>
          this.events.onNotice({
            key: 'silent',
            level: 'warn',
            text: `No answer from the code for ${Math.round(Math.max(ms, RUNNING_WORKER_SILENT_MS) / 1000)} s: a long computation, or a loop that never ends. Stop ends it at once.`,
          }),
        assetProgress: (url, loaded, total) => this.events.onAssetProgress?.(url, loaded, total),
      },
    );
    return outcome;
  }

  /** End the current run at once: its sandbox is thrown away, whatever it was doing. */
  stop(): void {
    this.end({ status: 'stopped' });
  }

  destroy(): void {
    this.end({ status: 'stopped' }, false);
  }

  /** End the run; then (unless the playground is going away) boot the spare for the next one. */
  private end(outcome: RunOutcome, warmNext = true): void {
    const current = this.current;
    if (!current) return;
    this.current = null;
    current.sandbox?.destroy();
    current.resolve(outcome);
    if (warmNext) void pool.warm(current.backend).catch(() => undefined);
  }
}
