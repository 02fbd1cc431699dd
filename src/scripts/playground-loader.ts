/**
 * The only playground code in a page's initial JavaScript: it watches for playgrounds nearing the
 * viewport (or a first click on their controls) and then loads the island, which brings the
 * editor; the runtime (TF.js) loads inside the sandbox on the first run.
 */
type Island = { run(): Promise<void>; stop(): void };
type Mounter = (root: HTMLElement) => Promise<Island>;

const mounted = new WeakMap<HTMLElement, Promise<Island>>();

let mounter: Promise<Mounter> | null = null;
function loadMounter(): Promise<Mounter> {
  mounter ??= import('../../playground/island/mount.ts').then((m) => m.mountPlayground);
  return mounter;
}

export function activate(root: HTMLElement): Promise<Island> {
  let island = mounted.get(root);
  if (!island) {
    root.setAttribute('aria-busy', 'true');
    island = loadMounter()
      .then((mount) => mount(root))
      .finally(() => root.removeAttribute('aria-busy'));
    mounted.set(root, island);
    island.catch((error: unknown) => {
      mounted.delete(root);
      const status = root.querySelector('[data-status]');
      if (status) status.textContent = `The playground could not start: ${error instanceof Error ? error.message : String(error)}`;
    });
  }
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
    if (root.hasAttribute('data-eager')) continue; // the standalone page mounts it itself
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
