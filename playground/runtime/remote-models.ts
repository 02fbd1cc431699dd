/**
 * Public addresses of models the playground may load from the web. A plain module with no
 * imports, so the page (which fetches on the worker's behalf) can check its allow-list without
 * pulling in TF.js.
 */
const TINY_DARKNET_DIR = 'https://cdn.jsdelivr.net/gh/ml5js/ml5-data-and-models@master/models/darknetclassifier/darknettiny/';

export const TINY_DARKNET_URL = `${TINY_DARKNET_DIR}model.json`;

/** Prefixes of every URL the page will fetch for the worker (model.json, weight shards, class names). */
export const REMOTE_MODEL_PREFIXES: readonly string[] = [TINY_DARKNET_DIR];
