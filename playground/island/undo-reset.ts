/**
 * "Undo reset": Reset throws away the reader's code and settings, so it keeps them and offers to
 * put them back, in a notice under the status line. The offer lasts until it is used, the code or
 * a setting changes, or Reset is pressed again (which replaces it). No timer: a reader who looks
 * away does not lose the chance.
 */
export interface UndoOffer {
  /** Withdraw the offer (the reader moved on). */
  dismiss(): void;
}

export function offerUndo(after: HTMLElement, message: string, undo: () => void, focusAfterUndo: HTMLElement): UndoOffer {
  after.parentElement?.querySelector(':scope > .pg-undo')?.remove();
  const box = document.createElement('div');
  box.className = 'pg-undo';
  const text = document.createElement('span');
  text.textContent = message;
  const button = document.createElement('button');
  button.type = 'button';
  button.dataset.action = 'undo-reset';
  button.textContent = 'Undo reset';
  box.append(text, button);
  after.after(box);
  let active = true;
  const dismiss = () => {
    if (!active) return;
    active = false;
    const hadFocus = box.contains(document.activeElement);
    box.remove();
    // The focused button is going away: keep keyboard users where they were.
    if (hadFocus) focusAfterUndo.focus();
  };
  button.addEventListener('click', () => {
    dismiss();
    undo();
  });
  return { dismiss };
}
