/**
 * KaTeX writes each formula three times: MathML for screen readers (with the TeX source in an
 * <annotation>) and HTML for the eye. The search index should read it once, so the visual HTML and
 * the TeX annotation are marked data-pagefind-ignore and only the MathML text is indexed: "s = 1",
 * not "s=1s = 1s=1". What readers and screen readers get is unchanged.
 */
const hasClass = (node, name) => Array.isArray(node.properties?.className) && node.properties.className.includes(name);

export default function rehypeMathIndexOnce() {
  const visit = (node) => {
    if (node.type === 'element' && (hasClass(node, 'katex-html') || node.tagName === 'annotation')) {
      node.properties.dataPagefindIgnore = '';
      return;
    }
    for (const child of node.children ?? []) visit(child);
  };
  return (tree) => visit(tree);
}
