/**
 * Public addresses of models the playground may load from the web. A plain module with no
 * imports, so the page (which fetches on the worker's behalf) can check its allow-list without
 * pulling in TF.js.
 */

/** Tiny Darknet, converted from Keras by ml5 (MIT), served by jsDelivr's GitHub mirror (CORS). */
export const TINY_DARKNET_URL = 'https://cdn.jsdelivr.net/gh/ml5js/ml5-data-and-models@master/models/darknetclassifier/darknettiny/model.json';

/** The folder of model.json: its weight shards (group1-shard1of1 … group31-shard1of1) live here. */
export const TINY_DARKNET_DIR = TINY_DARKNET_URL.slice(0, TINY_DARKNET_URL.lastIndexOf('/') + 1);

/**
 * The 1000 class names of Tiny Darknet, in the model's output order (Darknet order, which is NOT
 * the usual Keras/TF ImageNet order: index 0 is "kit fox", not "tench").
 *
 * Evidence: the model repository (ml5js/ml5-data-and-models, models/darknetclassifier/) holds only
 * model.json and weight shards, no label file. The library that publishes this exact model URL,
 * ml5js/ml5-library, `src/ImageClassifier/darknet.js`, loads DARKNET_TINY_URL (the URL above) and
 * labels its softmax with `src/utils/IMAGENET_CLASSES_DARKNET.js`: an ES module `export default
 * ["kit fox", "English setter", "Siberian husky", …, "carbonara", "dumbbell", ]` (1000 strings; the
 * file has a single version in the repository's history, commit 193f9a5a…). It matches the
 * classes.json shipped with our local test copy entry for entry where checked (first/last entries,
 * the duplicate names "crane" at 428/544 and "maillot" at 781/976, "yellow lady's slipper" at 357).
 * It is a JS module, not JSON (note the trailing comma), so `parseClassNames` accepts both forms.
 * Pinned to that commit so the CDN serves an immutable file.
 */
export const TINY_DARKNET_CLASSES_URL =
  'https://cdn.jsdelivr.net/gh/ml5js/ml5-library@193f9a5a5c04b6c6bbabbdb153132615802fab23/src/utils/IMAGENET_CLASSES_DARKNET.js';

/**
 * The remote URLs the page may fetch on the worker's behalf (`sink().fetchAsset`): exact URLs,
 * and folder prefixes (ending in '/') under which any file may be fetched. See `isAllowedRemoteUrl`.
 */
export const REMOTE_MODEL_URLS: readonly string[] = [TINY_DARKNET_URL, TINY_DARKNET_DIR, TINY_DARKNET_CLASSES_URL];

/** Whether a URL is on the allow-list: equal to an entry, or inside an entry that ends in '/'. */
export function isAllowedRemoteUrl(url: string, allowList: readonly string[] = REMOTE_MODEL_URLS): boolean {
  let href: string;
  try {
    const u = new URL(url);
    if (u.protocol !== 'https:' || u.username || u.password) return false;
    href = u.href;
  } catch {
    return false;
  }
  // Reject dot segments even in encoded form, so a prefix cannot be escaped.
  if (/%2e|%2f|%5c/i.test(href.replace(/^https:\/\/[^/]+/, ''))) return false;
  return allowList.some((entry) => (entry.endsWith('/') ? href.startsWith(entry) && !href.includes('?') : href === entry));
}
