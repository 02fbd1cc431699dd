/**
 * Loads the code editor for a playground: Monaco (built apart from the site by
 * scripts/build-runtime.mjs, fetched with its CSS on demand), or a plain text area on touch
 * screens and when Monaco cannot load.
 */
import { createPlainEditor } from '../editor/plain.ts';
import type { CodeEditor, EditorOptions } from '../editor/types.ts';
import manifest from '../runner/runtime-manifest.json';
import { runtimeUrl } from '../shared/site.ts';

let monacoModule: Promise<typeof import('../editor/monaco.ts')> | null = null;

function loadMonaco(): Promise<typeof import('../editor/monaco.ts')> {
  monacoModule ??= (async () => {
    const css = document.createElement('link');
    css.rel = 'stylesheet';
    css.href = runtimeUrl(manifest.editorCss);
    const cssLoaded = new Promise((resolve) => css.addEventListener('load', resolve, { once: true }));
    document.head.append(css);
    const module = (await import(/* @vite-ignore */ runtimeUrl(manifest.editor))) as typeof import('../editor/monaco.ts');
    await Promise.race([cssLoaded, new Promise((r) => setTimeout(r, 3000))]);
    return module;
  })();
  monacoModule.catch(() => {
    monacoModule = null;
  });
  return monacoModule;
}

/** A touch-only device gets the plain editor: Monaco is hard to use without a keyboard and pointer. */
const touchOnly = () => window.matchMedia('(pointer: coarse)').matches && !window.matchMedia('(pointer: fine)').matches;

/** Create the editor in `box`; `onFallback` hears why Monaco was not used, if it failed. */
export async function createEditor(box: HTMLElement, options: EditorOptions, onFallback: (reason: string) => void): Promise<CodeEditor> {
  if (touchOnly()) return createPlainEditor(box, options);
  try {
    const { createMonacoEditor } = await loadMonaco();
    return await createMonacoEditor(box, options, {
      typingsUrl: runtimeUrl(manifest.typings),
      editorWorkerUrl: runtimeUrl(manifest.editorWorker),
      tsWorkerUrl: runtimeUrl(manifest.tsWorker),
    });
  } catch (error) {
    box.replaceChildren();
    onFallback(error instanceof Error ? error.message : String(error));
    return createPlainEditor(box, options);
  }
}
