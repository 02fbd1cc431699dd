/**
 * The only playground code in a page's initial JavaScript, and the one way a page loads the island:
 * chapters call bootPlaygrounds(), which loads a playground when it nears the viewport (or on a
 * first click on its controls); the standalone page calls activate() itself, with the code and
 * settings of a share link. The editor comes with the island; the runtime (TF.js) loads inside the
 * sandbox on the first run.
 */
import type { MountedPlayground, MountOptions } from '../../playground/island/mount.ts';

type Mounter = (root: HTMLElement, options?: MountOptions) => Promise<MountedPlayground>;

const mounted = new WeakMap<HTMLElement, Promise<MountedPlayground>>();

let mounter: Promise<Mounter> | null = null;
function loadMounter(): Promise<Mounter> {
  mounter ??= import('../../playground/island/mount.ts').then((m) => m.mountPlayground);
  return mounter;
}

/**
 * Make `root` live, once. Code from a share link (options.sharedCode) is shown even when the
 * island is already live; it never runs until the reader presses Run.
 */
export function activate(root: HTMLElement, options: MountOptions = {}): Promise<MountedPlayground> {
  let island = mounted.get(root);
  if (island) {
    const code = options.sharedCode;
    if (code !== undefined) void island.then((p) => p.setCode(code, true, options.sharedParams));
    return island;
  }
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
  return island;
}

export function bootPlaygrounds(): void {
  const roots = [...document.querySelectorAll<HTMLElement>('[data-playground]:not([data-booted])')];
  if (!roots.length) return;
  const observer =
    'IntersectionObserver' in window
      ? new IntersectionObserver(
          (entries) => {
            for (const e of entries) {
              if (!e.isIntersecting) continue;
              observer?.unobserve(e.target);
              void activate(e.target as HTMLElement).catch(() => undefined);
            }
          },
          { rootMargin: '200px 0px' },
        )
      : null;
  for (const root of roots) {
    root.dataset.booted = '';
    if (root.hasAttribute('data-eager')) continue; // the standalone page activates it itself
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
