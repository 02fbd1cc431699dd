/**
 * The only playground code in a page's initial JavaScript: it watches for playgrounds nearing the
 * viewport (or a first click on their controls) and then loads the island, which brings the
 * editor; the runtime (TF.js) loads inside the sandbox on the first run. A share link in the
 * address (now, or later through `hashchange`) loads the code that opens it.
 */
import type { MountedPlayground, MountOptions } from '../../playground/island/mount.ts';
import { looksLikeShare } from '../../playground/share/detect.ts';

type Mounter = (root: HTMLElement, options?: MountOptions) => Promise<MountedPlayground>;

const mounted = new WeakMap<HTMLElement, Promise<MountedPlayground>>();

let mounter: Promise<Mounter> | null = null;
function loadMounter(): Promise<Mounter> {
  mounter ??= import('../../playground/island/mount.ts').then((m) => m.mountPlayground);
  return mounter;
}

/**
 * Mount a playground once; with shared code, mount it showing that code, or show the code in the
 * playground already mounted. Shared code is never run here.
 */
export function activate(root: HTMLElement, options: MountOptions = {}): Promise<MountedPlayground> {
  let island = mounted.get(root);
  if (!island) {
    root.setAttribute('aria-busy', 'true');
    island = loadMounter()
      .then((mount) => mount(root, options))
      .finally(() => root.removeAttribute('aria-busy'));
    mounted.set(root, island);
    island.catch((error: unknown) => {
      mounted.delete(root);
      const status = root.querySelector('[data-status]');
      if (status) status.textContent = `The playground could not start: ${error instanceof Error ? error.message : String(error)}`;
    });
  } else if (options.sharedCode !== undefined) {
    const { sharedCode, sharedParams, sharedBackend } = options;
    island = island.then((p) => {
      p.setCode(sharedCode, true, sharedParams, sharedBackend);
      return p;
    });
  }
  return island;
}

/** Open the share link in the address, if there is one; resolves when it has been handled. */
function openLinkInAddress(): Promise<void> {
  if (!looksLikeShare(location.hash)) return Promise.resolve();
  return import('./open-share.ts').then((m) => m.openSharedLink(activate)).catch(() => undefined);
}

export function bootPlaygrounds(): void {
  const roots = [...document.querySelectorAll<HTMLElement>('[data-playground]:not([data-booted]):not([data-eager])')];
  // None on the standalone page: it mounts its playgrounds and opens links itself.
  if (!roots.length) return;
  // A link's playground must mount with the link's code, so lazy mounting waits for the link.
  const linkHandled = openLinkInAddress();
  addEventListener('hashchange', () => void openLinkInAddress());
  const observer =
    'IntersectionObserver' in window
      ? new IntersectionObserver(
          (entries) => {
            for (const e of entries) {
              if (!e.isIntersecting) continue;
              observer?.unobserve(e.target);
              void linkHandled.then(() => activate(e.target as HTMLElement)).catch(() => undefined);
            }
          },
          { rootMargin: '200px 0px' },
        )
      : null;
  for (const root of roots) {
    root.dataset.booted = '';
    observer?.observe(root);
    // A click before the island is live: load it, then do what was asked.
    root.addEventListener('click', (e) => {
      const action = (e.target as HTMLElement).closest<HTMLElement>('[data-action]')?.dataset.action;
      if (!action || root.dataset.live) return;
      e.preventDefault();
      void activate(root).then((island) => (action === 'run' ? island.run() : undefined));
    });
  }
}
