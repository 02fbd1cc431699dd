/**
 * The island: turns one server-rendered playground (src/components/Playground.astro) into a live
 * one. This module only wires the parts together: controls, page inputs, editor, runner, output
 * and share links each live in their own module.
 */
import type { CodeEditor } from '../editor/types.ts';
import { type ExampleInfo, findExample } from '../examples/registry.ts';
import { OutputPanel } from '../output/panel.ts';
import { PlaygroundRunner } from '../runner/runner.ts';
import { type BackendChoice, isBackendChoice } from '../shared/backends.ts';
import type { Inputs, ParamValue } from '../shared/messages.ts';
import { bindControls, runLabels } from './controls.ts';
import { createEditor } from './editor-loader.ts';
import { buildPageInputs } from './page-inputs.ts';
import { shareLink } from './share-ui.ts';
import { clearEdits, loadEdits, saveEdits } from './storage.ts';
import { offerUndo, type UndoOffer } from './undo-reset.ts';

export interface MountOptions {
  /** Code from a share link: shown with a warning banner and never run until the reader clicks Run. */
  sharedCode?: string;
  sharedBackend?: BackendChoice;
  /** Control values from a share link. */
  sharedParams?: Record<string, ParamValue>;
}

export interface MountedPlayground {
  run(): Promise<void>;
  stop(): void;
  /** Show code (and control values and backend) from a share link, or other code; never runs it. */
  setCode(code: string, fromLink?: boolean, params?: Record<string, ParamValue>, backend?: BackendChoice): void;
  destroy(): void;
}

/** How long a live lab waits after the last control change before it runs again. */
const LIVE_DELAY_MS = 150;

const isDark = () => document.documentElement.dataset.theme === 'dark';

function q<T extends HTMLElement>(root: HTMLElement, selector: string): T {
  const el = root.querySelector<T>(selector);
  if (!el) throw new Error(`Playground markup is missing ${selector}`);
  return el;
}

export async function mountPlayground(root: HTMLElement, options: MountOptions = {}): Promise<MountedPlayground> {
  const exampleId = root.dataset.example ?? '';
  const info: ExampleInfo = findExample(exampleId) ?? { id: exampleId, title: exampleId, summary: '' };
  const original = JSON.parse(q<HTMLScriptElement>(root, 'script[data-source]').textContent ?? '{}').code as string;
  const title = root.dataset.title ?? info.title;
  const controlsInfo = info.controls ?? [];

  const runButton = q<HTMLButtonElement>(root, '[data-action="run"]');
  const stopButton = q<HTMLButtonElement>(root, '[data-action="stop"]');
  const resetButton = q<HTMLButtonElement>(root, '[data-action="reset"]');
  const shareButton = q<HTMLButtonElement>(root, '[data-action="share"]');
  const backendSelect = q<HTMLSelectElement>(root, 'select[data-backend]');
  const badge = q<HTMLElement>(root, '[data-badge]');
  const status = q<HTMLElement>(root, '[data-status]');
  const banner = q<HTMLElement>(root, '[data-banner]');
  const editorHost = q<HTMLElement>(root, '[data-editor]');
  const outputEl = q<HTMLElement>(root, '[data-output]');
  const runsBar = q<HTMLElement>(root, '[data-runs]');
  const output = new OutputPanel(outputEl, (runs) => runLabels(runs, controlsInfo));
  const say = { status: (text: string) => (status.textContent = text), error: (text: string) => void output.notice(text, 'error') };

  if (options.sharedBackend && isBackendChoice(options.sharedBackend)) backendSelect.value = options.sharedBackend;

  // ---- controls and page inputs ----------------------------------------------------------------
  // Controls work at once (presets fill the grid while the editor still loads); a live lab's
  // first re-run waits until the editor is ready.
  let liveTimer = 0;
  let ready = false;
  let changedWhileLoading = false;
  let undoOffer: UndoOffer | null = null;
  const controls = bindControls(root, controlsInfo, () => {
    undoOffer?.dismiss();
    if (!ready) {
      changedWhileLoading = true;
    } else if (info.live) {
      clearTimeout(liveTimer);
      liveTimer = window.setTimeout(() => void run(), LIVE_DELAY_MS);
    } else {
      say.status('Settings changed — press Run to see what they do.');
    }
  });
  if (options.sharedParams) controls.set(options.sharedParams);
  const pageInputs = buildPageInputs(root, q<HTMLElement>(root, '[data-inputs]'), info, say);

  // ---- editor -------------------------------------------------------------------------------
  const editorBox = document.createElement('div');
  editorBox.className = 'pg-editor-box';
  const editor: CodeEditor = await createEditor(
    editorBox,
    {
      code: options.sharedCode ?? loadEdits(exampleId) ?? original,
      label: `Code of the playground “${title}”`,
      dark: isDark(),
      onRun: () => void run(),
    },
    (reason) => output.notice(`The full editor could not load (${reason}); using a plain text editor.`, 'warn'),
  );
  editorHost.replaceChildren(editorBox);
  root.dataset.editor = editor.kind;
  let fromLink = options.sharedCode !== undefined;
  let saveTimer = 0;
  let settingCode = false;
  editor.onChange(() => {
    editor.clearMarks(); // an error mark belongs to the code that ran, not to the edited code
    if (!settingCode) undoOffer?.dismiss();
    if (fromLink) return; // code from a link is not saved over the reader's own edits unless they change it
    clearTimeout(saveTimer);
    saveTimer = window.setTimeout(() => saveEdits(exampleId, editor.getValue()), 300);
  });
  const themeObserver = new MutationObserver(() => editor.setTheme(isDark()));
  themeObserver.observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme'] });

  const showLinkBanner = (show: boolean) => {
    banner.hidden = !show;
    banner.textContent = show ? 'This code came from a shared link. Read it before you press Run: it has not run and will not run until you do.' : '';
  };
  /** Replace the code without withdrawing an undo offer (the reader did not edit). */
  const replaceCode = (code: string) => {
    settingCode = true;
    try {
      editor.setValue(code);
    } finally {
      settingCode = false;
    }
  };
  showLinkBanner(fromLink);

  // ---- running ------------------------------------------------------------------------------
  let runHadError = false;
  const runner = new PlaygroundRunner(root, {
    onMessage(message) {
      if (message.type === 'backend') badge.textContent = `Backend: ${message.name}`;
      if (message.type === 'error') runHadError = true;
      if (message.type === 'error' && message.line) editor.markError(message.line, message.column, message.message);
      output.handle(message);
    },
  });
  const warm = () => void runner.warm().catch(() => undefined);
  editorBox.addEventListener('focusin', warm, { once: true });
  runButton.addEventListener('pointerenter', warm, { once: true });

  const setRunning = (running: boolean) => {
    stopButton.disabled = !running;
    root.toggleAttribute('data-running', running);
    outputEl.setAttribute('aria-busy', String(running));
  };
  const showRuns = () => {
    const kept = output.keptRuns;
    runsBar.hidden = kept === 0;
    q<HTMLElement>(runsBar, '[data-run-count]').textContent = `${kept} earlier run${kept === 1 ? '' : 's'} kept on the charts for comparison.`;
  };

  async function run(): Promise<void> {
    await pageInputs.ready(); // a sample photo that is still being fetched
    editor.clearMarks();
    const params = controls.values();
    output.beginRun(params);
    showRuns();
    runHadError = false;
    setRunning(true);
    say.status('Running…');
    if (badge.textContent === 'Backend: not started') badge.textContent = 'Backend: starting…';
    const inputs: Inputs = { image: pageInputs.image(), files: pageInputs.files(), params };
    // Types are checked in the editor; the code runs anyway (as in the TypeScript playground).
    const typeErrors = editor.typeErrors();
    for (const t of typeErrors.slice(0, 3)) output.notice(`Type error (line ${t.line}, column ${t.column}): ${t.message}`, 'warn');
    if (typeErrors.length > 3) output.notice(`…and ${typeErrors.length - 3} more type errors (see the editor). The code runs anyway.`, 'warn');
    try {
      const outcome = await runner.run(editor.getValue(), backendSelect.value as BackendChoice, inputs);
      if (outcome.status === 'done') {
        const { memoryBefore: b, memoryAfter: a } = outcome;
        output.notice(
          `tf.memory(): ${b.numTensors} tensors before, ${a.numTensors} after · ${(outcome.ms / 1000).toFixed(2)} s on ${outcome.backend}`,
          'debug',
        );
        say.status(
          runHadError
            ? `Finished with an error after ${(outcome.ms / 1000).toFixed(2)} s (see the output).`
            : `Finished in ${(outcome.ms / 1000).toFixed(2)} s.`,
        );
      } else if (outcome.status === 'stopped') {
        output.notice('Stopped.', 'info');
        say.status('Stopped.');
      } else {
        output.notice(outcome.message, 'error');
        say.status('The run failed.');
      }
    } catch (error) {
      output.notice(error instanceof Error ? error.message : String(error), 'error');
      say.status('The run failed.');
    } finally {
      setRunning(runner.running);
      // The page's offline line (src/scripts/offline.ts) looks again: the runtime may now be kept.
      root.dispatchEvent(new CustomEvent('dq:playground-ran', { bubbles: true }));
    }
  }

  function stop(): void {
    runner.stop();
    setRunning(false);
  }

  function reset(): void {
    const before = { code: editor.getValue(), params: controls.values(), fromLink };
    clearEdits(exampleId);
    fromLink = false;
    showLinkBanner(false);
    replaceCode(original);
    editor.clearMarks();
    controls.reset();
    say.status('Restored the original code and settings.');
    undoOffer = offerUndo(
      status,
      'Your code and settings were replaced by the original.',
      () => {
        undoOffer = null;
        fromLink = before.fromLink;
        showLinkBanner(fromLink);
        replaceCode(before.code);
        if (!fromLink) saveEdits(exampleId, before.code);
        controls.set(before.params);
        say.status('Reset undone: your code and settings are back.');
      },
      resetButton,
    );
  }

  async function share(): Promise<void> {
    try {
      const line = await shareLink(root, status, {
        code: editor.getValue(),
        example: exampleId,
        backend: backendSelect.value as BackendChoice,
        params: controls.changed(),
        page: location.pathname,
      });
      say.status(line);
    } catch (error) {
      output.notice(error instanceof Error ? error.message : String(error), 'error');
    }
  }

  runButton.addEventListener('click', () => void run());
  stopButton.addEventListener('click', stop);
  resetButton.addEventListener('click', reset);
  shareButton.addEventListener('click', () => void share());
  q<HTMLButtonElement>(runsBar, '[data-action="clear-runs"]').addEventListener('click', () => {
    output.clearRuns();
    showRuns();
    say.status('Earlier runs cleared; the next run starts a fresh comparison.');
  });
  root.dataset.live = 'true';
  ready = true;
  if (changedWhileLoading && info.live) void run();

  return {
    run,
    stop,
    setCode(code, link = false, params, backend) {
      undoOffer?.dismiss();
      fromLink = link;
      showLinkBanner(link);
      replaceCode(code);
      // A link carries only the settings that differ from the defaults: the rest go back to them.
      if (link) controls.reset();
      if (params) controls.set(params);
      if (backend && isBackendChoice(backend)) backendSelect.value = backend;
    },
    destroy() {
      themeObserver.disconnect();
      runner.destroy();
      editor.dispose();
    },
  };
}
