/**
 * Every example type-checks with no error in the editor's setup: the same compiler options
 * (playground/editor/ts-options.ts) and the same declarations Monaco gets (scripts/build-typings.mjs),
 * in a compiler host that serves them from memory as Monaco's TypeScript worker does. A reader who
 * opens an unchanged example sees no "Cannot find name 'console'" or other false error.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { EDITOR_COMPILER_OPTIONS } from '../../playground/editor/ts-options.ts';
import { buildTypings } from '../../scripts/build-typings.mjs';

const EXAMPLES = 'playground/examples';
const LIB_DIR = path.dirname(ts.getDefaultLibFilePath({}));

async function editorHost(files: Map<string, string>): Promise<ts.CompilerHost> {
  const read = (name: string) => files.get(name) ?? (name.startsWith(LIB_DIR) ? ts.sys.readFile(name) : undefined);
  return {
    getSourceFile: (name, languageVersion) => {
      const text = read(name);
      return text === undefined ? undefined : ts.createSourceFile(name, text, languageVersion, true);
    },
    getDefaultLibFileName: (options) => path.join(LIB_DIR, ts.getDefaultLibFileName(options)),
    getDefaultLibLocation: () => LIB_DIR,
    writeFile: () => undefined,
    getCurrentDirectory: () => '/',
    getCanonicalFileName: (f) => f,
    useCaseSensitiveFileNames: () => true,
    getNewLine: () => '\n',
    fileExists: (name) => read(name) !== undefined,
    readFile: read,
    directoryExists: (dir) => dir.startsWith(LIB_DIR) || [...files.keys()].some((f) => f.startsWith(`${dir.replace(/\/$/, '')}/`)),
    getDirectories: () => [],
  };
}

describe('the examples in the editor', () => {
  it('have no type errors, false or real', { timeout: 120_000 }, async () => {
    const typings = (await buildTypings()) as Record<string, string>;
    const files = new Map(Object.entries(typings).map(([uri, text]) => [uri.replace(/^file:\/\//, ''), text]));
    const examples = readdirSync(EXAMPLES).filter((f) => f.endsWith('.ts') && f !== 'registry.ts');
    expect(examples.length).toBeGreaterThanOrEqual(10);
    for (const name of examples) files.set(`/${name}`, readFileSync(path.join(EXAMPLES, name), 'utf8'));
    const options = { ...EDITOR_COMPILER_OPTIONS, lib: [...EDITOR_COMPILER_OPTIONS.lib], types: [] } as unknown as ts.CompilerOptions;
    const program = ts.createProgram(
      examples.map((n) => `/${n}`),
      options,
      await editorHost(files),
    );
    const errors = examples.flatMap((name) => {
      const file = program.getSourceFile(`/${name}`);
      return [...program.getSyntacticDiagnostics(file), ...program.getSemanticDiagnostics(file)]
        .filter((d) => d.category === ts.DiagnosticCategory.Error)
        .map((d) => `${name}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`);
    });
    expect(errors).toEqual([]);
    // The check is real: an unknown name is an error in this setup.
    files.set('/probe.ts', 'console.log(performance.now()); setTimeout(() => 1, 1);\nnotDeclaredAnywhere();\nexport {};\n');
    const probe = ts.createProgram(['/probe.ts'], options, await editorHost(files));
    const found = probe.getSemanticDiagnostics(probe.getSourceFile('/probe.ts')).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
    expect(found).toEqual(["Cannot find name 'notDeclaredAnywhere'."]);
  });
});
