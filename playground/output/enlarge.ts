/** A large view of an output image in a modal dialog (Escape, the Close button or a click closes it). */
export function showEnlarged(source: HTMLCanvasElement, label: string): void {
  const dialog = document.createElement('dialog');
  dialog.className = 'pg-enlarged';
  dialog.setAttribute('aria-label', label);
  const canvas = document.createElement('canvas');
  canvas.width = source.width;
  canvas.height = source.height;
  canvas.getContext('2d')?.drawImage(source, 0, 0);
  canvas.setAttribute('role', 'img');
  canvas.setAttribute('aria-label', label);
  // As large as the window allows, keeping crisp pixels for small images.
  const fit = Math.max(1, Math.floor(Math.min((window.innerWidth * 0.9) / source.width, (window.innerHeight * 0.8) / source.height)));
  canvas.style.width = `${source.width * fit}px`;
  canvas.classList.add('pg-pixelated');
  const caption = document.createElement('p');
  caption.textContent = label;
  const close = document.createElement('button');
  close.type = 'button';
  close.textContent = 'Close';
  close.addEventListener('click', () => dialog.close());
  dialog.append(canvas, caption, close);
  dialog.addEventListener('click', (e) => {
    if (e.target === dialog) dialog.close();
  });
  // Back to where the reader was (the image's button) once the dialog closes.
  const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
  dialog.addEventListener('close', () => {
    dialog.remove();
    opener?.focus();
  });
  document.body.append(dialog);
  dialog.showModal();
  close.focus();
}
