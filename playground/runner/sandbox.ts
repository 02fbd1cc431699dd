/**
 * One sandbox: the frame (sandbox-frame.ts) with the worker that runs user code, and the gate
 * worker that stands between it and the page (gate-protocol.ts). A sandbox runs at most one run
 * and is then thrown away, so nothing a run leaves behind (timers, handlers, globals) can reach
 * the next one. A watchdog pings the frame's thread and the worker: a frame that stops answering
 * means the sandbox's process died (usually out of memory); a worker that stops answering is in a
 * long computation, an endless loop, or gone.
 */
import type { BackendChoice, HostToWorker } from '../shared/protocol.ts';
import { createSandboxFrame, type SandboxFrameOptions } from './sandbox-frame.ts';

/**
 * How a sandbox is built. `gpu`: its worker starts from a data: URL, which is a secure context
 * (WebGPU exists there) but never cross-origin isolated (no WASM threads); otherwise a Blob
 * worker, isolated (WASM threads) where the page is and `crossOriginIsolated` is set.
 */
export interface SandboxOptions extends SandboxFrameOptions {
  gpu?: boolean;
}
import type { GateItem, GateToPage, PageToGate } from './gate-protocol.ts';

const BOOT_TIMEOUT_MS = 30_000;
const PING_EVERY_MS = 1_000;
/** No answer from the frame's own thread for this long: its process is gone. */
const FRAME_SILENT_MS = 5_000;
/** No answer from an idle worker for this long: it is gone. */
const IDLE_WORKER_SILENT_MS = 5_000;
/** No answer from a running worker for this long: the reader hears about it (once). */
export const RUNNING_WORKER_SILENT_MS = 10_000;

export interface SandboxListener {
  /** Checked output of the run, and notices about it, in order. */
  items(items: GateItem[]): void;
  /** The sandbox is unusable (its process died, the worker failed, it flooded the page). */
  died(reason: string): void;
  /** The running worker has not answered for `ms` (said once per silence). */
  silent?(ms: number): void;
  assetProgress?(url: string, loaded: number, total: number): void;
}

/** A watch on one thing that answers pings: whether the latest ping has gone unanswered too long. */
class Heartbeat {
  private id = 0;
  private sentAt: number | null = null;

  constructor(private readonly ping: (id: number) => void) {}

  /** Called every PING_EVERY_MS; returns how long the pending ping has waited (0 if none). */
  tick(now: number, throttled: boolean): number {
    // After the page's timers were throttled or frozen (a background tab), start afresh.
    if (throttled) this.sentAt = null;
    if (this.sentAt === null) {
      this.sentAt = now;
      this.ping(++this.id);
      return 0;
    }
    return now - this.sentAt;
  }

  answered(id: number): void {
    if (id === this.id) this.sentAt = null;
  }
}

export class Sandbox {
  private readonly frame: HTMLIFrameElement;
  private readonly gate: Worker;
  private readonly control = new MessageChannel();
  private listener: SandboxListener | null = null;
  private running = false;
  private saidSilent = false;
  private destroyed = false;
  private timer = 0;
  private lastTick = performance.now();
  private readonly frameBeat: Heartbeat;
  private readonly workerBeat: Heartbeat;
  private whenReady!: { resolve: () => void; reject: (e: Error) => void };
  readonly ready: Promise<void>;

  private constructor(
    container: HTMLElement,
    readonly options: SandboxOptions,
  ) {
    this.ready = new Promise((resolve, reject) => (this.whenReady = { resolve, reject }));
    this.ready.catch(() => undefined);
    this.frame = createSandboxFrame(options);
    this.gate = new Worker(new URL('./gate.worker.ts', import.meta.url), { type: 'module', name: 'playground-gate' });
    this.gate.onmessage = (event: MessageEvent<GateToPage>) => this.fromGate(event.data);
    this.gate.onerror = (event) => this.die(`The playground's message gate failed: ${event.message || 'unknown error'}`);
    this.frameBeat = new Heartbeat((id) => this.control.port1.postMessage({ type: 'ping', id }));
    this.workerBeat = new Heartbeat((id) => this.send({ type: 'ping', id }));
    this.control.port1.onmessage = (event: MessageEvent<unknown>) => this.fromFrame(event.data);
    container.append(this.frame);
  }

  /** Boot a sandbox in `container`; resolves when its worker is ready (and `backend` is starting). */
  static async boot(container: HTMLElement, backend?: BackendChoice, options: SandboxOptions = {}): Promise<Sandbox> {
    const sandbox = new Sandbox(container, options);
    try {
      await sandbox.start();
    } catch (error) {
      sandbox.destroy();
      throw error;
    }
    if (backend) sandbox.send({ type: 'prepare', backend });
    return sandbox;
  }

  private async start(): Promise<void> {
    const timeout = setTimeout(() => this.die('The playground runtime did not start in time.'), BOOT_TIMEOUT_MS);
    try {
      await new Promise<void>((resolve) => this.frame.addEventListener('load', () => resolve(), { once: true }));
      if (this.destroyed) throw new Error('The playground was stopped while starting.');
      const data = new MessageChannel();
      const loader = new MessageChannel();
      // The gate sends the runtime (source and WASM) itself: nothing large passes through this thread.
      this.toGate({ type: 'connect', port: data.port1, loader: loader.port1, gpu: this.options.gpu === true }, [data.port1, loader.port1]);
      // The frame's origin is opaque, so '*' is the only target origin that reaches it; the
      // message holds only ports.
      const boot = { type: 'boot', worker: this.options.gpu ? 'gpu' : 'blob', port: data.port2, control: this.control.port2, loader: loader.port2 };
      this.frame.contentWindow?.postMessage(boot, '*', [data.port2, this.control.port2, loader.port2]);
      await this.ready;
    } finally {
      clearTimeout(timeout);
    }
    this.timer = window.setInterval(() => this.watch(), PING_EVERY_MS);
  }

  /** Start a run; its output goes to `listener` until the sandbox is destroyed. */
  startRun(message: Extract<HostToWorker, { type: 'run' }>, listener: SandboxListener): void {
    this.listener = listener;
    this.running = true;
    this.send(message);
  }

  /** Watch for deaths while idle (a spare) too. */
  listen(listener: SandboxListener): void {
    this.listener = listener;
  }

  get alive(): boolean {
    return !this.destroyed;
  }

  /** Throw the sandbox away: its document, worker (whatever it is doing) and gate. */
  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    this.listener = null;
    clearInterval(this.timer);
    this.toGate({ type: 'run-ended' });
    this.gate.terminate();
    this.control.port1.close();
    this.frame.remove();
    this.whenReady.reject(new Error('The playground was stopped while starting.'));
  }

  private send(message: HostToWorker): void {
    this.toGate({ type: 'to-worker', message });
  }

  private toGate(message: PageToGate, transfer: Transferable[] = []): void {
    if (!this.destroyed || message.type === 'run-ended') this.gate.postMessage(message, transfer);
  }

  private die(reason: string): void {
    if (this.destroyed) return;
    const listener = this.listener;
    this.whenReady.reject(new Error(reason));
    this.destroy();
    listener?.died(reason);
  }

  private fromFrame(data: unknown): void {
    const message = (typeof data === 'object' && data !== null ? data : {}) as { type?: unknown; id?: unknown; message?: unknown };
    if (message.type === 'pong' && typeof message.id === 'number') this.frameBeat.answered(message.id);
    if (message.type === 'worker-error') {
      this.die(`The playground runtime failed: ${typeof message.message === 'string' ? message.message.slice(0, 500) : 'unknown error'}`);
    }
  }

  private fromGate(message: GateToPage): void {
    if (this.destroyed) return;
    if (message.type === 'flood' || message.type === 'boot-failed') {
      this.die(message.text);
      return;
    }
    if (message.type === 'asset-progress') {
      this.listener?.assetProgress?.(message.url, message.loaded, message.total);
      return;
    }
    const output: GateItem[] = [];
    for (const item of message.items) {
      if (item.kind === 'message' && item.message.type === 'pong') {
        this.workerBeat.answered(item.message.id);
        this.saidSilent = false;
      } else if (item.kind === 'message' && item.message.type === 'ready') {
        this.whenReady.resolve();
      } else {
        output.push(item);
      }
    }
    if (output.length > 0) this.listener?.items(output);
  }

  private watch(): void {
    const now = performance.now();
    const throttled = now - this.lastTick > 3 * PING_EVERY_MS;
    this.lastTick = now;
    if (this.frameBeat.tick(now, throttled) > FRAME_SILENT_MS) {
      this.die('The sandbox stopped responding: its process ended, most likely because the code used too much memory.');
      return;
    }
    const workerSilence = this.workerBeat.tick(now, throttled);
    if (!this.running && workerSilence > IDLE_WORKER_SILENT_MS) {
      this.die('The playground worker stopped answering.');
    } else if (this.running && workerSilence > RUNNING_WORKER_SILENT_MS && !this.saidSilent) {
      this.saidSilent = true;
      this.listener?.silent?.(workerSilence);
    }
  }
}
