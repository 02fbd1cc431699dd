/**
 * Switching TF.js backends from inside a run, for labs that compare them (how fast does this
 * device train on WebGL, on WebAssembly, in plain JavaScript?).
 *
 *   import { backends } from 'playground';
 *   const original = backends.current();
 *   for (const name of await backends.available()) {
 *     const { used, notices } = await backends.use(name);
 *     if (used !== name) continue;   // it could not start here; `notices` says why
 *     …
 *   }
 *   await backends.use(original);    // leave the run on the backend the page chose
 *
 * The worker configures where the WASM binaries are (they come from the page), so a run that
 * started on WebGL can still switch to WebAssembly. Tensors stay on the backend that made them:
 * make a switch's tensors after switching.
 */
import * as tf from '@tensorflow/tfjs';
import { BACKEND_NAMES } from '../shared/backends.ts';
import { availableBackends, type BackendName, currentBackend, type InitBackendOptions, initBackend } from './backends.ts';

let options: Pick<InitBackendOptions, 'wasmPaths'> = {};

/** Where the WASM binaries live (the worker passes the Blob URLs it got from the page). */
export function configureBackendSwitch(opts: Pick<InitBackendOptions, 'wasmPaths'>): void {
  options = opts;
}

export interface BackendSwitch {
  /** The backend asked for, or the one TF.js fell back to when it could not start. */
  used: BackendName;
  /** One line per backend that could not be used, saying why. */
  notices: string[];
}

export const backends = {
  /** Every backend TF.js knows, fastest first: 'webgpu', 'webgl', 'wasm', 'cpu'. */
  all: BACKEND_NAMES,

  /** Backends that can probably start here, fastest first, without switching to any. */
  available: (): Promise<BackendName[]> => availableBackends(),

  /** The backend in use now. */
  current(): BackendName {
    const name = currentBackend();
    if (!name) throw new Error(`TF.js is running on '${tf.getBackend()}', which is not one of the playground's backends`);
    return name;
  },

  /** Make `name` the active backend; when it cannot start, TF.js falls back and `used` says where. */
  async use(name: BackendName): Promise<BackendSwitch> {
    const notices: string[] = [];
    if (currentBackend() === name) return { used: name, notices };
    const used = await initBackend(name, { ...options, onNotice: (n) => notices.push(n) });
    return { used, notices };
  },
};
