/**
 * Chapter 12's playgrounds in the real sandbox, with Tiny Darknet served from the local copy:
 * DeepDream changes the picture (WASM and WebGL), Stop keeps the last picture, a too-large upload
 * is scaled down with a notice, Download PNG saves the picture, and feature visualisation draws
 * one picture per channel. Small control values keep each run to seconds.
 *
 *   npm run build && TEST_PORT=4412 npx playwright test tests/browser/deepdream.spec.ts
 */
import { readFileSync } from 'node:fs';
import type { Locator, Page } from '@playwright/test';
import { test, expect, needTinyDarknet, routeTinyDarknet } from './fixtures.ts';
import { chapterPlayground, chooseBackend, memoryLine, run, setControl } from './playground-helpers.ts';
import { sandboxes } from './sandbox-helpers.ts';

test.beforeEach(() => needTinyDarknet());

/** The chapter's playground for `example`, live, with Tiny Darknet served from the local copy. */
async function dreamLab(page: Page, example: string): Promise<Locator> {
  await routeTinyDarknet(page);
  return chapterPlayground(page, '12-deepdream', example);
}

interface Comparison {
  start: [number, number];
  dream: [number, number];
  /** Mean absolute difference per colour value, 0..255. */
  meanDiff: number;
  /** Distinct red values in the dream (a blank picture has 1). */
  distinct: number;
  /** A checksum of the dream's pixels, to tell whether it changed. */
  sum: number;
}

/** Compare the pixels of the output canvases labelled 'start' and 'dream'. */
async function compareCanvases(pg: Locator): Promise<Comparison> {
  return pg.locator('[data-output]').evaluate((root) => {
    const read = (label: string) => {
      const c = root.querySelector<HTMLCanvasElement>(`figure[data-label="${label}"] canvas`);
      if (!c) throw new Error(`no canvas labelled ${label}`);
      return { size: [c.width, c.height] as [number, number], data: c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data };
    };
    const start = read('start');
    const dream = read('dream');
    let diff = 0;
    let sum = 0;
    const reds = new Set<number>();
    for (let i = 0; i < dream.data.length; i++) {
      if (i % 4 === 3) continue;
      diff += Math.abs(dream.data[i]! - (start.data[i] ?? 0));
      sum = (sum * 31 + dream.data[i]!) % 1_000_000_007;
      if (i % 4 === 0) reds.add(dream.data[i]!);
    }
    return { start: start.size, dream: dream.size, meanDiff: diff / ((dream.data.length / 4) * 3), distinct: reds.size, sum };
  });
}

/** Numbers of the "Octave k of n …: objective a → b" lines. */
function objectives(out: string): Array<[number, number]> {
  return [...out.matchAll(/Octave \d+ of \d+, \d+×\d+ pixels: objective ([\d.-]+) → ([\d.-]+)/g)].map((m) => [Number(m[1]), Number(m[2])]);
}

for (const backend of ['wasm', 'webgl']) {
  test(`DeepDream in chapter 12 changes the picture on ${backend}`, async ({ page }) => {
    test.setTimeout(180_000);
    const pg = await dreamLab(page, 'deepdream');
    await chooseBackend(pg, backend);
    await setControl(pg, 'size', 96);
    await setControl(pg, 'octaves', 2);
    await setControl(pg, 'steps', 3);
    const out = await run(pg, 150_000);
    expect(out).not.toMatch(/^Error/m);
    await expect(pg.locator('[data-badge]')).toHaveText(`Backend: ${backend}`);
    expect(out).toContain('Dreaming with tiny-darknet at leaky_re_lu_8 (all 256 channels), from the generated scene at 96×96.');
    const { before, after } = memoryLine(out);
    expect(after).toBe(before);
    // Two octaves, and the objective rose in each.
    const rose = objectives(out);
    expect(rose).toHaveLength(2);
    for (const [a, b] of rose) expect(b).toBeGreaterThan(a);
    await expect(pg.locator('[data-output] progress')).toHaveAttribute('value', '6');
    // The picture: one start and one (live-updated) dream, same size, visibly different, not blank.
    await expect(pg.locator('[data-output] figure[data-label="dream"]')).toHaveCount(1);
    const c = await compareCanvases(pg);
    expect(c.start).toEqual([96, 96]);
    expect(c.dream).toEqual([96, 96]);
    expect(c.meanDiff).toBeGreaterThan(2);
    expect(c.distinct).toBeGreaterThan(50);
  });
}

test('Stop during a dream keeps the last picture', async ({ page }) => {
  test.setTimeout(180_000);
  const pg = await dreamLab(page, 'deepdream');
  await chooseBackend(pg, 'wasm');
  await setControl(pg, 'size', 160);
  await setControl(pg, 'octaves', 1);
  await setControl(pg, 'steps', 30);
  await pg.getByRole('button', { name: 'Run', exact: true }).click();
  // Let a few steps happen, then stop in the middle.
  const progress = pg.locator('[data-output] progress');
  await expect.poll(async () => Number(await progress.getAttribute('value')), { timeout: 120_000 }).toBeGreaterThanOrEqual(3);
  // The page's sandboxes now: the one dreaming, and the spare booted for the next run.
  const before = await sandboxes(page).elementHandles();
  await pg.getByRole('button', { name: 'Stop', exact: true }).click();
  await expect(pg.locator('[data-status]')).toHaveText('Stopped.');
  expect(Number(await progress.getAttribute('value'))).toBeLessThan(30);
  const dream = pg.locator('[data-output] figure[data-label="dream"] canvas');
  await expect(dream).toBeVisible();
  const stopped = await compareCanvases(pg);
  expect(stopped.dream).toEqual([160, 160]);
  expect(stopped.meanDiff).toBeGreaterThan(0.5);
  expect(stopped.distinct).toBeGreaterThan(50);
  // The sandbox that dreamed is gone (a fresh one replaces it), so nothing can change the picture.
  const gone = await Promise.all(before.map((frame) => frame.evaluate((f) => !f.isConnected)));
  expect(gone).toContain(true);
  expect((await compareCanvases(pg)).sum).toBe(stopped.sum);
  await expect(dream).toBeVisible();
});

test('a 1600×1200 upload is scaled to the 512-pixel limit with a notice, dreams, and downloads as a PNG', async ({ page }) => {
  test.setTimeout(180_000);
  const pg = await dreamLab(page, 'deepdream');
  await chooseBackend(pg, 'wasm');
  // A big photo-like PNG, made in the browser: a colour gradient with discs.
  const png = await page.evaluate(async () => {
    const canvas = new OffscreenCanvas(1600, 1200);
    const ctx = canvas.getContext('2d')!;
    const g = ctx.createLinearGradient(0, 0, 1600, 1200);
    g.addColorStop(0, '#3070c0');
    g.addColorStop(1, '#e0a040');
    ctx.fillStyle = g;
    ctx.fillRect(0, 0, 1600, 1200);
    for (let i = 0; i < 12; i++) {
      ctx.fillStyle = `hsl(${i * 30}, 70%, 50%)`;
      ctx.beginPath();
      ctx.arc(130 + (i % 4) * 400, 200 + Math.floor(i / 4) * 400, 120, 0, 2 * Math.PI);
      ctx.fill();
    }
    const blob = await canvas.convertToBlob({ type: 'image/png' });
    return Array.from(new Uint8Array(await blob.arrayBuffer()));
  });
  await pg.locator('input[type="file"][accept="image/*"]').setInputFiles({ name: 'big.png', mimeType: 'image/png', buffer: Buffer.from(png) });
  await expect(pg.locator('[data-status]')).toHaveText('Your image (1600×1200) was scaled down to 512×384 to fit the 512-pixel limit.');

  await setControl(pg, 'size', 128);
  await setControl(pg, 'octaves', 1);
  await setControl(pg, 'steps', 2);
  const out = await run(pg, 150_000);
  expect(out).not.toMatch(/^Error/m);
  expect(out).toContain('from your “big.png” at 128×96.');
  const c = await compareCanvases(pg);
  expect(c.start).toEqual([128, 96]);
  expect(c.dream).toEqual([128, 96]);
  expect(c.meanDiff).toBeGreaterThan(1);

  // Download PNG saves the dream at its own size.
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    pg.locator('[data-output] figure[data-label="dream"] button.pg-download').click(),
  ]);
  expect(download.suggestedFilename()).toBe('dream.png');
  const file = readFileSync((await download.path())!);
  expect([...file.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  expect(file.subarray(12, 16).toString('ascii')).toBe('IHDR');
  expect([file.readUInt32BE(16), file.readUInt32BE(20)]).toEqual([128, 96]);
});

test('feature visualisation shows one picture per channel', async ({ page }) => {
  test.setTimeout(180_000);
  const pg = await dreamLab(page, 'feature-visualization');
  await chooseBackend(pg, 'wasm');
  await setControl(pg, 'count', 3);
  await setControl(pg, 'size', 48);
  await setControl(pg, 'steps', 10);
  const out = await run(pg, 150_000);
  expect(out).not.toMatch(/^Error/m);
  expect(out).toContain('layer leaky_re_lu_8 (256 channels): channels 0, 1, 2, 48×48 pixels, 10 steps each.');
  await expect(pg.locator('[data-output] figure')).toHaveCount(3);
  const pictures = await pg.locator('[data-output] figure canvas').evaluateAll((canvases) =>
    (canvases as HTMLCanvasElement[]).map((c) => {
      const data = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
      return { size: [c.width, c.height], distinct: new Set(data.filter((_, i) => i % 4 === 0)).size, head: Array.from(data.slice(0, 400)).join() };
    }),
  );
  for (const p of pictures) {
    expect(p.size).toEqual([48, 48]);
    expect(p.distinct).toBeGreaterThan(20);
  }
  expect(new Set(pictures.map((p) => p.head)).size).toBe(3);
  // Every channel responds more strongly to its picture than to the noise it started from.
  const rows = await pg
    .locator('[data-output] table tbody tr')
    .evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => Number(td.textContent))));
  expect(rows.map((r) => r[0])).toEqual([0, 1, 2]);
  for (const r of rows) expect(r[2]).toBeGreaterThan(r[1]!);
});
