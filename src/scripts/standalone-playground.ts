/** The standalone page mounts its playgrounds directly (no lazy wait), at most once each. */
import type { MountOptions, MountedPlayground } from '../../playground/island/mount.ts';

const mounted = new WeakMap<HTMLElement, Promise<MountedPlayground>>();

export function activateStandalone(root: HTMLElement, options: MountOptions = {}): Promise<MountedPlayground> {
  let island = mounted.get(root);
  if (!island) {
    island = import('../../playground/island/mount.ts').then((m) => m.mountPlayground(root, options));
    mounted.set(root, island);
  } else if (options.sharedCode !== undefined) {
    void island.then((p) => p.setCode(options.sharedCode!, true, options.sharedParams, options.sharedBackend));
  }
  return island;
}
