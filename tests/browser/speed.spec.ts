/**
 * Speed choices that a reader never sees but every run depends on: Automatic picks WebAssembly
 * where WebGL only renders in software (headless Chromium here: SwiftShader), and a first run of
 * an unedited lab fetches one WebAssembly binary and none of the editor's type checker, which
 * arrives with the first edit and still reports type errors on Run.
 */
import { expect, test } from './fixtures.ts';
import { chooseBackend, openExample, run, setCode } from './playground-helpers.ts';

test('Automatic picks WebAssembly under SwiftShader and says why in one line, without TF.js stack traces', async ({ page }) => {
  const pg = await openExample(page, 'hello-tensor');
  await chooseBackend(pg, 'auto');
  const out = await run(pg);
  await expect(pg.locator('[data-badge]')).toHaveText('Backend: wasm');
  const lines = out.split('\n').filter((l) => l.startsWith('Automatic chose'));
  expect(lines).toEqual([
    expect.stringMatching(/^Automatic chose WebAssembly: .*WebGL renders in software \(SwiftShader\), slower than WebAssembly/),
  ]);
  // TF.js's own messages about backends it tried (with "at …" stack frames) stay out of the output.
  expect(out).not.toMatch(/^\s+at |Initialization of backend|Error: /m);
  expect(out).toContain('sum of entries\t15');
});

test('an unedited first run fetches one WASM binary and no type checker; an edit brings it, with type errors on Run', async ({ page }) => {
  const fetched: string[] = [];
  page.on('request', (r) => fetched.push(new URL(r.url()).pathname));
  await page.goto('/questions/03-convolution/');
  const pg = page.locator('[data-playground][data-example="conv-from-scratch"]');
  await pg.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(pg.locator('.pg-log').first()).toBeVisible({ timeout: 90_000 });
  const atFirstOutput = [...fetched];
  // One binary, the one this browser runs (the spare sandbox booted next may ask for it again).
  const wasm = (paths: string[]) => new Set(paths.filter((p) => p.endsWith('.wasm')));
  expect(wasm(atFirstOutput).size).toBe(1);
  expect(atFirstOutput.filter((p) => /ts\.worker|typings\.|tsMode/.test(p))).toEqual([]);
  await expect(pg.locator('[data-status]')).toHaveText(/Finished/, { timeout: 90_000 });

  await setCode(page, pg, "import { log } from 'playground';\nconst n: number = 'text' as unknown as string;\nlog('typed', n);\n");
  const typed = await run(pg);
  expect(typed).toContain('typed text');
  // The run does not wait for the checker: its answer joins the output when it comes.
  await expect(pg.locator('[data-output]')).toContainText(/Type error \(line 2, column \d+\): Type 'string' is not assignable to type 'number'/);
  expect(fetched.some((p) => /ts\.worker\./.test(p))).toBe(true);
  expect(wasm(fetched)).toEqual(wasm(atFirstOutput));
});

test("the editor's completions arrive with the type checker when the reader starts editing", async ({ page }) => {
  test.setTimeout(120_000);
  const pg = await openExample(page, 'hello-tensor');
  await pg.locator('.monaco-editor .view-line').last().click();
  await page.keyboard.press('End');
  await page.keyboard.press('Enter');
  await page.keyboard.type('tf.');
  // The suggest widget lives in Monaco's overflow layer on <body>. The type checker may still be
  // starting on a busy machine: ask again until it answers.
  const rows = page.locator('.suggest-widget .monaco-list-row');
  await expect
    .poll(
      async () => {
        if ((await rows.count()) === 0) await page.keyboard.press('Control+Space');
        return (await rows.allTextContents()).join(' ');
      },
      { timeout: 90_000, intervals: [2000] },
    )
    .toMatch(/AdamOptimizer/); // TF.js's exports, listed alphabetically
});
