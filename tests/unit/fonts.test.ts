import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(__dirname, '../..');
const css = readFileSync(path.join(root, 'src/styles/fonts.css'), 'utf8');
const faces = [...css.matchAll(/@font-face\s*{([^}]*)}/g)].map((m) => {
  const body = m[1]!;
  const get = (prop: string) => new RegExp(`${prop}:\\s*([^;]+);`).exec(body)?.[1]?.trim() ?? '';
  return { family: get('font-family').replace(/"/g, ''), display: get('font-display'), src: get('src'), range: get('unicode-range') };
});

/** Code points covered by a unicode-range value. */
function covers(range: string, cp: number): boolean {
  return range.split(',').some((part) => {
    const [a, b] = part.trim().replace(/^U\+/i, '').split('-');
    const lo = Number.parseInt(a!, 16);
    const hi = b ? Number.parseInt(b, 16) : lo;
    return cp >= lo && cp <= hi;
  });
}

/**
 * Characters a chapter may use that our subsets leave to the reader's fonts on purpose: symbol
 * blocks that text faces rarely carry well (arrows, mathematical operators, technical and
 * geometric symbols). Anything else outside the subsets means scripts/build-fonts.mjs needs it.
 */
const FALLBACK_BLOCKS: Array<[number, number]> = [
  [0x0370, 0x03ff], // Greek letters not in the Greek subset
  [0x2070, 0x209f], // superscript and subscript digits (10⁻⁴, x₁): absent from the Fontsource Latin files
  [0x2100, 0x214f], // letterlike symbols
  [0x2190, 0x21ff], // arrows
  [0x2200, 0x22ff], // mathematical operators
  [0x2300, 0x23ff], // miscellaneous technical (⌊ ⌋ ⌘)
  [0x25a0, 0x25ff], // geometric shapes
  [0x2600, 0x26ff], // miscellaneous symbols
];

/** Prose of a chapter: frontmatter values and text, without formulas, code and component tags. */
function prose(mdx: string): string {
  return mdx
    .replace(/^import .*$/gm, '')
    .replace(/\$\$[\s\S]*?\$\$/g, '')
    .replace(/\$[^$\n]+\$/g, '')
    .replace(/```[\s\S]*?```/g, '')
    .replace(/`[^`\n]*`/g, '')
    .replace(/<[^>]+>/g, '');
}

describe('self-hosted fonts', () => {
  it('declare font-display: swap and point at committed files', () => {
    expect(faces.length).toBeGreaterThanOrEqual(6);
    for (const f of faces) {
      expect(f.display, f.src).toBe('swap');
      const file = /url\("\.\.\/assets\/fonts\/([^"]+)"\)/.exec(f.src)?.[1];
      expect(file, f.src).toBeDefined();
      expect(existsSync(path.join(root, 'src/assets/fonts', file!)), file).toBe(true);
      expect(f.range, f.src).toMatch(/^U\+/);
    }
  });

  it('give the text, interface and code faces a Latin file each', () => {
    for (const family of ['Source Serif 4', 'Source Sans 3', 'Source Code Pro']) {
      expect(
        faces.some((f) => f.family === family && covers(f.range, 0x61)),
        family,
      ).toBe(true);
    }
  });

  it('cover every character of the chapters’ prose, or leave it to a symbol block that falls back', () => {
    const serif = faces.filter((f) => f.family === 'Source Serif 4');
    const missing = new Set<string>();
    for (const file of readdirSync(path.join(root, 'docs')).filter((f) => f.endsWith('.mdx'))) {
      for (const ch of prose(readFileSync(path.join(root, 'docs', file), 'utf8'))) {
        const cp = ch.codePointAt(0)!;
        if (cp < 0x20) continue;
        if (serif.some((f) => covers(f.range, cp))) continue;
        if (FALLBACK_BLOCKS.some(([a, b]) => cp >= a && cp <= b)) continue;
        missing.add(`${ch} U+${cp.toString(16).toUpperCase()} (${file})`);
      }
    }
    expect([...missing], 'add these to LATIN or GREEK in scripts/build-fonts.mjs and run npm run fonts').toEqual([]);
  });
});
