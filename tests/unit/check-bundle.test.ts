/** scripts/check-bundle.mjs finds the island's chunks and the loaders in a build, and sizes them. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { playgroundBundles } from '../../scripts/check-bundle.mjs';

const dist = mkdtempSync(path.join(tmpdir(), 'check-bundle-'));
afterAll(() => rmSync(dist, { recursive: true, force: true }));

function build(files: Record<string, string>): void {
  rmSync(path.join(dist, '_astro'), { recursive: true, force: true });
  mkdirSync(path.join(dist, '_astro'), { recursive: true });
  for (const [name, code] of Object.entries(files)) writeFileSync(path.join(dist, '_astro', name), code);
}

describe('check-bundle', () => {
  it('sizes the island (mount and its static imports), its lazy parts and the loaders apart', () => {
    const leaked = 'x'.repeat(5000);
    build({
      // Vite puts its preload helper in the loader, and the island imports it back from there.
      'playground-loader.A1.js': 'export const _=1;const go=()=>import("./mount.C3.js")',
      'mount.C3.js': 'import{_}from"./playground-loader.A1.js";import{e}from"./codec.D4.js";const p=()=>import("./plot.E5.js")',
      'codec.D4.js': 'export const e=1',
      'plot.E5.js': `import{d}from"./d3.F6.js";${leaked}`,
      'd3.F6.js': 'export const d=1',
      'search.G7.js': 'import{e}from"./codec.D4.js"',
    });
    const { island, lazy, loader } = playgroundBundles(dist);
    const names = (b: { files: Array<{ file: string }> }) => b.files.map((f) => f.file).sort();
    expect(names(island)).toEqual(['codec.D4.js', 'mount.C3.js']);
    expect(names(lazy)).toEqual(['d3.F6.js', 'plot.E5.js']);
    expect(names(loader)).toEqual(['playground-loader.A1.js']);
    expect(lazy.gzip).toBeGreaterThanOrEqual(gzipSync(leaked).length);
  });

  it('says so when the island chunk cannot be found', () => {
    build({ 'other.A1.js': '' });
    expect(() => playgroundBundles(dist)).toThrow(/expected one mount\.\*\.js chunk/);
  });
});
