/**
 * Turning the reader's TypeScript into a function the worker can call.
 *
 * Sucrase strips types and rewrites `import` into `require` calls while keeping every line where
 * it was, so runtime error positions map straight back to the editor. The body runs inside an
 * async function, which makes top-level `await` work.
 */
import { transform } from 'sucrase';

export class CompileError extends Error {
  constructor(
    message: string,
    readonly line?: number,
    readonly column?: number,
  ) {
    super(message);
    this.name = 'CompileError';
  }
}

export type UserModule = (require: (name: string) => unknown, exports: Record<string, unknown>) => Promise<void>;

/** Name that appears in stack traces of user code, so we can find its frames. */
export const USER_FILE = 'playground-code.ts';

export function compileUserCode(source: string): UserModule {
  let js: string;
  try {
    js = transform(source, { transforms: ['typescript', 'imports'], filePath: USER_FILE, production: true }).code;
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    // Sucrase reports positions as "(line:column)".
    const m = /\((\d+):(\d+)\)/.exec(message);
    throw new CompileError(`Syntax error: ${message}`, m ? Number(m[1]) : undefined, m ? Number(m[2]) + 1 : undefined);
  }
  try {
    return new Function('require', 'exports', `"use strict";return (async () => {${js}\n})();\n//# sourceURL=${USER_FILE}`) as UserModule;
  } catch (e) {
    throw new CompileError(`Syntax error: ${e instanceof Error ? e.message : String(e)}`);
  }
}

/**
 * Where in the user's code an error was thrown, from its stack trace. `new Function` puts two
 * header lines before the body, so the body's line 1 is line 3 of the generated function.
 */
export function userCodePosition(error: unknown): { line: number; column: number } | undefined {
  const stack = error instanceof Error ? (error.stack ?? '') : '';
  const m = new RegExp(`${USER_FILE.replace('.', '\\.')}:(\\d+):(\\d+)`).exec(stack);
  if (!m) return undefined;
  const line = Number(m[1]) - 2;
  const column = Number(m[2]);
  return line >= 1 ? { line, column: line === 1 ? Math.max(1, column - '"use strict";return (async () => {'.length) : column } : undefined;
}
