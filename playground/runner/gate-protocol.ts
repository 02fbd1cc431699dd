/**
 * Messages between the page and its gate worker (gate.worker.ts), which stands between the page
 * and the sandbox: it receives everything the sandbox sends, so the page's main thread never has
 * to unpack a message of unbounded size, checks it (validate.ts), applies the run's output limits,
 * serves asset requests, and passes the rest on in batches.
 */
import type { HostToWorker, WorkerToHost } from '../shared/protocol.ts';

export type NoticeLevel = 'info' | 'warn' | 'error';

/** A checked message of the run, or a notice from the page side about the run's output. */
export type GateItem =
  | { kind: 'message'; message: WorkerToHost }
  /** Notices with the same key replace each other (one line that keeps its count up to date). */
  | { kind: 'notice'; key: string; level: NoticeLevel; text: string };

export type PageToGate =
  /**
   * The port to the sandbox's worker, and the port on which the sandbox frame waits for the
   * worker's source: the gate fetches the runtime and sends it, so the page's main thread never
   * copies megabytes of code and WASM for a sandbox to start. `gpu`: the frame starts its `data:`
   * worker (WebGPU may be used there), which gets the runtime build with TF.js's WebGPU backend.
   */
  | { type: 'connect'; port: MessagePort; loader: MessagePort; gpu: boolean }
  /** Pass a message on to the worker; a 'run' also starts the run's limits and asset budget. */
  | { type: 'to-worker'; message: HostToWorker }
  /** The run is over for the page (done, stopped, superseded): stop serving assets. */
  | { type: 'run-ended' };

export type GateToPage =
  | { type: 'items'; items: GateItem[] }
  /** The runtime could not be loaded: the sandbox cannot start. */
  | { type: 'boot-failed'; text: string }
  /** The sandbox sent more messages than a run may: the page ends the run. */
  | { type: 'flood'; text: string }
  | { type: 'asset-progress'; url: string; loaded: number; total: number };
