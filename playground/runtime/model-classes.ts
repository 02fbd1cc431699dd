/** Class names of a model, from the files that usually carry them. Part of the models API (see models.ts). */
import { ModelLoadError } from './model-files.ts';

/**
 * Class names from a JSON array (`["a", "b"]`), a JSON object with a `classes`/`labels` list, an
 * index-keyed object (`{"0": "a"}`), a JS module `export default ["a", "b", ]`, or plain text with
 * one name per line.
 */
export function parseClassNames(text: string): string[] {
  const trimmed = text.replace(/^\uFEFF/, '').trim();
  const fromValue = (v: unknown): string[] | null => {
    if (Array.isArray(v) && v.every((s) => typeof s === 'string')) return v as string[];
    if (v && typeof v === 'object') {
      const o = v as Record<string, unknown>;
      for (const key of ['classes', 'labels', 'classNames']) {
        const list = fromValue(o[key]);
        if (list) return list;
      }
      const keys = Object.keys(o);
      if (keys.length > 0 && keys.every((k) => /^\d+$/.test(k) && typeof o[k] === 'string')) {
        return keys.sort((a, b) => Number(a) - Number(b)).map((k) => o[k] as string);
      }
    }
    return null;
  };
  try {
    const list = fromValue(JSON.parse(trimmed));
    if (list) return list;
  } catch {
    // not JSON: a JS module or a text list
  }
  const start = trimmed.indexOf('[');
  const end = trimmed.lastIndexOf(']');
  if (/export\s+default|module\.exports|^\s*\[/m.test(trimmed) && start >= 0 && end > start) {
    const body = trimmed.slice(start + 1, end);
    const names: string[] = [];
    const literal = /"((?:[^"\\]|\\.)*)"|'((?:[^'\\]|\\.)*)'/g;
    const escapes: Record<string, string> = { n: '\n', t: '\t', r: '\r' };
    for (let m = literal.exec(body); m; m = literal.exec(body)) {
      names.push((m[1] ?? m[2]!).replace(/\\(.)/g, (_e, c: string) => escapes[c] ?? c));
    }
    if (names.length > 0) return names;
  }
  const lines = trimmed
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean);
  if (lines.length > 0 && !/[{}[\]]/.test(trimmed)) return lines;
  throw new ModelLoadError('Could not read class names: expected a JSON list of strings or one name per line.');
}
