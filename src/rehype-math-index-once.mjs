/**
 * KaTeX writes each formula three times: MathML for screen readers (with the TeX source in an
 * <annotation>) and HTML for the eye. The search index should read it once, so the visual HTML and
 * the TeX annotation are marked data-pagefind-ignore and only the MathML text is indexed: "s = 1",
 * not "s=1s = 1s=1". What readers and screen readers get is unchanged.
 */

/** @typedef {{ type: string; tagName?: string; properties?: Record<string, unknown>; children?: HastNode[] }} HastNode */

/** @param {HastNode} node @param {string} name */
const hasClass = (node, name) => Array.isArray(node.properties?.className) && node.properties.className.includes(name);

export default function rehypeMathIndexOnce() {
  /** @param {HastNode} node */
  const visit = (node) => {
    if (node.type === 'element' && (hasClass(node, 'katex-html') || node.tagName === 'annotation')) {
      node.properties = { ...node.properties, dataPagefindIgnore: '' };
      return;
    }
    for (const child of node.children ?? []) visit(child);
  };
  return (/** @type {HastNode} */ tree) => visit(tree);
}
