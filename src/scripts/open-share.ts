/**
 * Opens a share link on a chapter page: the playground it came from is scrolled into view and
 * shows the link's code and settings with the "came from a link" banner; nothing runs until the
 * reader presses Run. A link for a playground this page does not have goes to the playground page
 * (without its page field, so it cannot be sent back); a damaged link is reported at the top.
 */
import type { MountedPlayground, MountOptions } from '../../playground/island/mount.ts';
import { decodeShare, encodeShare, fragmentFromUrl } from '../../playground/share/codec.ts';
import { withBase } from '../../playground/shared/site.ts';

type Activate = (root: HTMLElement, options: MountOptions) => Promise<MountedPlayground>;

function reportBadLink(message: string): void {
  let notice = document.querySelector<HTMLElement>('[data-link-error]');
  if (!notice) {
    notice = document.createElement('p');
    notice.className = 'pg-notice pg-notice-error link-error';
    notice.dataset.linkError = '';
    notice.setAttribute('role', 'alert');
    const main = document.querySelector('main');
    (main?.querySelector('article') ?? main)?.prepend(notice);
  }
  notice.textContent = `${message} The chapter is shown as written.`;
}

const reduceMotion = () => matchMedia('(prefers-reduced-motion: reduce)').matches;

export async function openSharedLink(activate: Activate): Promise<void> {
  const result = await decodeShare(fragmentFromUrl(location.href));
  if (!result.ok) {
    reportBadLink(result.message);
    return;
  }
  const { state } = result;
  const root = document.querySelector<HTMLElement>(`[data-playground][data-example="${CSS.escape(state.example)}"]`);
  if (!root) {
    const { page: _page, ...elsewhere } = state;
    location.replace(`${withBase('playground/')}#${await encodeShare(elsewhere)}`);
    return;
  }
  const show = () => root.scrollIntoView({ block: 'start', behavior: reduceMotion() ? 'auto' : 'smooth' });
  const island = activate(root, { sharedCode: state.code, sharedBackend: state.backend, sharedParams: state.params });
  show();
  // Resolve now (other playgrounds may mount); finish when the editor is up. The editor changed
  // the playground's height, so look again, and take keyboard and screen-reader users to the
  // banner that says the code has not run.
  void island.then(
    () => {
      show();
      const banner = root.querySelector<HTMLElement>('[data-banner]');
      if (banner && !banner.hidden) {
        banner.tabIndex = -1;
        banner.focus({ preventScroll: true });
      }
    },
    () => undefined,
  ); // a failed mount is reported in the playground's status line
}
