/**
 * A plain <textarea> editor: the fallback on touch devices (where Monaco is hard to use) and
 * while Monaco loads. Accessible by construction; Tab inserts two spaces, Escape then Tab leaves.
 */
import type { CodeEditor, EditorOptions } from './types.ts';

export function createPlainEditor(host: HTMLElement, options: EditorOptions): CodeEditor {
  const textarea = document.createElement('textarea');
  textarea.className = 'pg-plain-editor';
  textarea.value = options.code;
  textarea.spellcheck = false;
  textarea.setAttribute('autocapitalize', 'off');
  textarea.setAttribute('autocomplete', 'off');
  textarea.setAttribute('aria-label', options.label);
  textarea.rows = Math.min(30, Math.max(8, options.code.split('\n').length + 1));
  const error = document.createElement('p');
  error.className = 'pg-editor-error';
  error.hidden = true;
  let tabTraps = true;
  textarea.addEventListener('keydown', (e) => {
    if ((e.ctrlKey || e.metaKey) && e.key === 'Enter') {
      e.preventDefault();
      options.onRun();
    } else if (e.key === 'Escape') {
      tabTraps = false;
    } else if (e.key === 'Tab' && tabTraps && !e.shiftKey) {
      e.preventDefault();
      textarea.setRangeText('  ', textarea.selectionStart, textarea.selectionEnd, 'end');
      textarea.dispatchEvent(new Event('input'));
    } else {
      tabTraps = true;
    }
  });
  host.replaceChildren(textarea, error);
  return {
    kind: 'plain',
    getValue: () => textarea.value,
    setValue: (code) => {
      textarea.value = code;
    },
    onChange: (listener) => textarea.addEventListener('input', listener),
    markError(line, column, message) {
      error.hidden = false;
      error.textContent = `Line ${line}${column ? `, column ${column}` : ''}: ${message}`;
      if (!error.id) error.id = `pg-err-${Math.random().toString(36).slice(2)}`;
      textarea.setAttribute('aria-describedby', error.id);
      // Put the caret on the failing line so keyboard users land there.
      const offset =
        textarea.value
          .split('\n')
          .slice(0, line - 1)
          .join('\n').length + (line > 1 ? 1 : 0);
      textarea.setSelectionRange(offset, offset);
    },
    clearMarks() {
      error.hidden = true;
      textarea.removeAttribute('aria-describedby');
    },
    typeErrors: async () => [],
    setTheme: () => undefined,
    focus: () => textarea.focus(),
    dispose: () => host.replaceChildren(),
  };
}
