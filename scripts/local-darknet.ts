/**
 * The local copy of Tiny Darknet, in one place for every Node test, browser test and benchmark:
 * where it lives (../shared/models/darknet-tiny next to the repository, never committed; or
 * $TINY_DARKNET_DIR), whether it is there, how its public URLs map to its files, and how to load it.
 *
 * Without the copy, tests that need it skip with the reason, unless REQUIRE_TINY_DARKNET=1 (set by
 * .ci/run): then they fail, so CI cannot pass without having run them.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Route } from '@playwright/test';
import type { LoadedModel } from '../playground/runtime/models.ts';
import type { InputFile } from '../playground/shared/messages.ts';
import { TINY_DARKNET_CLASSES_URL, TINY_DARKNET_DIR } from '../playground/shared/remote-models.ts';

/** The folder of the local copy: model.json, its 31 weight shards and classes.json. */
export const LOCAL_TINY_DARKNET = process.env.TINY_DARKNET_DIR ?? fileURLToPath(new URL('../../shared/models/darknet-tiny/', import.meta.url));

export const hasTinyDarknet = existsSync(path.join(LOCAL_TINY_DARKNET, 'model.json'));

let warned = false;

/**
 * Why tests that need the copy cannot run here (printed once, so a skip always says why), or null
 * when they can. Throws instead when REQUIRE_TINY_DARKNET=1 (CI).
 */
export function tinyDarknetMissing(): string | null {
  if (hasTinyDarknet) return null;
  const reason = `no local copy of Tiny Darknet in ${LOCAL_TINY_DARKNET}`;
  if (process.env.REQUIRE_TINY_DARKNET === '1') throw new Error(`REQUIRE_TINY_DARKNET=1, but there is ${reason}.`);
  if (!warned) console.warn(`Skipping the tests that need Tiny Darknet: ${reason}.`);
  warned = true;
  return reason;
}

function toArrayBuffer(buf: Buffer): ArrayBuffer {
  return buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength) as ArrayBuffer;
}

/** The local file that stands for one of Tiny Darknet's public URLs, or null for any other URL. */
export function localTinyDarknetFile(url: string): string | null {
  if (url === TINY_DARKNET_CLASSES_URL) return path.join(LOCAL_TINY_DARKNET, 'classes.json');
  if (!url.startsWith(TINY_DARKNET_DIR)) return null;
  return path.join(LOCAL_TINY_DARKNET, path.basename(url.slice(TINY_DARKNET_DIR.length).split('?')[0] ?? ''));
}

/** The bytes behind a public Tiny Darknet URL, read from the local copy (Node sinks); null for other URLs. */
export function readTinyDarknetUrl(url: string): ArrayBuffer | null {
  const file = localTinyDarknetFile(url);
  return file === null ? null : toArrayBuffer(readFileSync(file));
}

/** Answer a browser request for a public Tiny Darknet URL from the local copy; false for other URLs. */
export async function fulfilTinyDarknet(route: Route): Promise<boolean> {
  const file = localTinyDarknetFile(route.request().url());
  if (file === null) return false;
  if (!existsSync(file)) {
    await route.fulfill({ status: 404, body: 'not in the local copy' });
    return true;
  }
  await route.fulfill({
    status: 200,
    body: readFileSync(file),
    headers: { 'access-control-allow-origin': '*', 'content-type': file.endsWith('.json') ? 'application/json' : 'application/octet-stream' },
  });
  return true;
}

/** Every file of the local copy, as a reader would choose them from disk. */
export function tinyDarknetFiles(): InputFile[] {
  return readdirSync(LOCAL_TINY_DARKNET).map((name) => ({ name, bytes: toArrayBuffer(readFileSync(path.join(LOCAL_TINY_DARKNET, name))) }));
}

/**
 * The local copy loaded as the playground loads a reader's model (models.fromFiles). For inputs of
 * any size, use `.withInputSize(null, null)`; `dispose()` frees both.
 */
export async function loadLocalTinyDarknet(): Promise<LoadedModel> {
  // Imported here, so that browser tests can use the rest of this module without loading TF.js.
  const { fromFiles } = await import('../playground/runtime/models.ts');
  return fromFiles(tinyDarknetFiles());
}
