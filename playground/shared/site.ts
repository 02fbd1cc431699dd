/**
 * The site's base URL, in one place: every page-side path to a site file goes through withBase().
 * (Vite replaces import.meta.env.BASE_URL at build time; Node tests see '/'.)
 */
const BASE = ((import.meta as { env?: { BASE_URL?: string } }).env?.BASE_URL ?? '/').replace(/\/?$/, '/');

/** `withBase('playground/')` → `/playground/` (or `/sub/playground/` when the site lives under /sub/). */
export function withBase(path: string): string {
  return BASE + path.replace(/^\/+/, '');
}

/** A file of the playground runtime built into public/runtime/. */
export function runtimeUrl(file: string): string {
  return withBase(`runtime/${file}`);
}

export const SITE_BASE = BASE;
