import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { findTerm, glossary } from '../../src/data/glossary.ts';

const docs = path.resolve(__dirname, '../../docs');
const chapters = readdirSync(docs)
  .filter((f) => f.endsWith('.mdx'))
  .map((f) => ({ file: f, text: readFileSync(path.join(docs, f), 'utf8') }));

describe('glossary data', () => {
  it('has unique anchor ids made of lowercase words', () => {
    const ids = glossary.map((e) => e.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
  });

  it('defines each term in one sentence and names a question from 1 to 12', () => {
    for (const e of glossary) {
      expect(e.definition, e.id).toMatch(/^[A-Z].*\.$/);
      // One sentence: no full stop followed by a capital inside it.
      expect(e.definition, e.id).not.toMatch(/\.\s+[A-Z]/);
      expect(e.question, e.id).toBeGreaterThanOrEqual(1);
      expect(e.question, e.id).toBeLessThanOrEqual(12);
    }
  });

  it('keeps each entry in the file of its question', () => {
    const dir = path.resolve(__dirname, '../../src/data/glossary');
    for (const file of readdirSync(dir)) {
      const n = Number(/^q(\d\d)\.ts$/.exec(file)?.[1]);
      const ids = [...readFileSync(path.join(dir, file), 'utf8').matchAll(/id: '([^']+)'/g)].map((m) => m[1]!);
      for (const id of ids) expect(findTerm(id)?.question, `${id} in ${file}`).toBe(n);
    }
  });

  it('every <Term id> in a chapter names an entry, and each is marked at most once per chapter', () => {
    for (const { file, text } of chapters) {
      const ids = [...text.matchAll(/<Term id="([^"]+)"/g)].map((m) => m[1]!);
      for (const id of ids) expect(findTerm(id), `${file}: <Term id="${id}">`).toBeDefined();
      expect(new Set(ids).size, `${file}: a term marked twice`).toBe(ids.length);
    }
  });
});
