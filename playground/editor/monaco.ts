/**
 * Monaco, loaded on demand: TypeScript with IntelliSense for TF.js and the playground API, coloured
 * by the same Shiki themes as the site's static code blocks.
 *
 * This module is bundled by scripts/build-runtime.mjs (esbuild), not by the site's Vite build, into
 * public/runtime/editor.<hash>.js with its CSS beside it: so Monaco's stylesheet is fetched only
 * with the editor and never attached to a chapter page up front.
 */
import * as monaco from 'monaco-editor';
import { createHighlighterCore } from 'shiki/core';
import { createJavaScriptRegexEngine } from 'shiki/engine/javascript';
import { shikiToMonaco } from '@shikijs/monaco';
import { EDITOR_COMPILER_OPTIONS, flattenMessage, type MessageChain } from './ts-options.ts';
import type { CodeEditor, EditorOptions, TypeErrorInfo } from './types.ts';

export const LIGHT_THEME = 'github-light-default';
export const DARK_THEME = 'github-dark-default';

/** Where the editor's helpers live (hashed files in public/runtime/). */
export interface EditorAssets {
  typingsUrl: string;
  editorWorkerUrl: string;
  tsWorkerUrl: string;
}

let setup: Promise<void> | null = null;

/** One-time setup shared by every editor on the page: workers, themes, compiler options, typings. */
function setupOnce(assets: EditorAssets): Promise<void> {
  setup ??= (async () => {
    self.MonacoEnvironment = {
      getWorker: (_id, label) => new Worker(label === 'typescript' || label === 'javascript' ? assets.tsWorkerUrl : assets.editorWorkerUrl),
    };
    const ts = monaco.typescript;
    // Plain numbers for TypeScript's enums (Monaco's typings list no ES2022, its TypeScript knows it).
    ts.typescriptDefaults.setCompilerOptions({
      ...EDITOR_COMPILER_OPTIONS,
      lib: [...EDITOR_COMPILER_OPTIONS.lib],
    } as unknown as monaco.typescript.CompilerOptions);
    const [highlighter, typings] = await Promise.all([
      createHighlighterCore({
        themes: [import('shiki/themes/github-light-default.mjs'), import('shiki/themes/github-dark-default.mjs')],
        langs: [import('shiki/langs/typescript.mjs')],
        engine: createJavaScriptRegexEngine(),
      }),
      fetch(assets.typingsUrl)
        .then((r) => (r.ok ? (r.json() as Promise<Record<string, string>>) : ({} as Record<string, string>)))
        .catch(() => ({}) as Record<string, string>),
    ]);
    monaco.languages.register({ id: 'typescript' });
    // A generous time limit: tokenizing on a busy or slow machine must not leave lines uncoloured.
    shikiToMonaco(highlighter, monaco, { tokenizeTimeLimit: 5000 });
    ts.typescriptDefaults.setExtraLibs(Object.entries(typings).map(([filePath, content]) => ({ filePath, content })));
  })();
  return setup;
}

let modelCount = 0;

/** Errors of the model's current text, straight from the TypeScript worker (syntax, then types). */
async function diagnose(model: monaco.editor.ITextModel): Promise<TypeErrorInfo[]> {
  const version = model.getVersionId(); // the code being run: later edits void the answer
  const getWorker = await monaco.typescript.getTypeScriptWorker();
  const worker = await getWorker(model.uri);
  const file = model.uri.toString();
  const found = [...(await worker.getSyntacticDiagnostics(file)), ...(await worker.getSemanticDiagnostics(file))];
  if (model.isDisposed() || model.getVersionId() !== version) return [];
  return found
    .filter((d) => d.category === 1 && d.start !== undefined)
    .map((d) => {
      const at = model.getPositionAt(d.start as number);
      return { line: at.lineNumber, column: at.column, message: flattenMessage(d.messageText as MessageChain) };
    });
}

export async function createMonacoEditor(host: HTMLElement, options: EditorOptions, assets: EditorAssets): Promise<CodeEditor> {
  await setupOnce(assets);
  const model = monaco.editor.createModel(options.code, 'typescript', monaco.Uri.parse(`file:///playground-${++modelCount}.ts`));
  const editor = monaco.editor.create(host, {
    model,
    theme: options.dark ? DARK_THEME : LIGHT_THEME,
    ariaLabel: options.label,
    automaticLayout: true,
    minimap: { enabled: false },
    scrollBeyondLastLine: false,
    fontSize: 14,
    tabSize: 2,
    bracketPairColorization: { enabled: false },
    'semanticHighlighting.enabled': false,
    fixedOverflowWidgets: true,
    scrollbar: { alwaysConsumeMouseWheel: false },
    unicodeHighlight: { ambiguousCharacters: false },
    // The current-line band lowers the contrast of comments below WCAG AA; the cursor is enough.
    renderLineHighlight: 'none',
  });
  editor.addCommand(monaco.KeyMod.CtrlCmd | monaco.KeyCode.Enter, () => options.onRun());
  // Grow with the code up to a limit, so short examples don't sit in a tall empty box.
  const fitHeight = () => {
    host.style.height = `${Math.min(620, Math.max(160, editor.getContentHeight()))}px`;
  };
  editor.onDidContentSizeChange(fitHeight);
  fitHeight();
  return {
    kind: 'monaco',
    getValue: () => model.getValue(),
    setValue: (code) => model.setValue(code),
    onChange: (listener) => void model.onDidChangeContent(listener),
    markError(line, column, message) {
      const lineCount = model.getLineCount();
      const l = Math.max(1, Math.min(line, lineCount));
      monaco.editor.setModelMarkers(model, 'runner', [
        {
          severity: monaco.MarkerSeverity.Error,
          message,
          startLineNumber: l,
          startColumn: column ?? 1,
          endLineNumber: l,
          endColumn: model.getLineMaxColumn(l),
        },
      ]);
      editor.revealLineInCenterIfOutsideViewport(l);
    },
    clearMarks: () => monaco.editor.setModelMarkers(model, 'runner', []),
    typeErrors: () => diagnose(model),
    setTheme: (dark) => monaco.editor.setTheme(dark ? DARK_THEME : LIGHT_THEME),
    focus: () => editor.focus(),
    dispose() {
      editor.dispose();
      model.dispose();
    },
  };
}
