/**
 * The island: turns one server-rendered playground (see src/components/Playground.astro) into a
 * live one — editor, controls, runner, output, inputs and share links wired together.
 */
import manifest from '../runner/runtime-manifest.json';
import { PlaygroundRunner } from '../runner/runner.ts';
import { OutputPanel } from '../output/panel.ts';
import { createPlainEditor } from '../editor/plain.ts';
import type { CodeEditor } from '../editor/types.ts';
import { encodeShare, ShareError } from '../share/codec.ts';
import type { BackendChoice } from '../runtime/protocol.ts';
import type { InputFile, InputImage, Inputs } from '../runtime/sink.ts';
import { findExample, type Control, type ExampleInfo } from '../examples/registry.ts';
import { clearEdits, loadEdits, saveEdits } from './storage.ts';
import { createCameraButton, createDrawingPad, decodeImageFile, readFiles } from './inputs.ts';

export interface MountOptions {
  /** Code from a share link: shown with a warning banner and never run until the reader clicks Run. */
  sharedCode?: string;
  sharedBackend?: BackendChoice;
}

export interface MountedPlayground {
  run(): Promise<void>;
  stop(): void;
  setCode(code: string, fromLink?: boolean): void;
  destroy(): void;
}

const BACKENDS: BackendChoice[] = ['auto', 'webgpu', 'webgl', 'wasm', 'cpu'];
const runtimeUrl = (file: string) => `${import.meta.env.BASE_URL.replace(/\/?$/, '/')}runtime/${file}`;

let monacoModule: Promise<typeof import('../editor/monaco.ts')> | null = null;

/** Monaco is built apart from the site (see scripts/build-runtime.mjs); fetch it and its CSS together. */
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
  monacoModule.catch(() => (monacoModule = null));
  return monacoModule;
}
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

  const runButton = q<HTMLButtonElement>(root, '[data-action="run"]');
  const stopButton = q<HTMLButtonElement>(root, '[data-action="stop"]');
  const resetButton = q<HTMLButtonElement>(root, '[data-action="reset"]');
  const shareButton = q<HTMLButtonElement>(root, '[data-action="share"]');
  const backendSelect = q<HTMLSelectElement>(root, 'select[data-backend]');
  const badge = q<HTMLElement>(root, '[data-badge]');
  const status = q<HTMLElement>(root, '[data-status]');
  const banner = q<HTMLElement>(root, '[data-banner]');
  const editorHost = q<HTMLElement>(root, '[data-editor]');
  const inputsHost = q<HTMLElement>(root, '[data-inputs]');
  const output = new OutputPanel(q<HTMLElement>(root, '[data-output]'));
  const outputEl = q<HTMLElement>(root, '[data-output]');

  if (options.sharedBackend && BACKENDS.includes(options.sharedBackend)) backendSelect.value = options.sharedBackend;

  // ---- editor -------------------------------------------------------------------------------
  const initialCode = options.sharedCode ?? loadEdits(exampleId) ?? original;
  const editorOptions = { code: initialCode, label: `Code of the playground “${title}”`, dark: isDark(), onRun: () => void run() };
  const editorBox = document.createElement('div');
  editorBox.className = 'pg-editor-box';
  let editor: CodeEditor;
  const coarse = window.matchMedia('(pointer: coarse)').matches && !window.matchMedia('(pointer: fine)').matches;
  if (coarse) {
    editor = createPlainEditor(editorBox, editorOptions);
  } else {
    try {
      const { createMonacoEditor } = await loadMonaco();
      editorHost.replaceChildren(editorBox);
      editor = await createMonacoEditor(editorBox, editorOptions, {
        typingsUrl: runtimeUrl(manifest.typings),
        editorWorkerUrl: runtimeUrl(manifest.editorWorker),
        tsWorkerUrl: runtimeUrl(manifest.tsWorker),
      });
    } catch (error) {
      editor = createPlainEditor(editorBox, editorOptions);
      output.notice(`The full editor could not load (${error instanceof Error ? error.message : String(error)}); using a plain text editor.`, 'warn');
    }
  }
  editorHost.replaceChildren(editorBox);
  root.dataset.editor = editor.kind;
  let fromLink = options.sharedCode !== undefined;
  let saveTimer = 0;
  editor.onChange(() => {
    editor.clearMarks(); // an error mark belongs to the code that ran, not to the edited code
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
  showLinkBanner(fromLink);

  // ---- inputs from the page ------------------------------------------------------------------
  let image: InputImage | null = null;
  let files: InputFile[] = [];
  let readDrawing: (() => InputImage) | null = null;
  const params: Inputs['params'] = {};
  buildInputs();

  function buildInputs(): void {
    const kinds = info.inputs ?? [];
    for (const control of info.controls ?? []) inputsHost.append(buildControl(control));
    if (kinds.includes('image')) {
      const label = document.createElement('label');
      label.className = 'pg-file';
      label.textContent = 'Your image: ';
      const input = document.createElement('input');
      input.type = 'file';
      input.accept = 'image/*';
      input.addEventListener('change', () => input.files?.[0] && void takeImage(input.files[0]));
      label.append(input);
      const clear = document.createElement('button');
      clear.type = 'button';
      clear.textContent = 'Use the generated image';
      clear.addEventListener('click', () => {
        image = null;
        input.value = '';
        status.textContent = 'Using the generated image.';
      });
      inputsHost.append(label, clear);
      createCameraButton(
        inputsHost,
        info.maxImageSize ?? 512,
        (photo) => {
          image = photo;
          status.textContent = `Using your camera photo (${photo.width}×${photo.height}).`;
        },
        (message) => output.notice(message, 'error'),
      );
      // Drop an image anywhere on the playground.
      root.addEventListener('dragover', (e) => e.preventDefault());
      root.addEventListener('drop', (e) => {
        const file = e.dataTransfer?.files[0];
        if (!file) return;
        e.preventDefault();
        void takeImage(file);
      });
    }
    if (kinds.includes('drawing')) {
      const pad = document.createElement('div');
      pad.className = 'pg-drawing-pad';
      readDrawing = createDrawingPad(pad, () => undefined).read;
      inputsHost.append(pad);
    }
    if (kinds.includes('model-files')) {
      const label = document.createElement('label');
      label.className = 'pg-file';
      label.textContent = 'Your model (model.json and weight files): ';
      const input = document.createElement('input');
      input.type = 'file';
      input.multiple = true;
      input.accept = '.json,.bin,application/json,application/octet-stream';
      input.addEventListener('change', async () => {
        files = input.files ? await readFiles(input.files) : [];
        status.textContent = `${files.length} file${files.length === 1 ? '' : 's'} chosen: ${files.map((f) => f.name).join(', ')}`;
      });
      label.append(input);
      inputsHost.append(label);
    }
    inputsHost.hidden = inputsHost.childElementCount === 0;
  }

  function buildControl(control: Control): HTMLElement {
    const label = document.createElement('label');
    label.className = 'pg-control';
    const name = document.createElement('span');
    name.textContent = control.label;
    label.append(name);
    params[control.name] = control.value;
    if (control.type === 'select') {
      const select = document.createElement('select');
      for (const o of control.options) select.append(new Option(o.label, o.value, false, o.value === control.value));
      select.addEventListener('change', () => (params[control.name] = select.value));
      label.append(select);
    } else if (control.type === 'checkbox') {
      const box = document.createElement('input');
      box.type = 'checkbox';
      box.checked = control.value;
      box.addEventListener('change', () => (params[control.name] = box.checked));
      label.prepend(box);
    } else {
      const range = document.createElement('input');
      range.type = 'range';
      Object.assign(range, { min: String(control.min), max: String(control.max), step: String(control.step), value: String(control.value) });
      const value = document.createElement('output');
      value.textContent = String(control.value);
      range.addEventListener('input', () => {
        params[control.name] = Number(range.value);
        value.textContent = range.value;
      });
      label.append(range, value);
    }
    return label;
  }

  async function takeImage(file: File): Promise<void> {
    try {
      const result = await decodeImageFile(file, info.maxImageSize ?? 512);
      image = result.image;
      status.textContent = result.notice ?? `Using your image “${file.name}” (${result.image.width}×${result.image.height}).`;
    } catch (error) {
      output.notice(error instanceof Error ? error.message : String(error), 'error');
    }
  }

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

  async function run(): Promise<void> {
    editor.clearMarks();
    output.clear();
    runHadError = false;
    setRunning(true);
    status.textContent = 'Running…';
    if (badge.textContent === 'Backend: not started') badge.textContent = 'Backend: starting…';
    const inputs: Inputs = { image: readDrawing ? readDrawing() : image, files, params: { ...params } };
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
        status.textContent = runHadError
          ? `Finished with an error after ${(outcome.ms / 1000).toFixed(2)} s (see the output).`
          : `Finished in ${(outcome.ms / 1000).toFixed(2)} s.`;
      } else if (outcome.status === 'stopped') {
        output.notice('Stopped.', 'info');
        status.textContent = 'Stopped.';
      } else {
        output.notice(outcome.message, 'error');
        status.textContent = 'The run failed.';
      }
    } catch (error) {
      output.notice(error instanceof Error ? error.message : String(error), 'error');
      status.textContent = 'The run failed.';
    } finally {
      setRunning(runner.running);
    }
  }

  function stop(): void {
    runner.stop();
    setRunning(false);
  }

  function reset(): void {
    clearEdits(exampleId);
    fromLink = false;
    showLinkBanner(false);
    editor.setValue(original);
    editor.clearMarks();
    status.textContent = 'Restored the original code.';
  }

  async function share(): Promise<void> {
    try {
      const fragment = await encodeShare({ code: editor.getValue(), example: exampleId, backend: backendSelect.value as BackendChoice });
      const url = `${location.origin}${import.meta.env.BASE_URL.replace(/\/?$/, '/')}playground/#${fragment}`;
      let copied = false;
      try {
        await navigator.clipboard.writeText(url);
        copied = true;
      } catch {
        /* clipboard blocked: show the link to copy by hand */
      }
      showShareLink(url, copied);
    } catch (error) {
      output.notice(error instanceof ShareError ? error.message : `Could not make a link: ${String(error)}`, 'error');
    }
  }

  function showShareLink(url: string, copied: boolean): void {
    root.querySelector('.pg-share-link')?.remove();
    const box = document.createElement('div');
    box.className = 'pg-share-link';
    const label = document.createElement('label');
    label.textContent = copied ? 'Link copied to the clipboard: ' : 'Copy this link: ';
    const field = document.createElement('input');
    field.readOnly = true;
    field.value = url;
    field.setAttribute('data-share-url', '');
    label.append(field);
    box.append(label);
    status.after(box);
    status.textContent = copied ? 'Share link copied.' : 'Share link ready to copy.';
    if (!copied) field.select();
  }

  runButton.addEventListener('click', () => void run());
  stopButton.addEventListener('click', stop);
  resetButton.addEventListener('click', reset);
  shareButton.addEventListener('click', () => void share());
  root.dataset.live = 'true';

  return {
    run,
    stop,
    setCode(code, link = false) {
      fromLink = link;
      showLinkBanner(link);
      editor.setValue(code);
    },
    destroy() {
      themeObserver.disconnect();
      runner.destroy();
      editor.dispose();
    },
  };
}
