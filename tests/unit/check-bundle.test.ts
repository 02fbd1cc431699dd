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
  it('counts the island chunk, what it imports statically and lazily, and the loaders apart', () => {
    const leaked = 'x'.repeat(5000);
    build({
      'Playground.astro_astro_type_script_index_0_lang.A1.js': 'import{_ as c}from"./preload-helper.B2.js";c(()=>import("./mount.C3.js"))',
      'preload-helper.B2.js': 'export const _=1',
      'mount.C3.js': 'import{e}from"./codec.D4.js";const t=()=>import("./tf.E5.js")',
      'codec.D4.js': 'export const e=1',
      'tf.E5.js': leaked,
      'search.F6.js': 'import{e}from"./codec.D4.js"',
    });
    const { island, loader } = playgroundBundles(dist);
    expect(island.files.map((f) => f.file).sort()).toEqual(['codec.D4.js', 'mount.C3.js', 'tf.E5.js']);
    expect(loader.files.map((f) => f.file).sort()).toEqual(['Playground.astro_astro_type_script_index_0_lang.A1.js', 'preload-helper.B2.js']);
    expect(island.gzip).toBeGreaterThanOrEqual(gzipSync(leaked).length);
  });

  it('says so when the island chunk cannot be found', () => {
    build({ 'other.A1.js': '' });
    expect(() => playgroundBundles(dist)).toThrow(/expected one mount\.\*\.js chunk/);
  });
});
