/**
 * The worker that runs the reader's code. It is started from a Blob inside a sandboxed iframe
 * (opaque origin), so it has no access to the site's storage, cookies or DOM, and can only reach
 * site assets by asking the page (asset-request). It stays warm between runs; the page ends a
 * run that will not stop by throwing the whole sandbox away.
 */
import * as tf from '@tensorflow/tfjs';
import * as api from './api.ts';
import { setSink, type Inputs, type OutputSink } from './sink.ts';
import { initBackend, type BackendName } from './backends.ts';
import { configureBackendSwitch } from './backend-switch.ts';
import { flushPlots } from './plots.ts';
import { restoreRandom } from './random.ts';
import { type CompileError, compileUserCode, type UserModule, userCodePosition } from './compile.ts';
import type { BackendChoice, HostToWorker, MemoryInfo, WorkerToHost } from '../shared/protocol.ts';

// The worker's global scope, typed by hand: the project compiles against the DOM library, not WebWorker.
const scope = globalThis as unknown as {
  onmessage: ((event: MessageEvent<{ type: 'port' }>) => void) | null;
  addEventListener(type: 'unhandledrejection', listener: (event: PromiseRejectionEvent) => void): void;
  addEventListener(type: 'error', listener: (event: ErrorEvent) => void): void;
};

let port: MessagePort | null = null;
const wasmPaths: Record<string, string> = {};
// Runs that switch backends themselves (backends.use in the API) find the WASM binaries here too.
configureBackendSwitch({ wasmPaths });
let currentBackend: BackendName | null = null;
let currentChoice: BackendChoice | null = null;
let runId = 0;
let inputs: Inputs = { image: null, files: [], params: {} };
let nextRequestId = 0;
const pendingAssets = new Map<
  number,
  { resolve: (b: ArrayBuffer) => void; reject: (e: Error) => void; onProgress?: (l: number, t: number) => void }
>();

function post(message: WorkerToHost, transfer: Transferable[] = []): void {
  port?.postMessage(message, transfer);
}

const workerSink: OutputSink = {
  log: (level, text) => post({ type: 'log', runId, level, text }),
  plot: (message) => post({ type: 'plot', runId, message }),
  plotAppend: (message) => post({ type: 'plot-append', runId, message }),
  image: (message) => post({ type: 'image', runId, message }),
  table: (message) => post({ type: 'table', runId, message }),
  progress: (message) => post({ type: 'progress', runId, message }),
  fetchAsset: (path, onProgress) =>
    new Promise<ArrayBuffer>((resolve, reject) => {
      const requestId = ++nextRequestId;
      pendingAssets.set(requestId, { resolve, reject, onProgress });
      post({ type: 'asset-request', requestId, path });
    }),
  inputs: () => inputs,
};
setSink(workerSink);

// console.* in user code (and in TF.js) goes to the output panel.
for (const level of ['log', 'info', 'warn', 'error', 'debug'] as const) {
  console[level] = (...values: unknown[]) => workerSink.log(level, values.map(api.format).join(' '));
}

const modules: Record<string, unknown> = { '@tensorflow/tfjs': tf, playground: api };
function requireModule(name: string): unknown {
  if (name in modules) return modules[name];
  throw new Error(`Cannot import '${name}' here: playground code can import '@tensorflow/tfjs' and 'playground'.`);
}

function memory(): MemoryInfo {
  const m = tf.memory();
  return { numTensors: m.numTensors, numBytes: m.numBytes };
}

async function ensureBackend(choice: BackendChoice): Promise<string[]> {
  const notices: string[] = [];
  if (choice !== currentChoice || currentBackend === null || tf.getBackend() !== currentBackend) {
    currentBackend = await initBackend(choice, { wasmPaths, onNotice: (n) => notices.push(n) });
    currentChoice = choice;
  }
  return notices;
}

function isLostContext(error: unknown): boolean {
  return /context (was )?lost|CONTEXT_LOST|device (was )?lost|GPUDevice.*lost/i.test(String(error instanceof Error ? error.message : error));
}

async function run(message: Extract<HostToWorker, { type: 'run' }>): Promise<void> {
  runId = message.runId;
  inputs = message.inputs;
  const started = performance.now();
  let userModule: UserModule;
  try {
    userModule = compileUserCode(message.code);
  } catch (e) {
    const err = e as CompileError;
    post({ type: 'error', runId, phase: 'compile', message: err.message, line: err.line, column: err.column });
    post({ type: 'done', runId, ms: performance.now() - started, memoryBefore: memory(), memoryAfter: memory(), backend: tf.getBackend() ?? 'none' });
    return;
  }
  const notices = await ensureBackend(message.backend).catch((e: unknown) => [`Could not start a backend: ${String(e)}`]);
  post({ type: 'backend', runId, name: tf.getBackend() ?? 'none', notices });
  const memoryBefore = memory();
  tf.engine().startScope();
  try {
    await userModule(requireModule, {});
  } catch (e) {
    const where = userCodePosition(e);
    let text = e instanceof Error ? `${e.name}: ${e.message}` : `Error: ${String(e)}`;
    if (isLostContext(e)) {
      // A lost GPU context cannot be recovered inside this run: fall back to WASM for the next.
      currentChoice = null;
      currentBackend = await initBackend('wasm', { wasmPaths }).catch(() => null);
      text += ' — the GPU context was lost; switched to the WASM backend. Run again.';
    }
    post({ type: 'error', runId, phase: 'runtime', message: text, line: where?.line, column: where?.column });
  } finally {
    flushPlots();
    restoreRandom();
    // Free every tensor and variable the run created, so runs in a warm worker never pile up memory.
    try {
      tf.engine().endScope();
      tf.disposeVariables();
    } catch {
      /* a lost context can make disposal throw; the next backend init starts clean */
    }
    post({ type: 'done', runId, ms: performance.now() - started, memoryBefore, memoryAfter: memory(), backend: tf.getBackend() ?? 'none' });
  }
}

function onHostMessage(event: MessageEvent<HostToWorker>): void {
  const message = event.data;
  switch (message.type) {
    case 'init': {
      // The page sends the WASM binaries; Blob URLs made here are readable by this opaque-origin worker.
      for (const [name, bytes] of Object.entries(message.wasm)) {
        wasmPaths[name] = URL.createObjectURL(new Blob([bytes], { type: 'application/wasm' }));
      }
      post({ type: 'ready' });
      break;
    }
    case 'run':
      void run(message);
      break;
    case 'asset': {
      const pending = pendingAssets.get(message.requestId);
      pendingAssets.delete(message.requestId);
      if (!pending) break;
      if (message.bytes) pending.resolve(message.bytes);
      else pending.reject(new Error(message.error ?? 'Could not load the asset.'));
      break;
    }
    case 'asset-progress':
      pendingAssets.get(message.requestId)?.onProgress?.(message.loaded, message.total);
      break;
  }
}

// The sandbox frame hands over a MessagePort to the page; everything else flows through it.
scope.onmessage = (event) => {
  if (event.data?.type !== 'port' || port) return;
  port = event.ports[0] ?? null;
  if (port) port.onmessage = onHostMessage;
};

// Errors that escape user code's promise chain (e.g. a throw inside setTimeout).
scope.addEventListener('unhandledrejection', (e) => {
  const where = userCodePosition(e.reason);
  post({
    type: 'error',
    runId,
    phase: 'runtime',
    message: `Unhandled: ${String(e.reason?.message ?? e.reason)}`,
    line: where?.line,
    column: where?.column,
  });
});
scope.addEventListener('error', (e) => {
  const where = userCodePosition(e.error);
  post({ type: 'error', runId, phase: 'runtime', message: e.message, line: where?.line, column: where?.column });
});
