/**
 * Wraps every table of a chapter in a box that scrolls sideways when the table is wider than the
 * page (the page itself never does), with a shadow cue at the cut edge (.table-scroll in
 * global.css). A scrollable region must be reachable by keyboard (WCAG 2.1.1), so the box is
 * focusable and named.
 */

/** @typedef {{ type: string; tagName?: string; properties?: Record<string, unknown>; children?: HastNode[] }} HastNode */

export default function rehypeScrollTables() {
  return (/** @type {HastNode} */ tree) => {
    let count = 0;
    /** @param {HastNode} node */
    const visit = (node) => {
      if (!Array.isArray(node.children)) return;
      node.children = node.children.map((/** @type {HastNode} */ child) => {
        if (child.type === 'element' && child.tagName === 'table') {
          count += 1;
          return {
            type: 'element',
            tagName: 'div',
            properties: {
              className: ['table-scroll'],
              tabIndex: 0,
              role: 'region',
              ariaLabel: `Table ${count} (scrolls sideways when wider than the page)`,
            },
            children: [child],
          };
        }
        visit(child);
        return child;
      });
    };
    visit(tree);
  };
}
