import { describe, expect, it } from 'vitest';
import { compileUserCode, CompileError, userCodePosition } from '../../playground/runtime/compile.ts';

const requireNothing = (name: string) => {
  if (name === 'playground') return { log: () => undefined };
  throw new Error(`no ${name}`);
};

describe('compiling user code', () => {
  it('strips types, supports imports and top-level await', async () => {
    const exports: Record<string, unknown> = {};
    const run = compileUserCode(
      "import { log } from 'playground';\nconst x: number = await Promise.resolve(41);\nexport const answer = x + 1;\nlog(answer);\n",
    );
    await run(requireNothing, exports);
    expect(exports.answer).toBe(42);
  });

  it('reports syntax errors with their line and column', () => {
    try {
      compileUserCode('const a = 1;\nconst = 2;\n');
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(CompileError);
      expect((e as CompileError).line).toBe(2);
      expect((e as CompileError).column).toBeGreaterThanOrEqual(1);
    }
  });

  it('maps runtime errors back to the line in the editor', async () => {
    for (const line of [1, 2, 5]) {
      const code = `${'\n'.repeat(line - 1)}const boom = (null as any).field;\n`;
      const error = await compileUserCode(code)(requireNothing, {}).catch((e: unknown) => e);
      expect(userCodePosition(error)?.line).toBe(line);
    }
  });

  it('maps errors thrown inside functions and after imports', async () => {
    const code = "import { log } from 'playground';\nfunction f(): void {\n  throw new Error('inside');\n}\nlog('x');\nf();\n";
    const error = await compileUserCode(code)(requireNothing, {}).catch((e: unknown) => e);
    expect((error as Error).message).toBe('inside');
    expect(userCodePosition(error)).toEqual({ line: 3, column: expect.any(Number) });
  });

  it('refuses modules other than TF.js and the playground API', async () => {
    const error = await compileUserCode("import fs from 'node:fs';\nfs;\n")(requireNothing, {}).catch((e: unknown) => e);
    expect(String(error)).toContain('node:fs');
  });
});
