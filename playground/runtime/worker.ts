/**
 * The worker that runs the reader's code. It is started from a Blob inside the sandbox document
 * (opaque origin, a CSP with no network), so it has no access to the site's storage, cookies or
 * DOM, and reaches site assets only by asking the page (asset-request). Each worker runs one run:
 * the page throws the whole sandbox away when the run ends, so timers and handlers the code left
 * behind end with it. A run ends when the code finishes, throws (also inside a timer or callback),
 * or calls close().
 */
import * as tf from '@tensorflow/tfjs';
import * as api from './api.ts';
import { setSink, type Inputs, type OutputSink } from './sink.ts';
import { initBackend, wasmThreadsNote } from './backends.ts';
import { configureBackendSwitch } from './backend-switch.ts';
import { flushPlots } from './plots.ts';
import { restoreRandom } from './random.ts';
import { type CompileError, compileUserCode, type UserModule, userCodePosition } from './compile.ts';
import { blockNetwork, interceptClose } from './guards.ts';
import { cutLine, LIMITS } from '../shared/limits.ts';
import type { BackendChoice, HostToWorker, MemoryInfo, WorkerToHost } from '../shared/protocol.ts';
import { validateWorkerMessage } from '../shared/validate.ts';

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
let currentChoice: BackendChoice | null = null;
let starting: Promise<BackendStart> | null = null;
let runId = 0;
/** The current run has ended (done sent): later output of its leftover code is not sent. */
let ended = true;
let runStarted = 0;
let memoryBefore: MemoryInfo = { numTensors: 0, numBytes: 0 };
let inputs: Inputs = { image: null, files: [], params: {} };
let nextRequestId = 0;
const output = { lines: 0, chars: 0, omitted: 0 };
const pendingAssets = new Map<
  number,
  { resolve: (b: ArrayBuffer) => void; reject: (e: Error) => void; onProgress?: (l: number, t: number) => void }
>();

function post(message: WorkerToHost, transfer: Transferable[] = []): void {
  port?.postMessage(message, transfer);
}

/**
 * Send a piece of the run's output, checked as the page will check it: output the page would
 * refuse becomes an error where the code made it (e.g. `show()` of a NaN×5 image).
 */
function send(message: WorkerToHost, call: string): void {
  if (ended) return;
  const checked = validateWorkerMessage(message);
  if (!checked.ok) throw new Error(`${call}: ${checked.reason.replace(/^[\w-]+\.message\.?/, '') || 'not valid output'}`);
  post(checked.message);
}

const workerSink: OutputSink = {
  log: (level, text) => {
    if (ended) return;
    if (output.lines >= LIMITS.keptOutputLines || output.chars >= LIMITS.keptOutputChars) {
      output.omitted++;
      return;
    }
    const line = cutLine(text);
    output.lines++;
    output.chars += line.length;
    post({ type: 'log', runId, level, text: line });
  },
  plot: (message) => send({ type: 'plot', runId, message }, `plot '${message.title}'`),
  plotAppend: (message) => send({ type: 'plot-append', runId, message }, 'chart.push()'),
  image: (message) => send({ type: 'image', runId, message }, 'show()'),
  table: (message) => {
    const cut = message.rows.length > LIMITS.tableRows;
    const rows = cut ? message.rows.slice(0, LIMITS.tableRows) : message.rows;
    send({ type: 'table', runId, message: { ...message, rows, totalRows: cut ? message.rows.length : undefined } }, 'table()');
  },
  progress: (message) => send({ type: 'progress', runId, message }, 'progress()'),
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

blockNetwork((text) => workerSink.log('error', text));
interceptClose(() => endRun('The code called close(), which would shut the sandbox down; the run ends here.'));

const modules: Record<string, unknown> = { '@tensorflow/tfjs': tf, playground: api };
function requireModule(name: string): unknown {
  if (name in modules) return modules[name];
  throw new Error(`Cannot import '${name}' here: playground code can import '@tensorflow/tfjs' and 'playground'.`);
}

/**
 * TF.js's memory figures; none yet while the backend is still starting (a run that fails to
 * compile ends before the threaded WASM build is up, and tf.memory() would throw).
 */
function memory(): MemoryInfo {
  try {
    const m = tf.memory();
    return { numTensors: m.numTensors, numBytes: m.numBytes };
  } catch {
    return { numTensors: 0, numBytes: 0 };
  }
}

/** What a backend start said: notices (backends that could not start), note (Automatic's one-line choice). */
interface BackendStart {
  notices: string[];
  note?: string;
}

/** Start the chosen backend (once; a spare sandbox starts it before its run), after any other start. */
function ensureBackend(choice: BackendChoice): Promise<BackendStart> {
  if (choice === currentChoice && starting) return starting;
  currentChoice = choice;
  const started: BackendStart = { notices: [] };
  starting = (starting ?? Promise.resolve(started)).then(() =>
    initBackend(choice, { wasmPaths, onNotice: (n) => started.notices.push(n), onNote: (n) => (started.note = n) }).then(
      () => {
        const threads = wasmThreadsNote();
        if (threads) started.note = started.note ? `${started.note} ${threads}` : threads;
        return started;
      },
      (e: unknown) => ({ notices: [`Could not start a backend: ${String(e)}`] }),
    ),
  );
  return starting;
}

/** Send the live charts' waiting points; a failure here must not stop the run from ending. */
function flushQuietly(): void {
  try {
    flushPlots();
  } catch {
    /* a point the page would refuse is dropped; chart.push() refuses a non-finite x at once */
  }
}

function isLostContext(error: unknown): boolean {
  return /context (was )?lost|CONTEXT_LOST|device (was )?lost|GPUDevice.*lost/i.test(String(error instanceof Error ? error.message : error));
}

function describeError(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : `Error: ${String(error)}`;
}

/** End the current run (once): an error if there is one, then 'done' with the memory figures. */
function endRun(errorText?: string, where?: { line: number; column: number }): void {
  if (ended) return;
  flushQuietly();
  if (errorText)
    post({ type: 'error', runId, phase: 'runtime', message: cutLine(errorText, LIMITS.messageChars), line: where?.line, column: where?.column });
  ended = true;
  post({
    type: 'done',
    runId,
    ms: performance.now() - runStarted,
    memoryBefore,
    memoryAfter: memory(),
    backend: tf.getBackend() ?? 'none',
    omittedLines: output.omitted || undefined,
  });
}

async function run(message: Extract<HostToWorker, { type: 'run' }>): Promise<void> {
  if (!ended) return; // one run per worker at a time; the page never sends two
  runId = message.runId;
  inputs = message.inputs;
  runStarted = performance.now();
  ended = false;
  let userModule: UserModule;
  try {
    userModule = compileUserCode(message.code);
  } catch (e) {
    const err = e as CompileError;
    post({ type: 'error', runId, phase: 'compile', message: cutLine(err.message, LIMITS.messageChars), line: err.line, column: err.column });
    memoryBefore = memory();
    endRun();
    return;
  }
  const { notices, note } = await ensureBackend(message.backend);
  post({ type: 'backend', runId, name: tf.getBackend() ?? 'none', notices: notices.slice(0, LIMITS.backendNotices), ...(note ? { note } : {}) });
  memoryBefore = memory();
  tf.engine().startScope();
  let failure: { text: string; where?: { line: number; column: number } } | undefined;
  try {
    await userModule(requireModule, {});
  } catch (e) {
    failure = { text: describeError(e), where: userCodePosition(e) };
    if (isLostContext(e)) failure.text += ' — the GPU context was lost; choose the WASM backend and run again.';
  } finally {
    flushQuietly();
    restoreRandom();
    try {
      tf.engine().endScope();
      tf.disposeVariables();
    } catch {
      /* a lost context can make disposal throw; the sandbox is thrown away after the run anyway */
    }
    endRun(failure?.text, failure?.where);
  }
}

function onHostMessage(event: MessageEvent<HostToWorker>): void {
  const message = event.data;
  switch (message.type) {
    case 'init': {
      // The page sends the one WASM binary this browser runs; Blob URLs made here are readable by
      // this opaque-origin worker. TF.js's feature flags follow what was sent, so it never asks
      // for a binary the page did not fetch.
      for (const [name, bytes] of Object.entries(message.wasm)) {
        wasmPaths[name] = URL.createObjectURL(new Blob([bytes], { type: 'application/wasm' }));
      }
      tf.env().set(
        'WASM_HAS_SIMD_SUPPORT',
        Object.keys(wasmPaths).some((name) => name.includes('simd')),
      );
      tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', 'tfjs-backend-wasm-threaded-simd.wasm' in wasmPaths);
      post({ type: 'ready' });
      break;
    }
    case 'prepare':
      void ensureBackend(message.backend);
      break;
    case 'ping':
      post({ type: 'pong', id: message.id });
      break;
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

// Errors that escape user code: a throw inside setTimeout or an event handler, a rejected promise
// nobody awaited. They end the run with their message; preventDefault keeps them from reaching the
// sandbox frame, which would otherwise report the whole runtime as failed.
scope.addEventListener('error', (e) => {
  e.preventDefault();
  const where = userCodePosition(e.error);
  endRun(`${e.error instanceof Error ? describeError(e.error) : e.message} (thrown in a timer or callback)`, where);
});
scope.addEventListener('unhandledrejection', (e) => {
  e.preventDefault();
  const where = userCodePosition(e.reason);
  endRun(`${describeError(e.reason)} (a promise rejected and nothing caught it)`, where);
});
