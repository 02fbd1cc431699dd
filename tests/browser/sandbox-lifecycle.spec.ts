/**
 * Attack suite, lifecycle: code never outlives its run (a fresh sandbox per run, also after Reset
 * and after loading link code), close() and errors in timers end the run with a message, Run
 * during a run supersedes it cleanly, a silent worker is reported, storage failures are said once.
 */
import { test, expect } from './fixtures.ts';
import { openExample, setCode } from './playground-helpers.ts';
import { clickRun, openWithCode, runCode, sandboxes } from './sandbox-helpers.ts';

test('a timer from one run never prints into the next, and each run gets a fresh sandbox', async ({ page }) => {
  const pg = await openWithCode(
    page,
    "import { log } from 'playground';\n(globalThis as any).marker = 'run 1';\nsetInterval(() => log('from run 1'), 50);\nlog('first');\n",
  );
  expect((await clickRun(pg)).output).toContain('first');
  // The run's sandbox was thrown away when it ended; only the spare is left.
  await expect(sandboxes(page)).toHaveCount(1);
  await setCode(
    page,
    pg,
    "import { log } from 'playground';\nawait new Promise((r) => setTimeout(r, 600));\nlog('second sees ' + String((globalThis as any).marker));\n",
  );
  const { output } = await clickRun(pg);
  expect(output).toContain('second sees undefined');
  expect(output).not.toContain('from run 1');
});

test('code from a link does not survive Reset', async ({ page }) => {
  const pg = await openWithCode(
    page,
    "import { inputs, log } from 'playground';\nsetInterval(() => log('LINK CODE ALIVE', inputs().params), 100);\nawait new Promise((r) => setTimeout(r, 60_000));\n",
  );
  await pg.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(pg.locator('.pg-log').first()).toContainText('LINK CODE ALIVE', { timeout: 60_000 });
  await pg.getByRole('button', { name: 'Reset' }).click();
  await expect(pg.locator('[data-status]')).toHaveText('Restored the original code and settings.');
  await expect(pg.locator('[data-output]')).toContainText('Stopped: the code was reset.');
  await expect(sandboxes(page)).toHaveCount(1);
  const { output } = await clickRun(pg);
  expect(output).toContain('A 2×3 tensor');
  expect(output).not.toContain('LINK CODE ALIVE');
});

test('close() ends the run with a message, however it is called, and the next run works', async ({ page }) => {
  const pg = await openExample(page, 'hello-tensor');
  const calls = [
    '(self as any).close()',
    '(globalThis as any).close.call(globalThis)',
    "Reflect.apply((globalThis as any)['close'], globalThis, [])",
  ];
  for (const call of calls) {
    const { status, output } = await runCode(page, pg, `import { log } from 'playground';\nlog('before');\n${call};\n`);
    expect(output, call).toContain('before');
    expect(output, call).toMatch(/The code called close\(\), which would shut the sandbox down; the run ends here\./);
    expect(status, call).toMatch(/Finished with an error/);
  }
  const { output } = await runCode(page, pg, "import { log } from 'playground';\nlog('alive');\n");
  expect(output).toContain('alive');
});

test('an error thrown in a timer or an unhandled rejection ends the run with its message, not a broken sandbox', async ({ page }) => {
  const pg = await openExample(page, 'hello-tensor');
  const timer = await runCode(
    page,
    pg,
    "import { log } from 'playground';\nsetTimeout(() => { throw new Error('timer boom'); }, 10);\nawait new Promise((r) => setTimeout(r, 3000));\nlog('never');\n",
  );
  expect(timer.output).toMatch(/Error \(line 2, column \d+\): Error: timer boom \(thrown in a timer or callback\)/);
  expect(timer.output).not.toContain('never');
  expect(timer.output).not.toMatch(/runtime failed/);
  expect(timer.status).toMatch(/Finished with an error/);
  const rejection = await runCode(
    page,
    pg,
    "import { log } from 'playground';\nPromise.reject(new RangeError('nobody caught me'));\nawait new Promise((r) => setTimeout(r, 3000));\n",
  );
  expect(rejection.output).toMatch(/RangeError: nobody caught me \(a promise rejected and nothing caught it\)/);
  const { output } = await runCode(page, pg, "import { log } from 'playground';\nlog('alive');\n");
  expect(output).toContain('alive');
});

test('Run during a run supersedes it: one run goes on, Stop works, a silent worker is reported', async ({ page }) => {
  test.setTimeout(120_000);
  const pg = await openExample(page, 'hello-tensor');
  await setCode(page, pg, "import { log } from 'playground';\nlog('looping');\nwhile (true) {}\n");
  const runButton = pg.getByRole('button', { name: 'Run', exact: true });
  const stopButton = pg.getByRole('button', { name: 'Stop', exact: true });
  await runButton.click();
  await expect(pg.locator('.pg-log')).toHaveText('looping', { timeout: 60_000 });
  await runButton.click();
  await expect(pg.locator('.pg-log')).toHaveText('looping', { timeout: 60_000 });
  await expect(pg.locator('[data-status]')).toHaveText('Running…');
  await expect(stopButton).toBeEnabled();
  // The first run's sandbox is gone; the second run's remains (the spare boots when a run ends,
  // and the second run took the one booted when the first was superseded).
  await expect(sandboxes(page)).toHaveCount(1);
  // The loop never answers the watchdog: after 10 s the reader hears why nothing happens.
  await expect(pg.locator('[data-output]')).toContainText(/No answer from the code for 1\d s/, { timeout: 30_000 });
  await stopButton.click();
  await expect(pg.locator('[data-status]')).toHaveText('Stopped.');
  await expect(stopButton).toBeDisabled();
  await expect(sandboxes(page)).toHaveCount(1);
  const { output } = await runCode(page, pg, "import { log } from 'playground';\nlog('alive');\n");
  expect(output).toContain('alive');
});

test('when edits cannot be saved, the reader is told once', async ({ page }) => {
  await page.addInitScript(() => {
    Storage.prototype.setItem = () => {
      throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    };
  });
  const pg = await openExample(page, 'hello-tensor');
  await setCode(page, pg, "import { log } from 'playground';\nlog(1);\n");
  const note = page.locator('.pg-storage-note');
  await expect(note).toHaveText("Edits can't be saved in this browser — use Share to keep them.");
  await setCode(page, pg, "import { log } from 'playground';\nlog(2);\n");
  await page.waitForTimeout(800);
  await expect(note).toHaveCount(1);
});

test('the editor shows no false type errors on unchanged examples, and Run reports the types of the code it runs', async ({ page }) => {
  test.setTimeout(180_000);
  for (const example of ['hello-tensor', 'mnist-train', 'train-cnn', 'your-model']) {
    const pg = await openExample(page, example);
    // Give the TypeScript worker time to check, then read its markers.
    await page.waitForTimeout(example === 'hello-tensor' ? 6000 : 2500);
    await expect(pg.locator('.squiggly-error'), example).toHaveCount(0);
  }
  const pg = await openExample(page, 'hello-tensor');
  const { output } = await runCode(
    page,
    pg,
    "import { log } from 'playground';\nconst n: number = 'text' as unknown as string;\nconsole.log(performance.now() > 0);\nlog('typed', n);\n",
  );
  expect(output).toContain('typed text'); // the code runs anyway; its type errors come when the checker answers
  await expect(pg.locator('[data-output] .pg-lead')).toContainText(
    /Type error \(line 2, column \d+\): Type 'string' is not assignable to type 'number'/,
  );
  expect(await pg.locator('[data-output]').innerText()).not.toMatch(/Cannot find name/);
  // Fixed code run at once: no type error of the earlier version is reported.
  const fixed = await runCode(page, pg, "import { log } from 'playground';\nconst n: string = 'text';\nlog('typed', n);\n");
  await page.waitForTimeout(2000);
  expect(await pg.locator('[data-output]').innerText()).not.toMatch(/Type error/);
  expect(fixed.output).toContain('typed text');
});
