/**
 * Backend selection for the playground worker and for Node scripts, with no UI framework.
 *
 *   const used = await initBackend('auto', { wasmPaths: '/tfjs-wasm/', onNotice: (m) => log(m) });
 *
 * 'auto' picks the fastest backend here, not the first that starts: a GPU backend only when a
 * real GPU is behind it (software WebGL or WebGPU, SwiftShader or llvmpipe, is many times slower
 * than WebAssembly), and then only if a short timed probe agrees; otherwise WebAssembly. It says
 * what it picked and why in one line (onNote). An explicit choice that cannot start falls back
 * along WebGPU, WebGL, WASM, CPU with one notice per skipped backend. TF.js's own console output
 * while a backend starts (failed initialisations come with stack traces) is kept out of the
 * reader's output: the notices say the same in a sentence.
 */
import * as tf from '@tensorflow/tfjs';
import { getThreadsCount, setThreadsCount, setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { BACKEND_LABELS, BACKEND_NAMES, type BackendName } from '../shared/backends.ts';
import { describeAdapter, type GpuReport, probeWebGl, shortRenderer, webgpuAdapter } from '../shared/gpu-probe.ts';
import { registerWasmTrainingKernels } from './wasm-kernels.ts';

export type { BackendName } from '../shared/backends.ts';
export { BACKEND_LABELS } from '../shared/backends.ts';

export interface InitBackendOptions {
  /** Where the tfjs-backend-wasm .wasm binaries are served: a folder prefix or a file-name map. */
  wasmPaths?: Record<string, string> | string;
  /** Called with one human-readable line per backend that could not be used. */
  onNotice?: (msg: string) => void;
  /** 'auto' only: the one line saying which backend it picked and why (default: onNotice). */
  onNote?: (msg: string) => void;
}

/** Fastest first, on a machine with a real GPU. CPU is last because it always works. */
export const BACKEND_ORDER: readonly BackendName[] = BACKEND_NAMES;

const capitalised = (name: BackendName) => {
  const label = BACKEND_LABELS[name];
  return label.charAt(0).toUpperCase() + label.slice(1);
};

/**
 * Start TF.js's threaded WASM build on every logical core. The build caps its pool at half of
 * navigator.hardwareConcurrency (read once, as the module starts, assuming two hyperthreads per
 * core), which is one thread on a 2-core machine; a playground run is the reader's foreground
 * work, so it gets them all (at most the 8 the build keeps ready). The count is doubled for that
 * moment only, then user code sees the real one again.
 */
async function withAllCores<T>(start: () => Promise<T>): Promise<T> {
  const nav = (globalThis as { navigator?: { hardwareConcurrency?: number } }).navigator;
  if (!nav) return start();
  const cores = Math.min(8, Math.max(1, nav.hardwareConcurrency ?? 1));
  setThreadsCount(cores);
  Object.defineProperty(nav, 'hardwareConcurrency', { configurable: true, get: () => 2 * cores });
  try {
    return await start();
  } finally {
    delete nav.hardwareConcurrency;
  }
}

const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

let webgpuModule: Promise<void> | null = null;

/**
 * The WebGPU package registers its backend on import, and only if navigator.gpu exists. It is
 * imported lazily so Node (and browsers without WebGPU) never evaluate it; a failed import is a
 * reason to skip WebGPU, not an error.
 */
function loadWebGpuPackage(): Promise<void> {
  webgpuModule ??= import('@tensorflow/tfjs-backend-webgpu').then(() => undefined);
  return webgpuModule;
}

/** Run fn with console output swallowed: TF.js logs failed backend inits with stack traces. */
async function quietly<T>(fn: () => Promise<T>): Promise<T> {
  const saved = { log: console.log, info: console.info, warn: console.warn, error: console.error };
  const drop = () => undefined;
  Object.assign(console, { log: drop, info: drop, warn: drop, error: drop });
  try {
    return await fn();
  } finally {
    Object.assign(console, saved);
  }
}

/** tf.setBackend that reports failure as false; TF.js throws for names it never registered. */
async function setTf(name: BackendName): Promise<boolean> {
  try {
    return await quietly(() => tf.setBackend(name));
  } catch {
    return false;
  }
}

/** Try one backend; null on success, else a short reason for the notice. */
async function tryBackend(name: BackendName, opts: InitBackendOptions): Promise<string | null> {
  switch (name) {
    case 'webgpu': {
      // The backend factory itself dereferences a null adapter; asking first gives a clear reason.
      const found = await webgpuAdapter();
      if ('reason' in found) return found.reason;
      try {
        await loadWebGpuPackage();
      } catch (e) {
        return `its TF.js backend failed to load: ${message(e)}`;
      }
      if (tf.findBackendFactory('webgpu') == null) return 'its TF.js backend did not register';
      return (await setTf('webgpu')) ? null : 'device creation failed';
    }
    case 'webgl':
      // TF.js registers WebGL only in browsers and workers.
      if (tf.findBackendFactory('webgl') == null) return 'not supported in this environment';
      return (await setTf('webgl')) ? null : 'could not create a WebGL context';
    case 'wasm': {
      if (typeof WebAssembly === 'undefined') return 'no WebAssembly support';
      registerWasmTrainingKernels();
      if (opts.wasmPaths != null) {
        try {
          setWasmPaths(opts.wasmPaths as Parameters<typeof setWasmPaths>[0]);
        } catch {
          // Throws only after an aborted init; the retry below reports the real outcome.
        }
      }
      const threaded = (await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT')) === true;
      return (await (threaded ? withAllCores(() => setTf('wasm')) : setTf('wasm'))) ? null : 'the .wasm binary failed to load';
    }
    case 'cpu':
      return (await setTf('cpu')) ? null : 'initialisation failed';
  }
}

let queue: Promise<unknown> = Promise.resolve();

/**
 * Make `preferred` (or the fastest available, for 'auto') the active TF.js backend and return the
 * one actually in use. Never throws for an unavailable backend: it falls back and notices.
 */
export function initBackend(preferred: BackendName | 'auto', opts: InitBackendOptions = {}): Promise<BackendName> {
  // Serialised: two overlapping tf.setBackend calls can leave TF.js on either one.
  const known = (BACKEND_ORDER as readonly string[]).includes(preferred);
  // An unknown name (say, from an old share link) is treated as 'auto'.
  if (!known && preferred !== 'auto') opts.onNotice?.(`Unknown backend '${String(preferred)}'; choosing automatically.`);
  const run = queue.then(() => (known ? select(preferred as BackendName, opts) : selectAuto(opts)));
  queue = run.catch(() => undefined);
  return run;
}

/** Start the first backend of `names` that works; the reasons for the others go into `skipped`. */
async function firstWorking(
  names: readonly BackendName[],
  opts: InitBackendOptions,
  skipped: Array<[BackendName, string]>,
): Promise<BackendName | null> {
  for (const name of names) {
    let reason: string | null;
    try {
      reason = await tryBackend(name, opts);
    } catch (e) {
      reason = message(e);
    }
    if (reason == null) return name;
    skipped.push([name, reason]);
  }
  return null;
}

async function select(preferred: BackendName, opts: InitBackendOptions): Promise<BackendName> {
  const skipped: Array<[BackendName, string]> = [];
  const name = await firstWorking(BACKEND_ORDER.slice(BACKEND_ORDER.indexOf(preferred)), opts, skipped);
  if (name == null) throw new Error(`No TF.js backend could start: ${skipped.map(([n, r]) => `${n} (${r})`).join(', ')}`);
  for (const [failed, why] of skipped) opts.onNotice?.(`${capitalised(failed)} is not available here (${why}); using ${BACKEND_LABELS[name]}.`);
  await tf.ready();
  return name;
}

// ---- Automatic --------------------------------------------------------------------------------

/** What 'auto' settled on in this worker: probing twice would only cost time. */
let autoChoice: { name: BackendName; note: string } | null = null;

/** Forget the cached 'auto' decision (tests). */
export function resetAutoChoice(): void {
  autoChoice = null;
}

/** A GPU backend worth timing: started, with the renderer it reported. */
interface GpuCandidate {
  name: 'webgpu' | 'webgl';
  renderer: string | null;
}

async function gpuCandidates(why: string[]): Promise<GpuCandidate[]> {
  const out: GpuCandidate[] = [];
  const found = await webgpuAdapter();
  if ('reason' in found) why.push(found.reason === 'no navigator.gpu' ? 'no WebGPU' : `no WebGPU (${found.reason})`);
  else {
    const report = describeAdapter(found.adapter);
    if (report.software) why.push(`WebGPU's ${report.reason}`);
    else out.push({ name: 'webgpu', renderer: report.renderer });
  }
  const gl: GpuReport = tf.findBackendFactory('webgl') == null ? { available: false, software: false, renderer: null, reason: null } : probeWebGl();
  if (!gl.available) why.push(gl.reason ? `no WebGL (${gl.reason})` : 'no WebGL');
  else if (gl.software) why.push(`WebGL ${gl.reason}, slower than WebAssembly`);
  else out.push({ name: 'webgl', renderer: gl.renderer });
  return out;
}

/**
 * Milliseconds for a small convolution, forward and backward, on the active backend: the work a
 * lab's training step does, after one untimed run that compiles the GPU programs.
 */
async function probeMs(): Promise<number> {
  const x = tf.randomNormal([8, 32, 32, 8], 0, 1, 'float32', 1) as tf.Tensor4D;
  const w = tf.randomNormal([3, 3, 8, 16], 0, 1, 'float32', 2) as tf.Tensor4D;
  const grad = tf.grad((t: tf.Tensor) => tf.sum(tf.relu(tf.conv2d(t as tf.Tensor4D, w, 1, 'same'))));
  const once = async () => {
    const g = grad(x);
    await g.data();
    g.dispose();
  };
  try {
    await once();
    const times: number[] = [];
    for (let i = 0; i < 3; i++) {
      const t0 = performance.now();
      await once();
      times.push(performance.now() - t0);
    }
    return times.sort((a, b) => a - b)[1] ?? Number.POSITIVE_INFINITY;
  } finally {
    tf.dispose([x, w]);
  }
}

async function selectAuto(opts: InitBackendOptions): Promise<BackendName> {
  const note = opts.onNote ?? opts.onNotice;
  if (autoChoice && (await setTf(autoChoice.name))) {
    await tf.ready();
    return autoChoice.name;
  }
  const why: string[] = [];
  const candidates = await gpuCandidates(why);
  let chosen: BackendName | null = null;
  let line = '';
  if (candidates.length) {
    // A real GPU: time it against WebAssembly rather than assume (integrated GPUs, small labs).
    const timed: Array<[BackendName, number, string | null]> = [];
    for (const c of candidates) {
      if ((await tryBackend(c.name, opts)) == null) timed.push([c.name, await quietly(probeMs), c.renderer]);
      else why.push(`${BACKEND_LABELS[c.name]} did not start`);
    }
    if ((await tryBackend('wasm', opts)) == null) timed.push(['wasm', await probeMs(), null]);
    timed.sort((a, b) => a[1] - b[1]);
    const [best, second] = timed;
    // WebAssembly alone (no GPU backend got as far as the probe): say why, below.
    if (best && (best[0] !== 'wasm' || second)) {
      chosen = best[0];
      const gpuName = best[2] ? ` (${shortRenderer(best[2])})` : '';
      line = second
        ? `Automatic chose ${BACKEND_LABELS[best[0]]}${gpuName}: ${(second[1] / best[1]).toFixed(1)}× faster than ${BACKEND_LABELS[second[0]]} in a short test.`
        : `Automatic chose ${BACKEND_LABELS[best[0]]}${gpuName}.`;
    }
  }
  if (chosen == null || !(await setTf(chosen))) {
    const skipped: Array<[BackendName, string]> = [];
    chosen = await firstWorking(['wasm', 'cpu'], opts, skipped);
    if (chosen == null) throw new Error(`No TF.js backend could start: ${skipped.map(([n, r]) => `${n} (${r})`).join(', ')}`);
    for (const [failed, reason] of skipped) why.push(`${BACKEND_LABELS[failed]}: ${reason}`);
    line = `Automatic chose ${BACKEND_LABELS[chosen]}: ${why.join('; ')}.`;
  }
  autoChoice = { name: chosen, note: line };
  note?.(line);
  await tf.ready();
  return chosen;
}

/**
 * Backends worth offering in a menu, fastest first, without switching to any of them: WebGPU
 * needs an adapter, WebGL a registered factory (browsers and workers), WASM WebAssembly.
 */
export async function availableBackends(): Promise<BackendName[]> {
  const out: BackendName[] = [];
  const found = await webgpuAdapter();
  if ('adapter' in found) out.push('webgpu');
  if (tf.findBackendFactory('webgl') != null) out.push('webgl');
  if (typeof WebAssembly !== 'undefined') out.push('wasm');
  out.push('cpu');
  return out;
}

/** The active TF.js backend, if it is one of ours. */
export function currentBackend(): BackendName | null {
  const name = tf.getBackend();
  return (BACKEND_ORDER as readonly string[]).includes(name) ? (name as BackendName) : null;
}

/**
 * One sentence on WebAssembly's threads when it is the active backend: how many, or why only one.
 * The threaded build runs where the sandbox's worker is cross-origin isolated (README,
 * "Threads and WebGPU"); a worker that can reach WebGPU is a secure context and never isolated.
 */
export function wasmThreadsNote(): string | null {
  if (tf.getBackend() !== 'wasm') return null;
  let threads = 1;
  try {
    threads = getThreadsCount();
  } catch {
    return null;
  }
  if (threads > 1) return `WebAssembly runs on ${threads} threads.`;
  const scope = globalThis as { crossOriginIsolated?: boolean; isSecureContext?: boolean };
  if (scope.crossOriginIsolated) return null; // isolated, on a one-core machine
  return scope.isSecureContext
    ? 'WebAssembly runs on one thread: a sandbox that can reach WebGPU cannot also use threads.'
    : 'WebAssembly runs on one thread: this page is not cross-origin isolated (its host sends no COOP/COEP headers).';
}
