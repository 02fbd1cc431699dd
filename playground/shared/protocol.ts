/**
 * The message protocol between the page (playground/runner) and the worker that runs user code.
 * Shared by both sides; the page validates every worker message (see shared/validate.ts).
 */
import type { BackendChoice } from './backends.ts';
import type { ImageMessage, Inputs, LogLevel, PlotAppend, PlotSpec, ProgressMessage, TableMessage } from './messages.ts';

export type { BackendChoice } from './backends.ts';

export type HostToWorker =
  | { type: 'init'; wasm: Record<string, ArrayBuffer> }
  /** Start this backend now (a spare sandbox), so a Run on it does not wait. */
  | { type: 'prepare'; backend: BackendChoice }
  /** The watchdog's question; an idle worker answers at once with 'pong'. */
  | { type: 'ping'; id: number }
  | { type: 'run'; runId: number; code: string; backend: BackendChoice; inputs: Inputs }
  | { type: 'asset'; requestId: number; bytes?: ArrayBuffer; error?: string }
  | { type: 'asset-progress'; requestId: number; loaded: number; total: number };

export interface MemoryInfo {
  numTensors: number;
  numBytes: number;
}

export type WorkerToHost =
  | { type: 'ready' }
  | { type: 'pong'; id: number }
  /** notices: backends that could not start (warnings); note: what Automatic picked and why (one line). */
  | { type: 'backend'; runId: number; name: string; notices: string[]; note?: string }
  | { type: 'log'; runId: number; level: LogLevel; text: string }
  | { type: 'plot'; runId: number; message: PlotSpec }
  | { type: 'plot-append'; runId: number; message: PlotAppend }
  | { type: 'image'; runId: number; message: ImageMessage }
  | { type: 'table'; runId: number; message: TableMessage }
  | { type: 'progress'; runId: number; message: ProgressMessage }
  | { type: 'asset-request'; requestId: number; path: string }
  | {
      type: 'error';
      runId: number;
      phase: 'compile' | 'runtime';
      message: string;
      /** 1-based position in the user's code, when known. */
      line?: number;
      column?: number;
    }
  | {
      type: 'done';
      runId: number;
      ms: number;
      memoryBefore: MemoryInfo;
      memoryAfter: MemoryInfo;
      backend: string;
      /** Log lines the worker did not send because the run's output limit was reached. */
      omittedLines?: number;
    };

export type WorkerMessageType = WorkerToHost['type'];
