/**
 * The TypeScript settings of the playground editor, as plain data (TypeScript's own enum numbers),
 * so that Monaco (monaco.ts) and the Node test that type-checks every example
 * (tests/unit/example-types.test.ts) use exactly the same ones.
 *
 * User code runs in a worker, but the libraries are ES2022 and the DOM: TF.js's declarations name
 * DOM types (HTMLImageElement, ImageData), and the DOM library declares everything a worker also
 * has (console, performance, setTimeout, fetch, OffscreenCanvas). Lib entries are file names, the
 * form both Monaco's worker and TypeScript's compiler resolve.
 */
export const EDITOR_COMPILER_OPTIONS = {
  target: 9, // ES2022
  module: 99, // ESNext
  moduleResolution: 2, // Node10: resolves the virtual node_modules/ of the typings
  strict: true,
  noEmit: true,
  allowNonTsExtensions: true,
  lib: ['lib.es2022.d.ts', 'lib.dom.d.ts', 'lib.dom.iterable.d.ts'],
  // Every snippet is a module, so top-level await type-checks.
  moduleDetection: 3, // Force
} as const;

/** A diagnostic message, which TypeScript may give as a chain of nested messages. */
export type MessageChain = string | { messageText: string; next?: MessageChain[] };

export function flattenMessage(message: MessageChain, indent = 0): string {
  if (typeof message === 'string') return message;
  const lines = [`${'  '.repeat(indent)}${message.messageText}`];
  for (const next of message.next ?? []) lines.push(flattenMessage(next, indent + 1));
  return lines.join('\n');
}
