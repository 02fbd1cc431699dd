/**
 * Where a share link made on another page of this site should open: that page, when it is a
 * chapter of this site that the server still has. Anything else (the playground page itself, a
 * path outside the site, a page since removed, no network) opens the link where it is.
 */
import { withBase } from '../../playground/shared/site.ts';

export async function chapterForLink(page: string | undefined): Promise<string | null> {
  if (!page || page === location.pathname || !page.startsWith(withBase('questions/'))) return null;
  try {
    const response = await fetch(page, { method: 'HEAD', credentials: 'same-origin' });
    return response.ok ? page : null;
  } catch {
    return null;
  }
}
