/**
 * Backend selection for the playground worker and for Node scripts, with no UI framework.
 *
 *   const used = await initBackend('auto', { wasmPaths: '/tfjs-wasm/', onNotice: (m) => log(m) });
 *
 * 'auto' tries WebGPU, WebGL, WASM, CPU in that order; an explicit choice that cannot start falls
 * back along the same order. Every backend that was skipped yields one short notice saying why
 * and what is used instead, so a page never silently runs on a slower backend than asked for.
 */
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { BACKEND_LABELS, BACKEND_NAMES, type BackendName } from '../shared/backends.ts';
import { registerWasmTrainingKernels } from './wasm-kernels.ts';

export type { BackendName } from '../shared/backends.ts';

export interface InitBackendOptions {
  /** Where the tfjs-backend-wasm .wasm binaries are served: a folder prefix or a file-name map. */
  wasmPaths?: Record<string, string> | string;
  /** Called with one human-readable line per backend that could not be used. */
  onNotice?: (msg: string) => void;
}

/** Fastest first (the shared table's order). CPU is last because it always works. */
const BACKEND_ORDER = BACKEND_NAMES;

/** A backend's label at the start of a sentence. */
const subject = (name: BackendName) => BACKEND_LABELS[name].replace(/^./, (c) => c.toUpperCase());

interface GpuLike {
  requestAdapter(options?: unknown): Promise<unknown | null>;
}

/** navigator.gpu without depending on WebGPU typings (absent from some TS lib versions and Node). */
function navigatorGpu(): GpuLike | undefined {
  const nav = (globalThis as { navigator?: { gpu?: GpuLike } }).navigator;
  return nav?.gpu ?? undefined;
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

/** tf.setBackend that reports failure as false; TF.js throws for names it never registered. */
async function setTf(name: BackendName): Promise<boolean> {
  try {
    return await tf.setBackend(name);
  } catch {
    return false;
  }
}

/** Try one backend; null on success, else a short reason for the notice. */
async function tryBackend(name: BackendName, opts: InitBackendOptions): Promise<string | null> {
  switch (name) {
    case 'webgpu': {
      const gpu = navigatorGpu();
      if (!gpu) return 'no navigator.gpu';
      // The backend factory itself dereferences a null adapter; asking first gives a clear reason.
      let adapter: unknown;
      try {
        adapter = await gpu.requestAdapter();
      } catch (e) {
        return `adapter request failed: ${message(e)}`;
      }
      if (!adapter) return 'no adapter';
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
    case 'wasm':
      if (typeof WebAssembly === 'undefined') return 'no WebAssembly support';
      registerWasmTrainingKernels();
      if (opts.wasmPaths != null) {
        try {
          setWasmPaths(opts.wasmPaths as Parameters<typeof setWasmPaths>[0]);
        } catch {
          // Throws only after an aborted init; the retry below reports the real outcome.
        }
      }
      return (await setTf('wasm')) ? null : 'the .wasm binary failed to load';
    case 'cpu':
      return (await setTf('cpu')) ? null : 'initialisation failed';
  }
}

let queue: Promise<unknown> = Promise.resolve();

/**
 * Make `preferred` (or the best available, for 'auto') the active TF.js backend and return the
 * one actually in use. Never throws for an unavailable backend: it falls back and notices.
 */
export function initBackend(preferred: BackendName | 'auto', opts: InitBackendOptions = {}): Promise<BackendName> {
  // Serialised: two overlapping tf.setBackend calls can leave TF.js on either one.
  const run = queue.then(() => select(preferred, opts));
  queue = run.catch(() => undefined);
  return run;
}

async function select(preferred: BackendName | 'auto', opts: InitBackendOptions): Promise<BackendName> {
  // An unknown name (say, from an old share link) is treated as 'auto'.
  const start = Math.max(0, BACKEND_ORDER.indexOf(preferred as BackendName));
  const unknown = preferred !== 'auto' && !BACKEND_ORDER.includes(preferred);
  const skipped: Array<[BackendName, string]> = [];
  for (const name of BACKEND_ORDER.slice(start)) {
    let reason: string | null;
    try {
      reason = await tryBackend(name, opts);
    } catch (e) {
      reason = message(e);
    }
    if (reason != null) {
      skipped.push([name, reason]);
      continue;
    }
    if (unknown) opts.onNotice?.(`Unknown backend '${String(preferred)}'; using ${BACKEND_LABELS[name]}.`);
    for (const [failed, why] of skipped) {
      opts.onNotice?.(`${subject(failed)} is not available here (${why}); using ${BACKEND_LABELS[name]}.`);
    }
    await tf.ready();
    return name;
  }
  throw new Error(`No TF.js backend could start: ${skipped.map(([n, r]) => `${n} (${r})`).join(', ')}`);
}

/**
 * Backends worth offering in a menu, fastest first, without switching to any of them: WebGPU
 * needs an adapter, WebGL a registered factory (browsers and workers), WASM WebAssembly.
 */
export async function availableBackends(): Promise<BackendName[]> {
  const out: BackendName[] = [];
  const gpu = navigatorGpu();
  if (gpu) {
    try {
      if (await gpu.requestAdapter()) out.push('webgpu');
    } catch {
      // no adapter
    }
  }
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
