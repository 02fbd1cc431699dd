/**
 * Playground manners (issue 9, point 7), in both themes: Reset can be undone; a share link opens
 * on the page it came from, scrolled to its playground, code and settings shown, nothing run; a new
 * link in an open tab (hashchange) opens too; the theme toggle shows the theme in use.
 */
import type { Locator, Page } from '@playwright/test';
import { encodeShare } from '../../playground/share/codec.ts';
import { expect, test } from './fixtures.ts';
import { editorText, setCode } from './playground-helpers.ts';

const THEMES = ['light', 'dark'] as const;
const CH3 = '/questions/03-convolution/';
const CH12 = '/questions/12-deepdream/';
const flat = (code: string) => code.replace(/\s+/g, ' ').trim();

async function livePlayground(page: Page, example: string): Promise<Locator> {
  const pg = page.locator(`[data-playground][data-example="${example}"]`);
  await pg.scrollIntoViewIfNeeded();
  await expect(pg).toHaveAttribute('data-live', 'true', { timeout: 60_000 });
  return pg;
}

/** Shown, not run: the banner says so, nothing was printed and no backend started. */
async function expectShownNotRun(page: Page, pg: Locator): Promise<void> {
  await expect(pg.locator('[data-banner]')).toContainText('has not run');
  await page.waitForTimeout(1000);
  await expect(pg.locator('.pg-log')).toHaveCount(0);
  await expect(pg.locator('[data-badge]')).toHaveText('Backend: not started');
}

for (const theme of THEMES) {
  test.describe(`7. playground manners (${theme})`, () => {
    test.beforeEach(async ({ page }) => {
      await page.emulateMedia({ colorScheme: theme });
    });

    test('Reset can be undone, until the reader edits again', async ({ page }) => {
      await page.goto(CH12);
      const pg = await livePlayground(page, 'deepdream');
      const original = await editorText(pg);
      const mine = "import { log } from 'playground';\nlog('my own dream');\n";
      await setCode(page, pg, mine);
      await pg.getByLabel('Objective').selectOption('squares');

      await pg.getByRole('button', { name: 'Reset', exact: true }).click();
      await expect.poll(() => editorText(pg)).toBe(original);
      await expect(pg.getByLabel('Objective')).toHaveValue('mean');
      const undo = pg.getByRole('button', { name: 'Undo reset' });
      await expect(undo).toBeVisible();
      await undo.focus();
      await page.keyboard.press('Enter');
      await expect.poll(() => editorText(pg)).toBe(flat(mine));
      await expect(pg.getByLabel('Objective')).toHaveValue('squares');
      await expect(undo).toHaveCount(0);
      await expect(pg.getByRole('button', { name: 'Reset', exact: true })).toBeFocused();
      await expect(pg.locator('[data-status]')).toHaveText(/Reset undone/);
      // The restored code is the reader's again: it survives a reload.
      await page.reload();
      const again = await livePlayground(page, 'deepdream');
      await expect.poll(() => editorText(again)).toBe(flat(mine));

      // The offer lasts until the reader moves on.
      await again.getByRole('button', { name: 'Reset', exact: true }).click();
      await expect(again.getByRole('button', { name: 'Undo reset' })).toBeVisible();
      await setCode(page, again, "import { log } from 'playground';\nlog('new start');\n");
      await expect(again.getByRole('button', { name: 'Undo reset' })).toHaveCount(0);
    });

    test('a share link opens on its chapter, scrolled to its playground, code and settings shown, never run; a second link in the tab opens too', async ({
      page,
      context,
    }) => {
      await page.goto(CH12);
      const pg = await livePlayground(page, 'deepdream');
      const shared = "import { log } from 'playground';\nlog('from a friend');\n";
      await setCode(page, pg, shared);
      await pg.getByLabel('Objective').selectOption('squares');
      await pg.getByRole('button', { name: 'Share' }).click();
      const url = await pg.locator('[data-share-url]').inputValue();
      expect(new URL(url).pathname).toBe(CH12);
      expect(new URL(url).hash).toMatch(/^#v1\./);

      const other = await context.newPage();
      await other.emulateMedia({ colorScheme: theme });
      await other.goto(url);
      const opened = other.locator('[data-playground][data-example="deepdream"]');
      await expect(opened).toHaveAttribute('data-live', 'true', { timeout: 60_000 });
      await expect(opened).toBeInViewport();
      await expect(opened.locator('[data-banner]')).toBeFocused();
      expect(await editorText(opened)).toBe(flat(shared));
      await expect(opened.getByLabel('Objective')).toHaveValue('squares');
      await expectShownNotRun(other, opened);

      // Another link pasted into the same tab changes only the fragment.
      const second = "import { log } from 'playground';\nlog('second link');\n";
      const fragment = await encodeShare({ code: second, example: 'deepdream', backend: 'auto', page: CH12, params: { steps: 3 } });
      await other.evaluate((f) => {
        location.hash = f;
      }, fragment);
      await expect.poll(() => editorText(opened)).toBe(flat(second));
      await expect(opened.getByLabel('Steps per octave')).toHaveValue('3');
      await expect(opened.getByLabel('Objective')).toHaveValue('mean'); // not in the link: back to its default
      await expectShownNotRun(other, opened);
      await other.close();
    });

    test('the theme toggle shows the theme in use', async ({ page }) => {
      await page.goto('/');
      const toggle = page.getByRole('button', { name: 'Dark theme' });
      const sun = toggle.locator('.theme-icon-light');
      const moon = toggle.locator('.theme-icon-dark');
      const expectIcons = async (dark: boolean) => {
        await expect(dark ? moon : sun).toBeVisible();
        await expect(dark ? sun : moon).toBeHidden();
        await expect(toggle).toHaveAttribute('aria-pressed', String(dark));
      };
      await expectIcons(theme === 'dark');
      await toggle.click();
      await expectIcons(theme !== 'dark');
      await toggle.click();
      await expectIcons(theme === 'dark');
    });
  });
}

test('the playground page forwards a chapter’s link; a chapter sends a link it has no playground for to the playground page; damaged links are reported', async ({
  page,
}) => {
  const code = "import { log } from 'playground';\nlog('conv, shared');\n";
  const forChapter = await encodeShare({ code, example: 'conv-from-scratch', backend: 'auto', page: CH3 });
  await page.goto(`/playground/#${forChapter}`);
  await expect(page).toHaveURL(`${CH3}#${forChapter}`);
  const conv = await livePlayground(page, 'conv-from-scratch');
  await expect.poll(() => editorText(conv)).toBe(flat(code));
  await expectShownNotRun(page, conv);

  // hello-tensor is not in chapter 3: its link opens on the playground page, and stays there.
  const hello = "import { log } from 'playground';\nlog('hello, shared');\n";
  await page.goto(`${CH3}#${await encodeShare({ code: hello, example: 'hello-tensor', backend: 'auto', page: CH3 })}`);
  await expect(page).toHaveURL(/\/playground\/#v1\./);
  const standalone = await livePlayground(page, 'hello-tensor');
  await expect.poll(() => editorText(standalone)).toBe(flat(hello));
  await expectShownNotRun(page, standalone);
  // A second link in this tab opens too.
  const next = "import { log } from 'playground';\nlog('next one');\n";
  const nextFragment = await encodeShare({ code: next, example: 'hello-tensor', backend: 'auto' });
  await page.evaluate((f) => {
    location.hash = f;
  }, nextFragment);
  await expect.poll(() => editorText(standalone)).toBe(flat(next));

  // A damaged link on a chapter: said plainly, the chapter's playgrounds untouched.
  await page.goto(`${CH3}#v1.AAAA`);
  await expect(page.locator('[data-link-error]')).toContainText(/damaged|cut off/);
  const untouched = await livePlayground(page, 'conv-from-scratch');
  await expect(untouched.locator('[data-banner]')).toBeHidden();
});
