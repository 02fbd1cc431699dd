/** Activation layers of Tiny Darknet, low to high, with the size of the patch one unit sees. */
export const DARKNET_LAYERS = [
  ['leaky_re_lu_2', 8],
  ['leaky_re_lu_4', 18],
  ['leaky_re_lu_6', 26],
  ['leaky_re_lu_8', 46],
  ['leaky_re_lu_10', 62],
  ['leaky_re_lu_12', 102],
  ['leaky_re_lu_14', 134],
].map(([name, field]) => ({ value: String(name), label: `${name} (sees ${field}×${field} px)` }));
