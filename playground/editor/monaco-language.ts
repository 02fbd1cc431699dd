/**
 * The editor features that only mean something once the TypeScript service runs: completion
 * lists, hovers with types and error messages, parameter hints, jumping between errors. Loaded
 * with the service (monaco.ts), not before a first run: hovers alone are 50 KB gzip.
 */
import 'monaco-editor/editor/contrib/gotoError/browser/gotoError';
import 'monaco-editor/editor/contrib/hover/browser/hoverContribution';
import 'monaco-editor/editor/contrib/parameterHints/browser/parameterHints';
import 'monaco-editor/editor/contrib/snippet/browser/snippetController2';
import 'monaco-editor/editor/contrib/suggest/browser/suggestController';
