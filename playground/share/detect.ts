/**
 * Whether a fragment claims to be a share link, in a module of its own: chapter pages check every
 * address with it before any playground code loads, so it must not pull in the codec (which
 * re-exports it; see codec.ts for the format).
 */

/**
 * Cheap check that a fragment claims to be a share link (any version), so a page can leave
 * ordinary `#heading` anchors alone instead of reporting them as broken links.
 */
export function looksLikeShare(fragment: string): boolean {
  return typeof fragment === 'string' && /^#?v\d+\./.test(fragment.trim());
}
