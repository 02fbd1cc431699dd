/**
 * The page fetches assets for the sandboxed worker, which has no same-origin network access of its
 * own. Only site data and models, and allow-listed public model URLs, are served.
 */
import { concatBytes } from '../shared/bytes.ts';
import { isAllowedRemoteUrl } from '../shared/remote-models.ts';

const SITE_ASSET = /^(data|models)\/[A-Za-z0-9._\-/]+$/;

/** The URL to fetch for a worker's request, or null when it is not allowed. `base` ends in '/' (SITE_BASE). */
export function resolveAssetUrl(pathOrUrl: string, base: string): string | null {
  if (/^https:\/\//.test(pathOrUrl)) {
    return isAllowedRemoteUrl(pathOrUrl) ? pathOrUrl : null;
  }
  const path = pathOrUrl.replace(/^\/+/, '');
  if (!SITE_ASSET.test(path) || path.split('/').includes('..')) return null;
  return `${base}${path}`;
}

/** Fetch with byte progress (when the server sends a length). */
export async function fetchWithProgress(url: string, onProgress: (loaded: number, total: number) => void): Promise<ArrayBuffer> {
  const response = await fetch(url, { credentials: 'omit' });
  if (!response.ok) throw new Error(`HTTP ${response.status} for ${url}`);
  const total = Number(response.headers.get('content-length') ?? 0);
  if (!response.body) return response.arrayBuffer();
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let loaded = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    loaded += value.byteLength;
    onProgress(loaded, total);
  }
  return concatBytes(chunks);
}
