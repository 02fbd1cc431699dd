/**
 * Plots in the browser, through the 'plot-gallery' example on /playground/: every kind renders an
 * SVG with marks, a name and a data table; PNG and CSV download; runs are compared on one chart
 * and cleared; 100,000 live pushes keep the page responsive; themes, narrow screens, axe. Also
 * output images that enlarge into a dialog.
 */
import { readFile } from 'node:fs/promises';
import os from 'node:os';
import type { Locator, Page } from '@playwright/test';
import { expect, test } from './fixtures.ts';
import { axeViolations, openExample, run, setCode } from './playground-helpers.ts';

/** A mark of each kind, as Observable Plot labels its groups. */
const KINDS: Array<{ kind: string; title: string; marks: string; tableText: RegExp }> = [
  { kind: 'line', title: 'Activation function', marks: 'g[data-mark="line"] path', tableText: /input.*output.*slope/s },
  { kind: 'bar', title: 'Where the slope vanishes', marks: 'g[data-mark="bar"] rect', tableText: /relu.*sigmoid.*tanh/s },
  {
    kind: 'histogram',
    title: 'Outputs of relu for normal inputs',
    marks: 'g[data-mark="rect"] rect',
    tableText: /bin start.*bin end.*inputs.*outputs/s,
  },
  { kind: 'scatter', title: 'Samples through the activation', marks: 'g[data-mark="dot"] path', tableText: /sample 1: input/ },
  { kind: 'heatmap', title: 'Sobel kernel (vertical edges)', marks: 'g[data-mark="cell"] rect', tableText: /top.*-1.*0.*1/s },
  { kind: 'heatmap', title: 'Cost surface and the descent path', marks: 'g[data-mark="raster"] image', tableText: /Path: learning rate 0\.1/ },
];

const figure = (pg: Locator, title: string) => pg.locator('figure.pg-plot').filter({ has: pg.page().locator('figcaption', { hasText: title }) });

async function runGallery(page: Page): Promise<Locator> {
  const pg = await openExample(page, 'plot-gallery');
  const out = await run(pg);
  expect(out).toContain('After 60 steps with learning rate 0.1');
  await expect(pg.locator('figure.pg-plot svg[role="img"]')).toHaveCount(7);
  return pg;
}

test('every kind of plot renders an SVG with marks, a name, a legend where needed, and a data table', async ({ page }) => {
  const pg = await runGallery(page);
  for (const { kind, title, marks, tableText } of KINDS) {
    const fig = figure(pg, title);
    await expect(fig, title).toHaveClass(new RegExp(`pg-plot-${kind}`));
    const svg = fig.locator('svg[role="img"]');
    await expect(svg).toHaveCount(1);
    await expect(svg).toBeVisible();
    expect((await svg.getAttribute('aria-label'))?.startsWith(`${title}:`), title).toBe(true);
    expect(await svg.locator(marks).count(), `${title}: marks`).toBeGreaterThan(0);
    // The text alternative: a real table behind a "Data table" disclosure.
    await fig.getByText('Data table', { exact: true }).click();
    const table = fig.locator('.pg-plot-data table').first();
    await expect(table).toBeVisible();
    expect(await table.locator('tbody tr').count()).toBeGreaterThan(0);
    expect(await fig.locator('.pg-plot-tables').innerText()).toMatch(tableText);
  }
  // Legends where a plot has several series; colour scales on heatmaps; values printed in cells.
  await expect(figure(pg, 'Activation function').locator('.pg-plot-legend li')).toHaveText(['output', 'slope']);
  await expect(figure(pg, 'Cost during gradient descent').locator('.pg-plot-legend')).toBeHidden();
  await expect(figure(pg, 'Sobel kernel (vertical edges)').locator('.pg-plot-ramp')).toContainText('weight');
  const cellTexts = await figure(pg, 'Sobel kernel (vertical edges)').locator('g[data-mark="text"] text').allTextContents();
  expect(cellTexts.sort()).toEqual(['-1', '-1', '-2', '0', '0', '0', '1', '1', '2']);
  // Log y axis of the live chart: ticks in powers of ten.
  expect(await figure(pg, 'Cost during gradient descent').locator('g[data-mark="y-axis tick label"] text').allTextContents()).toContain('0.01');
});

test('plots download as PNG and CSV, and the CSV holds the data', async ({ page }) => {
  const pg = await runGallery(page);
  const bars = figure(pg, 'Where the slope vanishes');
  const [csv] = await Promise.all([
    page.waitForEvent('download'),
    bars.getByRole('button', { name: 'Download CSV: Where the slope vanishes' }).click(),
  ]);
  expect(csv.suggestedFilename()).toBe('Where-the-slope-vanishes.csv');
  const text = await readFile((await csv.path())!, 'utf8');
  const lines = text.trim().split('\r\n');
  expect(lines[0]).toBe('category,slope < 0.05,slope = 0');
  const relu = lines[1]!.split(',');
  expect(relu[0]).toBe('relu');
  expect(Number(relu[2])).toBeCloseTo(0.5, 3); // ReLU's slope is 0 for every negative input
  expect(lines.map((l) => l.split(',')[0])).toEqual(['category', 'relu', 'sigmoid', 'tanh']);

  const [png] = await Promise.all([
    page.waitForEvent('download'),
    bars.getByRole('button', { name: 'Download PNG: Where the slope vanishes' }).click(),
  ]);
  expect(png.suggestedFilename()).toBe('Where-the-slope-vanishes.png');
  const bytes = await readFile((await png.path())!);
  expect([...bytes.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  const width = bytes.readUInt32BE(16);
  const svgWidth = Number(await bars.locator('svg[role="img"]').getAttribute('width'));
  expect(width).toBeGreaterThanOrEqual(2 * svgWidth); // drawn at twice the screen resolution
  expect(bytes.length).toBeGreaterThan(5000);

  // The heatmap's CSV has its values and the path drawn on it.
  const surface = figure(pg, 'Cost surface and the descent path');
  const [surfaceCsv] = await Promise.all([page.waitForEvent('download'), surface.getByRole('button', { name: /Download CSV/ }).click()]);
  const surfaceText = await readFile((await surfaceCsv.path())!, 'utf8');
  const surfaceLines = surfaceText.split('\r\n');
  expect(surfaceLines[0]).toBe('Values (cost)');
  expect(surfaceLines[1]!.split(',')).toHaveLength(61);
  expect(surfaceText).toContain('Path: learning rate 0.1\r\npoint,w1,w2\r\n1,-4,1.6\r\n');
});

test('compare keeps earlier runs on one chart, named after the setting that differed; Clear runs removes them', async ({ page }) => {
  const pg = await runGallery(page);
  const activation = figure(pg, 'Activation function');
  await expect(activation.locator('.pg-plot-legend li')).toHaveText(['output', 'slope']);
  // The gallery is live: a new setting runs it again.
  await pg.getByLabel('Activation', { exact: true }).selectOption('sigmoid');
  const legend = activation.locator('.pg-plot-legend li');
  await expect(legend).toHaveText([
    'output · Activation = ReLU',
    'slope · Activation = ReLU',
    'output · Activation = Sigmoid',
    'slope · Activation = Sigmoid',
  ]);
  // Earlier runs are drawn apart: dashed and thinner.
  await expect(activation.locator('.pg-key-earlier')).toHaveCount(2);
  const dashed = await activation.locator('g[data-mark="line"][stroke-dasharray]').count();
  expect(dashed).toBe(2);
  expect(await activation.locator('g[data-mark="line"]').count()).toBe(4);
  await expect(pg.locator('[data-runs]')).toBeVisible();
  // Plots without compare: only this run.
  await expect(figure(pg, 'Outputs of sigmoid for normal inputs')).toHaveCount(1);
  await expect(figure(pg, 'Outputs of relu for normal inputs')).toHaveCount(0);

  await pg.getByRole('button', { name: 'Clear runs' }).click();
  await expect(legend).toHaveText(['output', 'slope']);
  expect(await activation.locator('g[data-mark="line"]').count()).toBe(2);
  await expect(pg.locator('[data-runs]')).toBeHidden();
});

/** Main-thread tasks of the page's renderer in a Chromium trace: CPU and wall milliseconds each. */
function mainThreadTasks(trace: Buffer): Array<{ cpu: number; wall: number }> {
  type Event = { name: string; ph: string; pid: number; tid: number; dur?: number; tdur?: number; args?: { name?: string } };
  const parsed = JSON.parse(trace.toString('utf8')) as { traceEvents: Event[] } | Event[];
  const events = Array.isArray(parsed) ? parsed : parsed.traceEvents;
  const mains = events.filter((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain').map((e) => `${e.pid}:${e.tid}`);
  const tasks = events.filter((e) => e.ph === 'X' && e.name === 'RunTask' && mains.includes(`${e.pid}:${e.tid}`));
  // The page's main thread is the busiest renderer thread (others belong to blank or helper frames).
  const busiest = mains.sort(
    (a, b) => tasks.filter((t) => `${t.pid}:${t.tid}` === b).length - tasks.filter((t) => `${t.pid}:${t.tid}` === a).length,
  )[0];
  return tasks.filter((t) => `${t.pid}:${t.tid}` === busiest).map((t) => ({ cpu: (t.tdur ?? 0) / 1000, wall: (t.dur ?? 0) / 1000 }));
}

test('100,000 live pushes keep the page responsive: a frame at least every 100 ms, ≤ 20 redraws a second, every point in the CSV', async ({
  page,
  browser,
}) => {
  test.setTimeout(180_000);
  const pg = await openExample(page, 'plot-gallery');
  await run(pg); // boots the sandbox and loads the plotting library, so the measured run is only the pushes
  const code = [
    "import { chart, log } from 'playground';",
    "const curve = chart('Noisy loss', { series: ['train', 'validation'] });",
    'for (let i = 0; i < 100000; i++) {',
    '  curve.push(i, { train: 1 / (1 + i / 1000) + 0.05 * Math.sin(i), validation: 1.1 / (1 + i / 1200) });',
    '}',
    "log('pushed');",
  ].join('\n');
  await setCode(page, pg, code);
  // Once unmeasured: an edit brings the editor's type checker, whose start-up on the main thread
  // is not the chart's work (and happens once per page).
  expect(await run(pg)).toContain('pushed');
  await page.evaluate(() => {
    const w = window as unknown as { __frames: number[]; __redraws: number; __watch: boolean };
    w.__frames = [];
    w.__redraws = 0;
    w.__watch = true;
    const tick = (t: number) => {
      w.__frames.push(t);
      if (w.__watch) requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
    new MutationObserver((records) => {
      for (const r of records) for (const n of r.addedNodes) if (n.nodeName.toLowerCase() === 'svg') w.__redraws++;
    }).observe(document.querySelector('[data-playground][data-example="plot-gallery"] [data-output]')!, { childList: true, subtree: true });
  });
  await browser.startTracing(page, { categories: ['toplevel', 'devtools.timeline', 'disabled-by-default-devtools.timeline'] });
  const started = Date.now();
  const out = await run(pg);
  // Until the chart has all points and its last redraw has landed.
  const fig = figure(pg, 'Noisy loss');
  await expect(fig.locator('svg[role="img"]')).toHaveAttribute('aria-label', /Noisy loss: 2 series, step 0 to 99999/);
  await page.waitForTimeout(300);
  const seconds = (Date.now() - started) / 1000;
  const tasks = mainThreadTasks(await browser.stopTracing());
  expect(out).toContain('pushed');
  const { gaps, redraws } = await page.evaluate(() => {
    const w = window as unknown as { __frames: number[]; __redraws: number; __watch: boolean };
    w.__watch = false;
    const f = w.__frames;
    return { gaps: f.slice(1).map((t, i) => t - f[i]!), redraws: w.__redraws };
  });
  const longestGap = Math.max(...gaps);
  const busiest = tasks.reduce((a, b) => (b.cpu > a.cpu ? b : a), { cpu: 0, wall: 0 });
  const cpuTotal = tasks.reduce((sum, t) => sum + t.cpu, 0);
  const load = os.loadavg()[0]!;
  const cores = os.cpus().length;
  const result = `${seconds.toFixed(1)} s, ${gaps.length} frames, longest frame gap ${longestGap.toFixed(0)} ms, ${redraws} redraws; page main thread: ${tasks.length} tasks, ${cpuTotal.toFixed(0)} ms CPU in all, longest task ${busiest.cpu.toFixed(1)} ms CPU (${busiest.wall.toFixed(0)} ms wall); load ${load.toFixed(1)} on ${cores} cores`;
  test.info().annotations.push({ type: 'result', description: result });
  console.log(`100,000 pushes: ${result}`);

  // The page's own work: no task on its main thread takes more than 100 ms of CPU (the issue's
  // frame budget). Points arrive in slices of 10,000 values, a few ms each; the longest tasks left
  // are a redraw, sometimes with a major garbage collection of the 200,000 points' arrays inside
  // it: 25-75 ms measured on 2 busy cores.
  expect(tasks.length).toBeGreaterThan(20);
  expect(busiest.cpu).toBeLessThanOrEqual(100);
  expect(redraws).toBeLessThanOrEqual(Math.ceil(seconds * 20) + 2);
  // Frames, as the reader sees them. Gaps also measure the other threads that want a core at the
  // same time (the sandbox's loop, the gate, the compositor, software raster): with 4 or more
  // cores a frame comes within 100 ms; on 2 cores the page's thread waits its turn (130-330 ms
  // measured here, with or without WASM threads, while its longest task stayed under 65 ms of CPU),
  // so there only freezes are caught. On a machine shared several times over nothing is asserted.
  expect(gaps.length).toBeGreaterThan(5);
  if (load > 1.5 * cores)
    test.info().annotations.push({ type: 'note', description: `frame gaps not asserted: load ${load.toFixed(1)} on ${cores} cores` });
  else expect(longestGap).toBeLessThanOrEqual(cores >= 4 ? 100 : 500);

  // The drawing shows what the pixels can (≤ 4 points per column per series); the CSV has all.
  const width = Number(await fig.locator('svg[role="img"]').getAttribute('width'));
  const vertices = await fig
    .locator('g[data-mark="line"] path')
    .evaluateAll((paths) => paths.map((p) => (p.getAttribute('d') ?? '').split(/[ML]/).length - 1));
  expect(vertices).toHaveLength(2);
  for (const v of vertices) expect(v).toBeLessThanOrEqual(4 * width);
  const [csv] = await Promise.all([page.waitForEvent('download'), fig.getByRole('button', { name: 'Download CSV: Noisy loss' }).click()]);
  const lines = (await readFile((await csv.path())!, 'utf8')).trim().split('\r\n');
  expect(lines).toHaveLength(100_001);
  expect(lines[0]).toBe('step,train,validation');
  expect(lines[100_000]!.startsWith('99999,')).toBe(true);
  // The table shows a sample and says so.
  await fig.getByText('Data table', { exact: true }).click();
  await expect(fig.locator('.pg-plot-note')).toHaveText('Showing 200 of 100,000 rows, evenly spread; Download CSV has every value.');
});

test('log axes, empty series, bad values and large matrices draw without errors', async ({ page }) => {
  const pg = await openExample(page, 'plot-gallery');
  const code = [
    "import { chart, plot } from 'playground';",
    "plot.lines('Log lines', { a: [[0, 1], [1, 10], [10, -1], [100, 1000], [1000, Number.NaN]] }, { xScale: 'log', yScale: 'log' });",
    "plot.scatter('Log points', { a: [[1, 1], [1e6, 0.5]] }, { xScale: 'log' });",
    "plot.bars('Log bars', { small: 0.01, big: 1000, none: 0 }, { yScale: 'log' });",
    "plot.histogram('Log counts', [1, 1, 1, 2, 3, 3, 3, 3, 3, 3, 3, 3, 9], { bins: 8, yScale: 'log' });",
    "plot.heatmap('Small matrix', [[1, 2, 3], [4, Number.NaN, 6]], { showValues: true });",
    "plot.heatmap('Large matrix', Array.from({ length: 64 }, (_, r) => Array.from({ length: 100 }, (_, c) => Math.sin(r / 5) * Math.cos(c / 7))), { scheme: 'diverging' });",
    "chart('Never pushed', { series: ['loss'] });",
    "plot.lines('Empty', {});",
  ].join('\n');
  await setCode(page, pg, code);
  const out = await run(pg);
  expect(out).not.toMatch(/could not be drawn|Error/);
  await expect(pg.locator('figure.pg-plot svg[role="img"]')).toHaveCount(8);
  await expect(figure(pg, 'Never pushed').locator('svg')).toContainText('Waiting for data');
  await expect(figure(pg, 'Large matrix').locator('g[data-mark="raster"] image')).toHaveCount(1);
  await expect(figure(pg, 'Small matrix').locator('g[data-mark="cell"] rect')).toHaveCount(5);
  expect(await figure(pg, 'Log bars').locator('g[data-mark="bar"] rect').count()).toBe(2);
  for (const fig of await pg.locator('figure.pg-plot').all()) {
    const name = (await fig.locator('svg[role="img"]').getAttribute('aria-label')) ?? '';
    expect(name.length).toBeGreaterThan(10);
    expect(name).not.toMatch(/NaN|undefined|Infinity/);
  }
});

test('plots follow the theme and fit a 390 px screen', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 800 });
  await page.emulateMedia({ colorScheme: 'light' });
  const pg = await runGallery(page);
  const svg = figure(pg, 'Activation function').locator('svg[role="img"]');
  const light = await svg.evaluate((s) => getComputedStyle(s).color);
  await page.getByRole('button', { name: 'Dark theme' }).click();
  await expect.poll(() => svg.evaluate((s) => getComputedStyle(s).color)).not.toBe(light);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  for (const fig of await pg.locator('figure.pg-plot').all()) {
    const [figWidth, svgWidth] = await fig.evaluate((f) => [f.getBoundingClientRect().width, f.querySelector('svg')!.getBoundingClientRect().width]);
    expect(svgWidth).toBeLessThanOrEqual(figWidth + 0.5);
  }
});

for (const theme of ['light', 'dark'] as const) {
  test(`a page with plots has no axe violations in the ${theme} theme`, async ({ page }) => {
    await page.emulateMedia({ colorScheme: theme });
    const pg = await runGallery(page);
    await expect(page.locator('html')).toHaveAttribute('data-theme', theme);
    await figure(pg, 'Sobel kernel (vertical edges)').getByText('Data table', { exact: true }).click();
    await figure(pg, 'Activation function').getByText('Data table', { exact: true }).click();
    expect(await axeViolations(page, '[data-playground]')).toEqual([]);
  });
}

test('an output image enlarges on click into a dialog that Escape closes, focus back on the image', async ({ page }) => {
  const pg = await openExample(page, 'kernel-demo');
  await run(pg);
  const button = pg.locator('[data-output] button.pg-enlarge').first();
  await button.click();
  const dialog = page.getByRole('dialog');
  await expect(dialog).toBeVisible();
  await expect(dialog).toHaveAttribute('aria-label', /kernel/);
  const size = await dialog.locator('canvas').evaluate((c) => c.getBoundingClientRect().width);
  const small = await button.locator('canvas').evaluate((c) => c.getBoundingClientRect().width);
  expect(size).toBeGreaterThan(small);
  await page.keyboard.press('Escape');
  await expect(dialog).toHaveCount(0);
  await expect(button).toBeFocused();
});

test('a grid keeps every image when labels repeat; a live image with the same label replaces its twin', async ({ page }) => {
  const pg = await openExample(page, 'hello-tensor');
  await setCode(
    page,
    pg,
    [
      "import * as tf from '@tensorflow/tfjs';",
      "import { show, showGrid } from 'playground';",
      'const digits = [0.1, 0.4, 0.7, 1].map((v) => tf.fill([4, 4], v));',
      "await showGrid(digits, { title: 'Four digits', labels: ['7', '7', '1', '7'], normalize: false });",
      "for (const v of [0.2, 0.8]) await show(tf.fill([4, 4], v), { label: 'live', group: 'dream' });",
    ].join('\n'),
  );
  await run(pg);
  const grid = pg.locator('[data-output] section[aria-label="Four digits"] figure');
  await expect(grid).toHaveCount(4);
  await expect(grid.locator('figcaption')).toContainText(['7', '7', '1', '7']);
  await expect(pg.locator('[data-output] figure[data-label="live"]')).toHaveCount(1);
});
