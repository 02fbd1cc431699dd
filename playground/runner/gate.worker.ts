/**
 * The gate worker: one per sandbox, in the page's origin, between the sandbox and the page's main
 * thread (see gate-protocol.ts). All its logic is in gate.ts and assets.ts.
 */
import type { HostToWorker } from '../shared/protocol.ts';
import { runtimeUrl, SITE_BASE } from '../shared/site.ts';
import manifest from './runtime-manifest.json';
import { AssetServer } from './assets.ts';
import { Gate } from './gate.ts';
import type { GateToPage, PageToGate } from './gate-protocol.ts';
import { hasWasmSimd, pickWasmBinary } from './wasm-binary.ts';

const scope = globalThis as unknown as {
  postMessage(message: GateToPage, transfer?: Transferable[]): void;
  onmessage: ((event: MessageEvent<PageToGate>) => void) | null;
};

let port: MessagePort | null = null;
const toWorker = (message: HostToWorker, transfer: Transferable[] = []) => port?.postMessage(message, transfer);
const assets = new AssetServer(SITE_BASE, toWorker, (url, loaded, total) => scope.postMessage({ type: 'asset-progress', url, loaded, total }));
const gate = new Gate(
  {
    toPage: (message, transfer = []) => scope.postMessage(message, transfer),
    toWorker,
    schedule: (callback, ms) => void setTimeout(callback, ms),
    disconnect: () => {
      port?.close();
      port = null;
    },
  },
  assets,
);

/**
 * The one WASM binary this browser will run (none where WebAssembly is missing: TF.js then uses
 * its CPU backend): the threaded build only where the sandbox's worker will be cross-origin
 * isolated, which the sandbox frame says first (see public/sandbox.html).
 */
function wasmToFetch(threads: boolean): Array<[string, string]> {
  const shipped: Record<string, string> = manifest.wasm;
  const name = pickWasmBinary(Object.keys(shipped), { simd: hasWasmSimd(), threads });
  const file = name ? shipped[name] : undefined;
  return name && file ? [[name, file]] : [];
}

async function fetchOk(file: string): Promise<Response> {
  const response = await fetch(runtimeUrl(file));
  if (!response.ok) throw new Error(`Could not load the playground runtime (HTTP ${response.status} for ${file}).`);
  return response;
}

/** The frame's first word on the loader port: can its worker run WASM threads? */
function frameEnv(loader: MessagePort): Promise<{ threads: boolean }> {
  return new Promise((resolve) => {
    loader.onmessage = (e: MessageEvent<unknown>) => {
      loader.onmessage = null;
      const data = e.data as { type?: unknown; threads?: unknown } | null;
      resolve({ threads: data?.type === 'env' && data.threads === true });
    };
  });
}

/**
 * Send the worker's source to the sandbox frame, and the WASM binary to the worker. A `data:`
 * worker (`gpu`, where WebGPU may be used) gets the runtime build with TF.js's WebGPU backend.
 */
async function boot(loader: MessagePort, gpu: boolean): Promise<void> {
  try {
    const source = fetchOk(gpu ? manifest.workerGpu : manifest.worker).then((r) => r.text());
    source.catch(() => undefined); // awaited below; not an unhandled rejection meanwhile
    const { threads } = await frameEnv(loader);
    const wasm = await Promise.all(wasmToFetch(threads).map(async ([name, file]) => [name, await (await fetchOk(file)).arrayBuffer()] as const));
    loader.postMessage({ type: 'source', source: await source });
    loader.close();
    const binaries = Object.fromEntries(wasm);
    toWorker({ type: 'init', wasm: binaries }, Object.values(binaries));
  } catch (error) {
    scope.postMessage({ type: 'boot-failed', text: error instanceof Error ? error.message : String(error) });
  }
}

scope.onmessage = (event) => {
  const message = event.data;
  switch (message.type) {
    case 'connect':
      if (port) return;
      port = message.port;
      port.onmessage = (e) => gate.fromSandbox(e.data);
      // A message that cannot even be unpacked (e.g. an object the structured clone refuses).
      port.onmessageerror = () => gate.fromSandbox(undefined);
      void boot(message.loader, message.gpu);
      return;
    case 'to-worker':
      gate.fromPage(message.message);
      return;
    case 'run-ended':
      gate.runEnded();
      return;
  }
};
