/**
 * Display formulas scroll sideways when wider than the column; a scrollable region must be
 * reachable by keyboard (WCAG 2.1.1), so each `.katex-display` gets tabindex="0" and a label.
 */
/** @typedef {{ type: string; properties?: Record<string, unknown> & { className?: unknown }; children?: HastNode[] }} HastNode */

export default function rehypeFocusableMath() {
  /** @param {HastNode} node */
  const visit = (node) => {
    if (
      node.type === 'element' &&
      node.properties &&
      Array.isArray(node.properties.className) &&
      node.properties.className.includes('katex-display')
    ) {
      node.properties.tabIndex = 0;
      node.properties.role = 'group';
      node.properties.ariaLabel = 'Formula (scrolls sideways if wider than the page)';
    }
    for (const child of node.children ?? []) visit(child);
  };
  return (/** @type {HastNode} */ tree) => visit(tree);
}
