/**
 * Is there a real GPU behind WebGL and WebGPU here, or a software one? Used by 'auto' in
 * backends.ts: on a machine without a GPU, Chromium still offers WebGL (and, with a flag, WebGPU)
 * through SwiftShader or llvmpipe, which run TF.js far slower than WebAssembly (chapter 12's dream:
 * 173 s on software WebGL, 10 s on WASM). Nothing here starts a TF.js backend. The page uses
 * it too (hardwareWebGpu), to decide whether a sandbox should be able to reach WebGPU at all.
 */

export interface GpuReport {
  /** A context or adapter could be created at all. */
  available: boolean;
  /** It renders in software (or the browser says it has a major performance caveat). */
  software: boolean;
  /** The renderer or adapter description, when the browser tells it. */
  renderer: string | null;
  /** Why it is unusable or software, in a few words (for the notice). */
  reason: string | null;
}

/** Renderer names of software rasterisers: Chromium's SwiftShader, Mesa's llvmpipe/softpipe, Windows' WARP. */
const SOFTWARE_RENDERER = /swiftshader|llvmpipe|softpipe|software|basic render|microsoft basic|warp/i;

type GlContext = {
  getExtension(name: string): unknown;
  getParameter(p: number): unknown;
  RENDERER: number;
};

function canvas(): { getContext(kind: string, options?: object): unknown } | null {
  const g = globalThis as { OffscreenCanvas?: new (w: number, h: number) => { getContext(kind: string, options?: object): unknown } };
  if (typeof g.OffscreenCanvas === 'function') return new g.OffscreenCanvas(1, 1);
  const doc = (globalThis as { document?: { createElement(tag: string): unknown } }).document;
  return doc ? (doc.createElement('canvas') as { getContext(kind: string, options?: object): unknown }) : null;
}

function rendererOf(gl: GlContext): string | null {
  const info = gl.getExtension('WEBGL_debug_renderer_info') as { UNMASKED_RENDERER_WEBGL: number } | null;
  const name = gl.getParameter(info ? info.UNMASKED_RENDERER_WEBGL : gl.RENDERER);
  return typeof name === 'string' && name ? name : null;
}

/** Give the probe's context back at once (browsers cap live WebGL contexts; TF.js needs one). */
function release(gl: GlContext): void {
  const lose = gl.getExtension('WEBGL_lose_context') as { loseContext(): void } | null;
  lose?.loseContext();
}

/** A short name for the notice: "SwiftShader" out of "ANGLE (Google, Vulkan 1.3.0 (SwiftShader Device ...))". */
export function shortRenderer(renderer: string): string {
  const known = /swiftshader|llvmpipe|softpipe|microsoft basic render driver|warp/i.exec(renderer);
  if (known) return known[0].toLowerCase() === 'swiftshader' ? 'SwiftShader' : known[0];
  return renderer.length > 60 ? `${renderer.slice(0, 57)}…` : renderer;
}

export function probeWebGl(): GpuReport {
  const c = canvas();
  if (!c) return { available: false, software: false, renderer: null, reason: 'not in this environment' };
  let fast: unknown = null;
  try {
    fast = c.getContext('webgl2', { failIfMajorPerformanceCaveat: true });
  } catch {
    fast = null;
  }
  if (fast) {
    const renderer = rendererOf(fast as GlContext);
    release(fast as GlContext);
    const software = renderer != null && SOFTWARE_RENDERER.test(renderer);
    return { available: true, software, renderer, reason: software && renderer ? `renders in software (${shortRenderer(renderer)})` : null };
  }
  // Refused with the caveat flag: find out whether it exists at all, and what it is.
  let slow: unknown = null;
  try {
    slow = canvas()?.getContext('webgl2') ?? null;
  } catch {
    slow = null;
  }
  if (!slow) return { available: false, software: false, renderer: null, reason: 'no WebGL 2 context' };
  const renderer = rendererOf(slow as GlContext);
  release(slow as GlContext);
  return {
    available: true,
    software: true,
    renderer,
    reason: `renders in software (${renderer ? shortRenderer(renderer) : 'the browser reports a major performance caveat'})`,
  };
}

interface AdapterLike {
  isFallbackAdapter?: boolean;
  info?: { vendor?: string; architecture?: string; description?: string; device?: string; isFallbackAdapter?: boolean };
}

/** The WebGPU adapter's nature, without creating a device. */
export function describeAdapter(adapter: unknown): GpuReport {
  const a = adapter as AdapterLike;
  const info = a.info ?? {};
  const text = [info.vendor, info.architecture, info.device, info.description].filter(Boolean).join(' ');
  const fallback = a.isFallbackAdapter === true || info.isFallbackAdapter === true;
  const software = fallback || SOFTWARE_RENDERER.test(text);
  return {
    available: true,
    software,
    renderer: text || null,
    reason: software ? `adapter is a software fallback${text ? ` (${shortRenderer(text)})` : ''}` : null,
  };
}

/** navigator.gpu without depending on WebGPU typings (absent from some TS lib versions and Node). */
function navigatorGpu(): { requestAdapter(options?: unknown): Promise<unknown | null> } | undefined {
  return (globalThis as { navigator?: { gpu?: { requestAdapter(options?: unknown): Promise<unknown | null> } } }).navigator?.gpu;
}

/** A WebGPU adapter, or a short reason why there is none (for the backend notices). */
export async function webgpuAdapter(): Promise<{ adapter: unknown } | { reason: string }> {
  const gpu = navigatorGpu();
  if (!gpu) return { reason: 'no navigator.gpu' };
  try {
    const adapter = await gpu.requestAdapter();
    return adapter ? { adapter } : { reason: 'no adapter' };
  } catch (e) {
    return { reason: `adapter request failed: ${e instanceof Error ? e.message : String(e)}` };
  }
}

/**
 * Whether this browser offers WebGPU on a real GPU (not a fallback or software adapter). The
 * page asks before booting a sandbox: only then is its worker made one that can reach WebGPU.
 */
export async function hardwareWebGpu(): Promise<boolean> {
  const found = await webgpuAdapter();
  return 'adapter' in found && !describeAdapter(found.adapter).software;
}
