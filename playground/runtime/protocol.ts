/**
 * The message protocol between the page (playground/runner) and the worker that runs user code.
 * It lives with the runtime so the runner depends on the runtime, never the other way round.
 */
import type { ChartMessage, ImageMessage, Inputs, LogLevel, ProgressMessage, TableMessage } from './sink.ts';

export type BackendChoice = 'auto' | 'webgpu' | 'webgl' | 'wasm' | 'cpu';

export type HostToWorker =
  | { type: 'init'; wasm: Record<string, ArrayBuffer> }
  | { type: 'run'; runId: number; code: string; backend: BackendChoice; inputs: Inputs }
  | { type: 'asset'; requestId: number; bytes?: ArrayBuffer; error?: string }
  | { type: 'asset-progress'; requestId: number; loaded: number; total: number };

export interface MemoryInfo {
  numTensors: number;
  numBytes: number;
}

export type WorkerToHost =
  | { type: 'ready' }
  | { type: 'backend'; runId: number; name: string; notices: string[] }
  | { type: 'log'; runId: number; level: LogLevel; text: string }
  | { type: 'chart'; runId: number; message: ChartMessage }
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
  | { type: 'done'; runId: number; ms: number; memoryBefore: MemoryInfo; memoryAfter: MemoryInfo; backend: string };
