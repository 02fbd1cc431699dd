/**
 * Fails the build when chapter prose names another chapter or question by number ("Chapter 7",
 * "question 11") outside the <Q n={…}> component, so every cross-reference either links to a
 * chapter that exists or says plainly that it is not written yet. Citations of a source's own
 * chapters belong inside links to the source list (`[Goodfellow et al., 2016, ch. 7](#src-…)`).
 */
const PATTERN = /\b(chapters?|questions?)\s+\d+/i;

/**
 * @typedef {{ type: string; name?: string; url?: unknown; value?: string; position?: { start?: { line?: number } }; children?: MdastNode[] }} MdastNode
 * @typedef {{ path?: string }} VFileLike
 */

/**
 * @param {MdastNode} node
 * @param {VFileLike} file
 * @param {boolean} inSourceLink
 */
function check(node, file, inSourceLink) {
  if (node.type === 'link' && typeof node.url === 'string' && node.url.startsWith('#src-')) inSourceLink = true;
  if (node.type === 'text' && !inSourceLink) {
    const m = PATTERN.exec(node.value ?? '');
    if (m) {
      const line = node.position?.start?.line ?? '?';
      throw new Error(
        `${file.path ?? 'a chapter'}:${line}: "${m[0]}" names a chapter by number. Write <Q n={${m[0].replace(/\D+/g, '')}} /> (or <Q n={…}>words</Q>) instead, so the reference links when that chapter exists.`,
      );
    }
  }
  if (node.type === 'mdxJsxFlowElement' || node.type === 'mdxJsxTextElement') {
    // The Q component's own words are fine; other components' children are checked.
    if (node.name === 'Q') return;
  }
  for (const child of node.children ?? []) check(child, file, inSourceLink);
}

export default function remarkQuestionRefs() {
  return (/** @type {MdastNode} */ tree, /** @type {VFileLike} */ file) => {
    if (!String(file.path ?? '').includes('/docs/')) return;
    check(tree, file, false);
  };
}
