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
import { CODE_THEMES, type CodeThemeName } from '../shared/code-themes.ts';
import type { CodeEditor, EditorOptions } from './types.ts';

/**
 * Each theme's module, named literally so that esbuild bundles it; keyed by theme name, so a theme
 * changed in CODE_THEMES without its module here fails the type check.
 */
const THEME_MODULES = {
  'github-light-default': () => import('shiki/themes/github-light-default.mjs'),
  'github-dark-default': () => import('shiki/themes/github-dark-default.mjs'),
} satisfies Record<CodeThemeName, () => Promise<unknown>>;

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
    ts.typescriptDefaults.setCompilerOptions({
      target: ts.ScriptTarget.ES2020,
      module: ts.ModuleKind.ESNext,
      moduleResolution: ts.ModuleResolutionKind.NodeJs,
      strict: true,
      noEmit: true,
      allowNonTsExtensions: true,
      lib: ['es2022', 'dom'],
      // Every snippet is a module, so top-level await type-checks.
      moduleDetection: 3,
    });
    const [highlighter, typings] = await Promise.all([
      createHighlighterCore({
        themes: [THEME_MODULES[CODE_THEMES.light](), THEME_MODULES[CODE_THEMES.dark]()],
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

/** The site's code face (src/styles/fonts.css), then the platform's monospace fonts. */
const CODE_FONT = '"Source Code Pro", ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", monospace';

export async function createMonacoEditor(host: HTMLElement, options: EditorOptions, assets: EditorAssets): Promise<CodeEditor> {
  await setupOnce(assets);
  // Monaco measures character widths once per font; measure with the web font, not its fallback.
  await Promise.race([document.fonts.load('14px "Source Code Pro"'), new Promise((r) => setTimeout(r, 1500))]).catch(() => undefined);
  const model = monaco.editor.createModel(options.code, 'typescript', monaco.Uri.parse(`file:///playground-${++modelCount}.ts`));
  const editor = monaco.editor.create(host, {
    model,
    theme: options.dark ? CODE_THEMES.dark : CODE_THEMES.light,
    ariaLabel: options.label,
    automaticLayout: true,
    minimap: { enabled: false },
    scrollBeyondLastLine: false,
    fontSize: 14,
    fontFamily: CODE_FONT,
    // Long lines wrap at the box's edge, continuing at their first part's indentation, instead of
    // running off it (tests/browser/playground-helpers.ts reads wrapped lines back the same way).
    wordWrap: 'on',
    wrappingIndent: 'same',
    tabSize: 2,
    bracketPairColorization: { enabled: false },
    'semanticHighlighting.enabled': false,
    fixedOverflowWidgets: true,
    scrollbar: { alwaysConsumeMouseWheel: false },
    unicodeHighlight: { ambiguousCharacters: false },
    // The current-line band lowers the contrast of comments below WCAG AA; the cursor is enough.
    renderLineHighlight: 'none',
  });
  // If the font arrived after the time limit above, measure again so the cursor lines up.
  void document.fonts.ready.then(() => monaco.editor.remeasureFonts());
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
    typeErrors: () =>
      monaco.editor
        .getModelMarkers({ resource: model.uri })
        .filter((m) => m.owner !== 'runner' && m.severity === monaco.MarkerSeverity.Error)
        .map((m) => ({ line: m.startLineNumber, column: m.startColumn, message: typeof m.message === 'string' ? m.message : String(m.message) })),
    setTheme: (dark) => monaco.editor.setTheme(dark ? CODE_THEMES.dark : CODE_THEMES.light),
    focus: () => editor.focus(),
    dispose() {
      editor.dispose();
      model.dispose();
    },
  };
}
