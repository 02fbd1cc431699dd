/**
 * npm run fonts — the site's three typefaces, self-hosted and cut down to what the book uses.
 *
 * Source files come from the Fontsource packages (Source Serif 4 for text, Source Sans 3 for the
 * interface and headings, Source Code Pro for code). Each face is subset with HarfBuzz to the
 * characters below and, for the variable fonts, to the weights the CSS uses (400–700), which
 * drops about a third of the serif's bytes. The output is committed (src/assets/fonts/*.woff2 and
 * src/styles/fonts.css), so a build needs nothing but Vite; rerun this after changing a set.
 *
 * Each @font-face gets a unicode-range read back from the subset font itself, so a character the
 * face lacks never triggers a download: it goes straight to the next font in the stack (see
 * --font-body in global.css). Greek lives in its own files, fetched only by pages that use it.
 * Formulas are drawn by KaTeX with its own fonts.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { Blob, Face } from 'harfbuzzjs';
import subsetFont from 'subset-font';

const require = createRequire(import.meta.url);
const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const OUT_DIR = path.join(root, 'src/assets/fonts');
const CSS_FILE = path.join(root, 'src/styles/fonts.css');

/** Code points as [first, last] ranges. */
const range = (/** @type {number} */ first, last = first) => [first, last];

/**
 * Latin text: ASCII, Latin-1 (accented names, ×, ·, ½, °), the typographic punctuation of
 * English prose, and the few symbols the chapters write outside formulas.
 */
export const LATIN = [
  range(0x20, 0x7e),
  range(0xa0, 0xff),
  range(0x131),
  range(0x152, 0x153),
  range(0x2c6),
  range(0x2dc),
  range(0x2009, 0x200a), // thin and hair spaces
  range(0x2010, 0x2014), // hyphens and dashes
  range(0x2018, 0x201e), // quotation marks
  range(0x2020, 0x2022), // daggers, bullet
  range(0x2026), // ellipsis
  range(0x2030),
  range(0x2032, 0x2033), // prime, double prime
  range(0x2039, 0x203a),
  range(0x2044),
  range(0x20ac),
  range(0x2122),
  range(0x2190, 0x2193), // arrows (only those the font has are kept)
  range(0x2212), // minus
  range(0x2215),
];

/** Greek letters as prose uses them (η for a learning rate, σ for a nonlinearity). */
export const GREEK = [range(0x391, 0x3a1), range(0x3a3, 0x3a9), range(0x3b1, 0x3c9), range(0x3d1), range(0x3d5), range(0x3f5)];

const fontsource = (/** @type {string} */ pkg, /** @type {string} */ file) =>
  path.join(path.dirname(require.resolve(`${pkg}/package.json`)), 'files', file);
const serif = '@fontsource-variable/source-serif-4';
const sans = '@fontsource-variable/source-sans-3';
const mono = '@fontsource/source-code-pro';
const WEIGHTS = { wght: { min: 400, max: 700 } };

/** One output file per entry: family, style, weight range, source subset file, characters. */
export const FACES = [
  {
    family: 'Source Serif 4',
    style: 'normal',
    weight: '400 700',
    slug: 'serif-latin',
    src: fontsource(serif, 'source-serif-4-latin-wght-normal.woff2'),
    chars: LATIN,
    axes: WEIGHTS,
  },
  {
    family: 'Source Serif 4',
    style: 'italic',
    weight: '400 700',
    slug: 'serif-latin-italic',
    src: fontsource(serif, 'source-serif-4-latin-wght-italic.woff2'),
    chars: LATIN,
    axes: WEIGHTS,
  },
  {
    family: 'Source Serif 4',
    style: 'normal',
    weight: '400 700',
    slug: 'serif-greek',
    src: fontsource(serif, 'source-serif-4-greek-wght-normal.woff2'),
    chars: GREEK,
    axes: WEIGHTS,
  },
  {
    family: 'Source Serif 4',
    style: 'italic',
    weight: '400 700',
    slug: 'serif-greek-italic',
    src: fontsource(serif, 'source-serif-4-greek-wght-italic.woff2'),
    chars: GREEK,
    axes: WEIGHTS,
  },
  {
    family: 'Source Sans 3',
    style: 'normal',
    weight: '400 700',
    slug: 'sans-latin',
    src: fontsource(sans, 'source-sans-3-latin-wght-normal.woff2'),
    chars: LATIN,
    axes: WEIGHTS,
  },
  {
    family: 'Source Sans 3',
    style: 'normal',
    weight: '400 700',
    slug: 'sans-greek',
    src: fontsource(sans, 'source-sans-3-greek-wght-normal.woff2'),
    chars: GREEK,
    axes: WEIGHTS,
  },
  {
    family: 'Source Code Pro',
    style: 'normal',
    weight: '400',
    slug: 'mono-latin',
    src: fontsource(mono, 'source-code-pro-latin-400-normal.woff2'),
    chars: LATIN,
  },
  {
    family: 'Source Code Pro',
    style: 'normal',
    weight: '400',
    slug: 'mono-greek',
    src: fontsource(mono, 'source-code-pro-greek-400-normal.woff2'),
    chars: GREEK,
  },
];

const text = (/** @type {number[][]} */ ranges) =>
  ranges.flatMap(([a = 0, b = a]) => Array.from({ length: b - a + 1 }, (_, i) => String.fromCodePoint(a + i))).join('');

/**
 * `U+20-7E,U+A0-FF,…` from a sorted list of code points.
 * @param {number[]} points
 */
export function unicodeRange(points) {
  const parts = [];
  const hex = (/** @type {number} */ n) => n.toString(16).toUpperCase();
  let first = points[0];
  let last = first;
  for (const p of [...points.slice(1), undefined]) {
    if (p !== undefined && last !== undefined && p === last + 1) {
      last = p;
      continue;
    }
    if (first !== undefined && last !== undefined) parts.push(first === last ? `U+${hex(first)}` : `U+${hex(first)}-${hex(last)}`);
    first = last = p;
  }
  return parts.join(',');
}

/** @param {Uint8Array} sfnt */
function codePointsOf(sfnt) {
  const face = new Face(new Blob(sfnt));
  return [...face.collectUnicodes()].sort((a, b) => a - b);
}

async function main() {
  mkdirSync(OUT_DIR, { recursive: true });
  const rules = [];
  const report = [];
  for (const f of FACES) {
    const input = readFileSync(f.src);
    const options = { variationAxes: f.axes };
    const sfnt = await subsetFont(input, text(f.chars), { ...options, targetFormat: 'sfnt' });
    const woff2 = await subsetFont(input, text(f.chars), { ...options, targetFormat: 'woff2' });
    const file = `${f.slug}.woff2`;
    writeFileSync(path.join(OUT_DIR, file), woff2);
    const points = codePointsOf(sfnt);
    rules.push(
      [
        '@font-face {',
        `  font-family: "${f.family}";`,
        `  font-style: ${f.style};`,
        `  font-weight: ${f.weight};`,
        '  font-display: swap;',
        `  src: url("../assets/fonts/${file}") format("woff2");`,
        `  unicode-range: ${unicodeRange(points)};`,
        '}',
      ].join('\n'),
    );
    report.push({ file, 'source KB': (input.length / 1024).toFixed(1), 'subset KB': (woff2.length / 1024).toFixed(1), glyphs: points.length });
  }
  const header = `/* Generated by scripts/build-fonts.mjs (npm run fonts): do not edit. Subsets of Source Serif 4, Source Sans 3 and
   Source Code Pro (SIL Open Font License 1.1) from the Fontsource packages, self-hosted. */\n`;
  writeFileSync(CSS_FILE, `${header}${rules.join('\n')}\n`);
  console.table(report);
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
