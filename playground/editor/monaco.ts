/**
 * Monaco, loaded on demand: TypeScript with IntelliSense for TF.js and the playground API, coloured
 * by the same Shiki themes as the site's static code blocks.
 *
 * This module is bundled by scripts/build-runtime.mjs (esbuild), not by the site's Vite build, into
 * public/runtime/editor.<hash>.js with its CSS beside it: so Monaco's stylesheet is fetched only
 * with the editor and never attached to a chapter page up front.
 *
 * The TypeScript language service (its worker is 1.5 MB gzip, the typings another 0.3 MB) is what
 * an unedited example does not need: a model starts in the language 'ts', which Shiki colours and
 * Monaco's TypeScript support ignores, and becomes 'typescript' (worker, typings, IntelliSense,
 * squiggles) when the reader focuses or edits the code, when a Run needs a type check, or when
 * the page is idle after a first run (preload).
 */
import * as monaco from 'monaco-editor/editor/editor.api';
import * as typescript from 'monaco-editor/languages/features/typescript/register';
// The editing features a reader of a short lab uses, not all of 'monaco-editor' (which adds diff
// views, inline completions, a command palette, colour pickers and 80 languages: 300 KB gzip more
// before the first output). Those that serve the TypeScript service (completion, hovers) come with
// it, from monaco-language.ts. Monaco attaches contributions when an editor is created, so the
// editor is re-created on its model when they arrive.
import 'monaco-editor/editor/browser/coreCommands';
// Services that monaco-language.ts's features use: Monaco sets its services up with the first
// editor, so they must be registered by then even though the features come later.
import 'monaco-editor/editor/contrib/gotoError/browser/markerNavigationService';
import 'monaco-editor/editor/contrib/gotoSymbol/browser/symbolNavigation';
import 'monaco-editor/editor/contrib/inlayHints/browser/inlayHintsController';
import 'monaco-editor/editor/contrib/peekView/browser/peekView';
import 'monaco-editor/editor/contrib/suggest/browser/suggestMemory';
import 'monaco-editor/editor/contrib/bracketMatching/browser/bracketMatching';
import 'monaco-editor/editor/contrib/clipboard/browser/clipboard';
import 'monaco-editor/editor/contrib/comment/browser/comment';
import 'monaco-editor/editor/contrib/contextmenu/browser/contextmenu';
import 'monaco-editor/editor/contrib/cursorUndo/browser/cursorUndo';
import 'monaco-editor/editor/contrib/find/browser/findController';
import 'monaco-editor/editor/contrib/indentation/browser/indentation';
import 'monaco-editor/editor/contrib/linesOperations/browser/linesOperations';
import 'monaco-editor/editor/contrib/multicursor/browser/multicursor';
import 'monaco-editor/editor/contrib/toggleTabFocusMode/browser/toggleTabFocusMode';
import 'monaco-editor/editor/contrib/wordHighlighter/browser/wordHighlighter';
import 'monaco-editor/editor/contrib/wordOperations/browser/wordOperations';
import { createHighlighterCore } from 'shiki/core';
import { createJavaScriptRegexEngine } from 'shiki/engine/javascript';
import { shikiToMonaco } from '@shikijs/monaco';
import { CODE_THEMES, type CodeThemeName } from '../shared/code-themes.ts';
import { EDITOR_COMPILER_OPTIONS } from './ts-options.ts';
import type { CodeEditor, EditorOptions, TypeCheckError } from './types.ts';

/**
 * Each theme's module, named literally so that esbuild bundles it; keyed by theme name, so a theme
 * changed in CODE_THEMES without its module here fails the type check.
 */
const THEME_MODULES = {
  'github-light-default': () => import('shiki/themes/github-light-default.mjs'),
  'github-dark-default': () => import('shiki/themes/github-dark-default.mjs'),
} satisfies Record<CodeThemeName, () => Promise<unknown>>;

/** Coloured by Shiki only, no language service: Shiki's TypeScript grammar answers to this alias too. */
const PLAIN_TS = 'ts';
/** After a run, how long the page stays untouched before the type checker is preloaded. */
const PRELOAD_DELAY_MS = 3000;
/** How long a Run waits for the first type check of edited code before running without it. */
const TYPE_CHECK_WAIT_MS = 15_000;

/** Where the editor's helpers live (hashed files in public/runtime/). */
export interface EditorAssets {
  typingsUrl: string;
  editorWorkerUrl: string;
  tsWorkerUrl: string;
}

let setup: Promise<void> | null = null;

/** One-time setup shared by every editor on the page: workers, themes, compiler options. */
function setupOnce(assets: EditorAssets): Promise<void> {
  setup ??= (async () => {
    self.MonacoEnvironment = {
      getWorker: (_id, label) => new Worker(label === 'typescript' || label === 'javascript' ? assets.tsWorkerUrl : assets.editorWorkerUrl),
    };
    const ts = typescript;
    // Plain numbers for TypeScript's enums, shared with the Node test that type-checks every example.
    ts.typescriptDefaults.setCompilerOptions({
      ...EDITOR_COMPILER_OPTIONS,
      lib: [...EDITOR_COMPILER_OPTIONS.lib],
    } as unknown as Parameters<typeof typescript.typescriptDefaults.setCompilerOptions>[0]);
    const highlighter = await createHighlighterCore({
      themes: [THEME_MODULES[CODE_THEMES.light](), THEME_MODULES[CODE_THEMES.dark]()],
      langs: [import('shiki/langs/typescript.mjs')],
      engine: createJavaScriptRegexEngine(),
    });
    monaco.languages.register({ id: 'typescript' });
    monaco.languages.register({ id: PLAIN_TS });
    // A generous time limit: tokenizing on a busy or slow machine must not leave lines uncoloured.
    shikiToMonaco(highlighter, monaco, { tokenizeTimeLimit: 5000 });
  })();
  return setup;
}

let typings: Promise<void> | null = null;

/** The playground's and TF.js's declarations, fetched with the language service, not before. */
function loadTypings(assets: EditorAssets): Promise<void> {
  typings ??= fetch(assets.typingsUrl)
    .then((r) => (r.ok ? (r.json() as Promise<Record<string, string>>) : {}))
    .catch(() => ({}) as Record<string, string>)
    .then((libs) => {
      typescript.typescriptDefaults.setExtraLibs(Object.entries(libs).map(([filePath, content]) => ({ filePath, content })));
    });
  return typings;
}

let languageFeatures: Promise<unknown> | null = null;

/** Everything the TypeScript service needs on the page: its editor features and the typings. */
function loadLanguageService(assets: EditorAssets): Promise<unknown> {
  languageFeatures ??= Promise.all([import('./monaco-language.ts'), loadTypings(assets)]);
  return languageFeatures;
}

function flatten(message: string | { messageText: string; next?: unknown[] }): string {
  if (typeof message === 'string') return message;
  const rest = (message.next ?? []) as Array<{ messageText: string; next?: unknown[] }>;
  return [message.messageText, ...rest.map(flatten)].join(' ');
}

/** The type errors of a model, asked of the TypeScript worker directly (markers may lag behind an edit). */
async function checkTypes(model: monaco.editor.ITextModel): Promise<TypeCheckError[]> {
  const ignored = new Set(typescript.typescriptDefaults.getDiagnosticsOptions().diagnosticCodesToIgnore ?? []);
  const client = await (await typescript.getTypeScriptWorker())(model.uri);
  const file = model.uri.toString();
  const version = model.getVersionId(); // the code being run: later edits void the answer
  const found = [...(await client.getSyntacticDiagnostics(file)), ...(await client.getSemanticDiagnostics(file))];
  if (model.isDisposed() || model.getVersionId() !== version) return [];
  return found
    .filter((d) => d.category === 1 && !ignored.has(d.code))
    .map((d) => {
      const at = model.getPositionAt(d.start ?? 0);
      return { line: at.lineNumber, column: at.column, message: flatten(d.messageText) };
    });
}

/** Run fn once the page has been idle a while: a few seconds on, then in an idle period. */
const whenIdle = (fn: () => void) => {
  const ric = (globalThis as { requestIdleCallback?: (cb: () => void, opts?: { timeout: number }) => number }).requestIdleCallback;
  setTimeout(() => (ric ? ric(fn, { timeout: 5000 }) : fn()), PRELOAD_DELAY_MS);
};

let modelCount = 0;

/** The site's code face (src/styles/fonts.css), then the platform's monospace fonts. */
const CODE_FONT = '"Source Code Pro", ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", monospace';

export async function createMonacoEditor(host: HTMLElement, options: EditorOptions, assets: EditorAssets): Promise<CodeEditor> {
  await setupOnce(assets);
  // Monaco measures character widths once per font; measure with the web font, not its fallback.
  await Promise.race([document.fonts.load('14px "Source Code Pro"'), new Promise((r) => setTimeout(r, 1500))]).catch(() => undefined);
  const model = monaco.editor.createModel(options.code, PLAIN_TS, monaco.Uri.parse(`file:///playground-${++modelCount}.ts`));
  const settings: monaco.editor.IStandaloneEditorConstructionOptions = {
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
  };
  // If the font arrived after the time limit above, measure again so the cursor lines up.
  void document.fonts.ready.then(() => monaco.editor.remeasureFonts());
  // Grow with the code up to a limit, so short examples don't sit in a tall empty box.
  const fitHeight = () => {
    host.style.height = `${Math.min(620, Math.max(160, editor.getContentHeight()))}px`;
  };
  const create = () => {
    const e = monaco.editor.create(host, settings);
    e.addCommand(monaco.KeyMod.CtrlCmd | monaco.KeyCode.Enter, () => options.onRun());
    e.onDidContentSizeChange(fitHeight);
    e.onDidFocusEditorText(() => void typeScript());
    return e;
  };
  let editor = create();
  let disposed = false;
  let upgrade: Promise<void> | null = null;
  /** Turn the TypeScript service on (once): its features and typings, then the editor re-created with them. */
  const typeScript = () => {
    upgrade ??= loadLanguageService(assets).then(() => {
      if (disposed) return;
      const view = editor.saveViewState();
      const focused = editor.hasTextFocus();
      editor.dispose();
      editor = create();
      if (view) editor.restoreViewState(view);
      if (focused) editor.focus();
      monaco.editor.setModelLanguage(model, 'typescript');
    });
    return upgrade;
  };
  // Editing brings the language service too (keyboard focus does already; a paste may not).
  const firstEdit = model.onDidChangeContent(() => {
    firstEdit.dispose();
    void typeScript();
  });
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
    async typeErrors() {
      await typeScript();
      const timeout = new Promise<null>((resolve) => setTimeout(() => resolve(null), TYPE_CHECK_WAIT_MS));
      return Promise.race([checkTypes(model).catch(() => null), timeout]);
    },
    preloadTypes: () => whenIdle(() => void typeScript()),
    setTheme(dark) {
      settings.theme = dark ? CODE_THEMES.dark : CODE_THEMES.light;
      monaco.editor.setTheme(settings.theme);
    },
    focus: () => editor.focus(),
    dispose() {
      disposed = true;
      firstEdit.dispose();
      editor.dispose();
      model.dispose();
    },
  };
}
