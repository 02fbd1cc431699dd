/** The Share button's result: copy the link to the clipboard, or show it to copy by hand. */
import { encodeShare, type SharedPlayground, ShareError } from '../share/codec.ts';
import { withBase } from '../shared/site.ts';

/** Make the link for `state` and show it under `status`; returns a line for the status area. */
export async function shareLink(root: HTMLElement, status: HTMLElement, state: SharedPlayground): Promise<string> {
  let fragment: string;
  try {
    fragment = await encodeShare(state);
  } catch (error) {
    throw new Error(error instanceof ShareError ? error.message : `Could not make a link: ${String(error)}`);
  }
  // The link opens where it was made (a chapter, or the playground page); `page` travels inside
  // the fragment too, so the playground page can forward a link to its chapter.
  const url = `${location.origin}${state.page ?? withBase('playground/')}#${fragment}`;
  let copied = false;
  try {
    await navigator.clipboard.writeText(url);
    copied = true;
  } catch {
    /* clipboard blocked: show the link to copy by hand */
  }
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
  if (!copied) field.select();
  return copied ? 'Share link copied.' : 'Share link ready to copy.';
}
