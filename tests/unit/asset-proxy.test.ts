/**
 * The page's asset proxy for the sandboxed worker (playground/runner/assets.ts): what it agrees to
 * fetch on the worker's behalf. Site data and models under the site's base, and allow-listed
 * public model URLs; nothing else, however the path is dressed up.
 */
import { describe, expect, it } from 'vitest';
import { resolveAssetUrl } from '../../playground/runner/assets.ts';
import { TINY_DARKNET_CLASSES_URL, TINY_DARKNET_DIR, TINY_DARKNET_URL } from '../../playground/shared/remote-models.ts';

describe('resolveAssetUrl', () => {
  it('serves the site’s data and models under the site’s base', () => {
    expect(resolveAssetUrl('data/mnist/meta.json', '/')).toBe('/data/mnist/meta.json');
    expect(resolveAssetUrl('/models/book-cnn/weights.bin', '/')).toBe('/models/book-cnn/weights.bin');
    expect(resolveAssetUrl('models/book-cnn/model.json', '/sub/')).toBe('/sub/models/book-cnn/model.json');
  });

  it('serves the allow-listed public model, its weight shards and its class names', () => {
    expect(resolveAssetUrl(TINY_DARKNET_URL, '/')).toBe(TINY_DARKNET_URL);
    expect(resolveAssetUrl(`${TINY_DARKNET_DIR}group3-shard1of1`, '/')).toBe(`${TINY_DARKNET_DIR}group3-shard1of1`);
    expect(resolveAssetUrl(TINY_DARKNET_CLASSES_URL, '/')).toBe(TINY_DARKNET_CLASSES_URL);
  });

  it.each([
    ['a parent-folder step', 'data/../runtime/worker.js'],
    ['a parent-folder step at the end', 'models/..'],
    ['a parent-folder step after a leading slash', '/data/mnist/../../index.html'],
    ['another site folder', 'runtime/worker.js'],
    ['the site root', 'index.html'],
    ['a query string', 'data/mnist/meta.json?x=1'],
    ['an encoded dot', 'data/%2e%2e/secret'],
    ['a backslash', 'data\\..\\secret'],
    ['an empty path', ''],
    ['a folder alone', 'data/'],
    ['plain http', 'http://cdn.jsdelivr.net/gh/ml5js/ml5-data-and-models@master/models/darknetclassifier/darknettiny/model.json'],
    ['another https host', 'https://example.com/model.json'],
    ['a sibling of the allowed folder', `${TINY_DARKNET_DIR}../darknetreference/model.json`],
    ['an encoded step out of the allowed folder', `${TINY_DARKNET_DIR}%2e%2e/darknetreference/model.json`],
    ['credentials in the URL', TINY_DARKNET_URL.replace('https://', 'https://user:pw@')],
    ['a data: URL', 'data:text/plain,hello'],
    ['a protocol-relative URL', '//example.com/data/x.json'],
  ])('refuses %s', (_what, request) => {
    expect(resolveAssetUrl(request, '/')).toBeNull();
  });
});
