/**
 * Attack suite, crash: user code that grows memory without end kills its sandbox's process (the
 * sandbox document runs in a process of its own), not the page. The page notices the silence,
 * says so, and the playground works again. The browser here runs with a small JavaScript heap
 * limit, so the crash comes in seconds and within this machine's memory.
 *
 * Playwright marks the whole page as crashed when any of its frames' processes crashes, and then
 * refuses to talk to it; a CDP session opened beforehand still reaches the page, which is how the
 * test sees that the page lives on.
 */
import type { CDPSession } from '@playwright/test';
import { CHROMIUM_ARGS } from '../../playwright.config.ts';
import { findChromium } from '../browser-path.mjs';
import { test, expect } from './fixtures.ts';
import { openWithCode } from './sandbox-helpers.ts';

test.use({ launchOptions: { executablePath: findChromium() ?? undefined, args: [...CHROMIUM_ARGS, '--js-flags=--max-old-space-size=512'] } });

async function evaluate<T>(cdp: CDPSession, expression: string): Promise<T> {
  const { result, exceptionDetails } = await cdp.send('Runtime.evaluate', { expression, returnByValue: true, awaitPromise: true });
  if (exceptionDetails) throw new Error(exceptionDetails.text);
  return result.value as T;
}

const ROOT = `document.querySelector('[data-playground][data-example="hello-tensor"]')`;

async function waitFor(cdp: CDPSession, expression: string, timeout: number): Promise<void> {
  const end = Date.now() + timeout;
  while (!(await evaluate<boolean>(cdp, expression))) {
    if (Date.now() > end) {
      const status = await evaluate<string>(cdp, `${ROOT}.querySelector('[data-status]').textContent`);
      const output = await evaluate<string>(cdp, `${ROOT}.querySelector('[data-output]').textContent.slice(0, 2000)`);
      throw new Error(`timed out waiting for ${expression}; status "${status}"; output:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
}

test('code that exhausts memory ends in a message and a working playground, not a dead tab', async ({ page, guard }) => {
  test.setTimeout(180_000);
  guard.allowConsoleError(/.*/); // the crashed frame's process may log on its way out
  const pg = await openWithCode(
    page,
    "import { log } from 'playground';\nlog('growing');\nconst keep: number[][] = [];\nfor (;;) keep.push(new Array(1e6).fill(keep.length));\n",
  );
  const cdp = await page.context().newCDPSession(page);
  const root = ROOT;
  await pg.getByRole('button', { name: 'Run', exact: true }).click();
  const t0 = Date.now();
  await waitFor(cdp, `/The run failed/.test(${root}.querySelector('[data-status]').textContent)`, 120_000);
  console.log(`sandbox crash noticed ${((Date.now() - t0) / 1000).toFixed(1)} s after Run`);
  const output = await evaluate<string>(cdp, `${root}.querySelector('[data-output]').textContent`);
  expect(output).toContain('growing');
  expect(output).toMatch(/The sandbox stopped responding: its process ended, most likely because the code used too much memory\./);
  // The page itself is alive and responsive: Reset, then Run the original example.
  await evaluate(cdp, `${root}.querySelector('[data-action="reset"]').click()`);
  await evaluate(cdp, `${root}.querySelector('[data-action="run"]').click()`);
  await waitFor(cdp, `/Finished in/.test(${root}.querySelector('[data-status]').textContent)`, 120_000);
  expect(await evaluate<string>(cdp, `${root}.querySelector('[data-output]').textContent`)).toContain('A 2×3 tensor');
  expect(await evaluate<number>(cdp, `document.querySelectorAll('.pg-sandboxes iframe').length`)).toBe(1);
});
