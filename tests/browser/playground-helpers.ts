import AxeBuilder from '@axe-core/playwright';
import { expect, type Locator, type Page } from '@playwright/test';

/** The playground on /playground/ for an example, live (editor mounted). */
export async function openExample(page: Page, example: string, hash = ''): Promise<Locator> {
  await page.goto(`/playground/${hash}`);
  if (!hash) await page.getByLabel('Example').selectOption(example);
  const pg = page.locator(`[data-playground][data-example="${example}"]`);
  await expect(pg).toHaveAttribute('data-live', 'true', { timeout: 60_000 });
  return pg;
}

/** Replace the editor's code by pasting, as a reader would. */
export async function setCode(page: Page, pg: Locator, code: string): Promise<void> {
  const kind = await pg.getAttribute('data-editor');
  if (kind === 'plain') {
    await pg.locator('textarea.pg-plain-editor').fill(code);
    return;
  }
  await pg.locator('.monaco-editor').first().click();
  await page.evaluate((text) => navigator.clipboard.writeText(text), code);
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.press('ControlOrMeta+V');
  await expect.poll(() => editorText(pg)).toBe(code.replace(/\s+/g, ' ').trim());
}

/** The editor's code as visible text, whitespace collapsed (Monaco renders lines as DOM). */
export async function editorText(pg: Locator): Promise<string> {
  return pg.evaluate((root) => {
    const ta = root.querySelector<HTMLTextAreaElement>('textarea.pg-plain-editor');
    if (ta) return ta.value.replace(/\s+/g, ' ').trim();
    // Long lines wrap onto several rows; only a row that starts a line has a line number, and a
    // continuation row repeats its line's indentation (wrappingIndent 'same'), which is dropped.
    const numbered = new Set(
      [...root.querySelectorAll<HTMLElement>('.margin-view-overlays > div')]
        .filter((d) => d.querySelector('.line-numbers'))
        .map((d) => parseFloat(d.style.top)),
    );
    const rows = [...root.querySelectorAll<HTMLElement>('.view-line')]
      .map((l) => ({ top: parseFloat(l.style.top), text: (l.textContent ?? '').replace(/\u00a0/g, ' ') }))
      .sort((a, b) => a.top - b.top);
    let text = '';
    let indent = 0;
    rows.forEach((row, i) => {
      if (i === 0 || numbered.has(row.top)) {
        text += (i === 0 ? '' : '\n') + row.text;
        indent = row.text.length - row.text.trimStart().length;
      } else {
        text += row.text.slice(indent);
      }
    });
    return text.replace(/\s+/g, ' ').trim();
  });
}

/** Click Run and wait for the run to finish (the tf.memory() debug line or an error). */
export async function run(pg: Locator, timeout = 120_000): Promise<string> {
  await pg.getByRole('button', { name: 'Run', exact: true }).click();
  // The status says "Running…" from the click until the run ends.
  await expect(pg.locator('[data-status]')).toHaveText(/Finished|Stopped|failed/, { timeout });
  return pg.locator('[data-output]').innerText();
}

/** Numbers from the debug line "tf.memory(): N tensors before, M after · …". */
export function memoryLine(output: string): { before: number; after: number } {
  const m = /tf\.memory\(\): (\d+) tensors before, (\d+) after/.exec(output);
  if (!m) throw new Error(`no tf.memory() line in output:\n${output}`);
  return { before: Number(m[1]), after: Number(m[2]) };
}

export async function chooseBackend(pg: Locator, backend: string): Promise<void> {
  await pg.getByLabel('Backend', { exact: true }).selectOption(backend);
}

/**
 * A chapter's playground for `example` (chapter: the page's slug, "07-learning"), scrolled to and
 * live; with `backend`, that backend is chosen in its menu.
 */
export async function chapterPlayground(page: Page, chapter: string, example: string, backend?: string): Promise<Locator> {
  await page.goto(`/questions/${chapter}/`);
  const pg = page.locator(`[data-playground][data-example="${example}"]`);
  await pg.scrollIntoViewIfNeeded();
  await expect(pg).toHaveAttribute('data-live', 'true', { timeout: 60_000 });
  if (backend) await chooseBackend(pg, backend);
  return pg;
}

/** A plot of this kind in the playground's output, found by its title. */
export function outputPlot(pg: Locator, kind: string, title: string | RegExp): Locator {
  return pg.locator(`[data-output] figure.pg-plot.pg-plot-${kind}`, { hasText: title });
}

/** Set a control by its name (range, number, select or checkbox), as a reader would, and let the page know. */
export async function setControl(pg: Locator, name: string, value: number | string | boolean): Promise<void> {
  const input = pg.locator(`[data-control="${name}"]`);
  const log = (await input.getAttribute('data-scale')) === 'log';
  await input.evaluate(
    (el: HTMLInputElement | HTMLSelectElement, [v, log]) => {
      if (el instanceof HTMLInputElement && el.type === 'checkbox') el.checked = Boolean(v);
      else el.value = String(log ? Math.log10(Number(v)) : v); // a log-scale slider moves in powers of ten
      el.dispatchEvent(new Event('input', { bubbles: true }));
      el.dispatchEvent(new Event('change', { bubbles: true }));
    },
    [value, log] as const,
  );
  if (log) await expect(input).toHaveAttribute('aria-valuetext', String(value));
  else if (typeof value !== 'boolean') await expect(input).toHaveValue(String(value));
}

/** axe's violations on the page (or inside `include`), one line each: rule, count and the first few elements. */
export async function axeViolations(page: Page, include?: string): Promise<string[]> {
  const builder = new AxeBuilder({ page });
  const results = await (include ? builder.include(include) : builder).analyze();
  return results.violations.map(
    (v) =>
      `${v.id} (${v.nodes.length}) ${v.nodes
        .slice(0, 3)
        .map((n) => n.target.join(' '))
        .join(' | ')}`,
  );
}
