/**
 * The layering, enforced: imports go one way (docs → src → island → editor/runner/output/share →
 * shared; runtime → shared). Reads the import statements of every source file (TypeScript, .mjs,
 * and the frontmatter and scripts of .astro files) and fails on:
 *
 * - page-side code (docs/, src/, playground/island, editor, runner, output, share, shared,
 *   examples/meta, examples/registry.ts) importing a value from playground/runtime, from the
 *   'playground' API (the runtime) or from @tensorflow/*: that code would ship in the page's
 *   bundles. `import type` is fine (it leaves no code behind); `import { type X }` is not.
 * - playground/shared importing anything outside itself: the page and the worker both use it.
 * - playground/runtime importing from src/ or from page-side playground code.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

interface ImportEdge {
  /** The specifier as written ('../shared/site.ts', '@tensorflow/tfjs'). */
  specifier: string;
  /** Whether the import brings in no runtime code (`import type`, `export type`, `typeof import()`). */
  typeOnly: boolean;
  line: number;
}

/** Script parts of a source file: all of .ts/.mjs, the frontmatter and <script> bodies of .astro, MDX's import lines. */
function scriptParts(file: string, text: string): string[] {
  if (file.endsWith('.mdx'))
    return [
      text
        .split('\n')
        .filter((l) => /^(import|export)\s/.test(l))
        .join('\n'),
    ];
  if (!file.endsWith('.astro')) return [text];
  const parts: string[] = [];
  const front = /^---\r?\n([\s\S]*?)\r?\n---/.exec(text);
  if (front?.[1]) parts.push(front[1]);
  for (const m of text.matchAll(/<script(?![^>]*type="application\/(?:json|ld\+json)")[^>]*>([\s\S]*?)<\/script>/g)) parts.push(m[1] ?? '');
  return parts;
}

/** Every import, re-export and dynamic import() in a piece of TypeScript or JavaScript. */
function importsOf(source: string): ImportEdge[] {
  const sf = ts.createSourceFile('x.ts', source, ts.ScriptTarget.Latest, true, ts.ScriptKind.TSX);
  const edges: ImportEdge[] = [];
  const add = (node: ts.Node, spec: ts.Expression | undefined, typeOnly: boolean) => {
    if (spec && ts.isStringLiteralLike(spec)) {
      edges.push({ specifier: spec.text, typeOnly, line: sf.getLineAndCharacterOfPosition(node.getStart()).line + 1 });
    }
  };
  const visit = (node: ts.Node) => {
    if (ts.isImportDeclaration(node)) {
      // Only `import type` leaves nothing behind: under verbatimModuleSyntax (astro's tsconfig),
      // `import { type A } from 'm'` still loads 'm' (as `import {} from 'm'`).
      add(node, node.moduleSpecifier, node.importClause?.phaseModifier === ts.SyntaxKind.TypeKeyword);
    } else if (ts.isExportDeclaration(node)) {
      add(node, node.moduleSpecifier, node.isTypeOnly);
    } else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference)) {
      add(node, node.moduleReference.expression, node.isTypeOnly);
    } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
      add(node, node.arguments[0], false);
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument)) {
      add(node, node.argument.literal, true);
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return edges;
}

const SOURCE = /\.(ts|mts|mjs|js|astro|mdx)$/;

function sourceFiles(dir: string): string[] {
  return readdirSync(path.join(ROOT, dir), { recursive: true, encoding: 'utf8' })
    .filter((f) => SOURCE.test(f) && !f.endsWith('.d.ts') && !f.endsWith('.d.json.ts'))
    .map((f) => path.posix.join(dir, f.split(path.sep).join('/')));
}

/** Where an import lands: a repository path ('playground/runtime/api.ts'), or the package name. */
function target(fromFile: string, specifier: string): { path?: string; pkg?: string } {
  const spec = specifier.replace(/\?.*$/, '');
  if (spec === 'playground') return { path: 'playground/runtime/api.ts' };
  if (spec.startsWith('.')) return { path: path.posix.normalize(path.posix.join(path.posix.dirname(fromFile), spec)) };
  return { pkg: spec };
}

const under = (p: string | undefined, dir: string) => p !== undefined && (p === dir || p.startsWith(`${dir}/`));

const PAGE_SIDE_DIRS = [
  'docs',
  'src',
  'playground/island',
  'playground/editor',
  'playground/runner',
  'playground/output',
  'playground/share',
  'playground/shared',
  'playground/examples/meta',
];
const PAGE_SIDE_FILES = ['playground/examples/registry.ts'];

type Rule = (file: string, edge: ImportEdge) => string | null;

/** Page-side code imports no value from the worker runtime or TF.js. */
const pageSide: Rule = (file, edge) => {
  if (edge.typeOnly) return null;
  const t = target(file, edge.specifier);
  if (under(t.path, 'playground/runtime'))
    return `imports a value from the worker runtime (${edge.specifier}); use playground/shared or \`import type\``;
  if (t.pkg?.startsWith('@tensorflow/')) return `imports TF.js (${edge.specifier}) into the page`;
  return null;
};

/** playground/shared stands alone: the page and the worker both import it. */
const sharedAlone: Rule = (file, edge) => {
  const t = target(file, edge.specifier);
  return under(t.path, 'playground/shared') ? null : `playground/shared must import only itself, not ${edge.specifier}`;
};

/** The runtime never reaches into the site or the page side. */
const runtimeOwn: Rule = (file, edge) => {
  const t = target(file, edge.specifier);
  if (under(t.path, 'src')) return `the runtime imports from the site (${edge.specifier})`;
  const page = ['playground/island', 'playground/editor', 'playground/runner', 'playground/output', 'playground/share', 'playground/examples'];
  if (page.some((d) => under(t.path, d))) return `the runtime imports page-side code (${edge.specifier})`;
  return null;
};

function violations(files: string[], rule: Rule, read = (f: string) => readFileSync(path.join(ROOT, f), 'utf8')): string[] {
  const found: string[] = [];
  for (const file of files) {
    for (const part of scriptParts(file, read(file))) {
      for (const edge of importsOf(part)) {
        const why = rule(file, edge);
        if (why) found.push(`${file}${/\.(astro|mdx)$/.test(file) ? '' : `:${edge.line}`}: ${why}`);
      }
    }
  }
  return found;
}

describe('import rules', () => {
  const pageFiles = [...PAGE_SIDE_DIRS.flatMap(sourceFiles), ...PAGE_SIDE_FILES];

  it('finds the files it checks (the page side, the shared folder, the runtime)', () => {
    expect(pageFiles).toContain('src/components/Playground.astro');
    expect(pageFiles).toContain('docs/03-convolution.mdx');
    expect(pageFiles).toContain('playground/island/mount.ts');
    expect(pageFiles).toContain('playground/examples/meta/q03.ts');
    expect(sourceFiles('playground/shared')).toContain('playground/shared/protocol.ts');
    expect(sourceFiles('playground/runtime')).toContain('playground/runtime/worker.ts');
  });

  it('page-side code imports no value from playground/runtime or @tensorflow/*', () => {
    expect(violations(pageFiles, pageSide)).toEqual([]);
  });

  it('playground/shared imports nothing outside itself', () => {
    expect(violations(sourceFiles('playground/shared'), sharedAlone)).toEqual([]);
  });

  it('playground/runtime imports nothing from src/ or the page side', () => {
    expect(violations(sourceFiles('playground/runtime'), runtimeOwn)).toEqual([]);
  });

  it('catches the imports it is meant to catch, and lets type-only imports through', () => {
    const fake: Record<string, string> = {
      'playground/island/bad.ts': [
        "import * as tf from '@tensorflow/tfjs';",
        "import { models } from '../runtime/models.ts';",
        "import { log } from 'playground';",
        "export { format } from '../runtime/api.ts';",
        "const lazy = () => import('../runtime/worker.ts');",
        "import type { LoadedModel } from '../runtime/models.ts';",
        "export type { ParamValue } from '../runtime/sink.ts';",
        "import { type Inputs } from '../runtime/sink.ts';",
        "type Api = typeof import('../runtime/api.ts');",
        "import { withBase } from '../shared/site.ts';",
      ].join('\n'),
      'src/components/Bad.astro':
        "---\nimport { data } from '../../playground/runtime/data.ts';\n---\n<p>x</p>\n<script>\n  import '@tensorflow/tfjs-core';\n</script>",
      'playground/shared/bad.ts':
        "import type { Tensor } from '@tensorflow/tfjs';\nimport { x } from '../runtime/x.ts';\nimport { y } from './y.ts';",
      'playground/runtime/bad.ts':
        "import { q } from '../../src/data/questions.ts';\nimport { bindControls } from '../island/controls.ts';\nimport { z } from '../shared/z.ts';",
    };
    const read = (f: string) => fake[f] ?? '';
    expect(violations(['playground/island/bad.ts', 'src/components/Bad.astro'], pageSide, read)).toEqual([
      'playground/island/bad.ts:1: imports TF.js (@tensorflow/tfjs) into the page',
      'playground/island/bad.ts:2: imports a value from the worker runtime (../runtime/models.ts); use playground/shared or `import type`',
      'playground/island/bad.ts:3: imports a value from the worker runtime (playground); use playground/shared or `import type`',
      'playground/island/bad.ts:4: imports a value from the worker runtime (../runtime/api.ts); use playground/shared or `import type`',
      'playground/island/bad.ts:5: imports a value from the worker runtime (../runtime/worker.ts); use playground/shared or `import type`',
      'playground/island/bad.ts:8: imports a value from the worker runtime (../runtime/sink.ts); use playground/shared or `import type`',
      'src/components/Bad.astro: imports a value from the worker runtime (../../playground/runtime/data.ts); use playground/shared or `import type`',
      'src/components/Bad.astro: imports TF.js (@tensorflow/tfjs-core) into the page',
    ]);
    expect(violations(['playground/shared/bad.ts'], sharedAlone, read)).toEqual([
      'playground/shared/bad.ts:1: playground/shared must import only itself, not @tensorflow/tfjs',
      'playground/shared/bad.ts:2: playground/shared must import only itself, not ../runtime/x.ts',
    ]);
    expect(violations(['playground/runtime/bad.ts'], runtimeOwn, read)).toEqual([
      'playground/runtime/bad.ts:1: the runtime imports from the site (../../src/data/questions.ts)',
      'playground/runtime/bad.ts:2: the runtime imports page-side code (../island/controls.ts)',
    ]);
  });
});
