import { encodeShare } from '../../playground/share/codec.ts';
import { test, expect } from './fixtures.ts';
import { axeViolations, chooseBackend, editorText, memoryLine, openExample, run, setCode } from './playground-helpers.ts';

/** What each example must show when it works (checked on every backend it runs on). */
const EXPECTATIONS: Record<string, (output: string, pg: import('@playwright/test').Locator) => Promise<void>> = {
  'hello-tensor': async (out) => {
    expect(out).toContain('sum of entries\t15');
    expect(out).toMatch(/\[\[-2\],\s+\[-2\]\]/);
  },
  'conv-from-scratch': async (out) => {
    expect(out).toContain('Our result (valid padding, stride 1): [[0,-1,-1],[-1,1,3],[2,0,-2]]');
    expect(out).toMatch(/Match: every output agrees within/);
  },
  'kernel-demo': async (out, pg) => {
    await expect(pg.locator('[data-output] canvas')).toHaveCount(3);
    expect(out).toMatch(/Output values from -?\d/);
  },
  'train-cnn': async (out, pg) => {
    await expect(pg.locator('[data-output] figure.pg-plot-line svg[role="img"]')).toBeVisible();
    const accuracy = Number(/Test accuracy: ([\d.]+) %/.exec(out)?.[1]);
    expect(accuracy).toBeGreaterThan(50); // 3 classes: chance is 33 %
    await expect(pg.locator('[data-output] progress')).toHaveAttribute('value', '60');
  },
};

test.describe('examples', () => {
  for (const backend of ['wasm', 'webgl', 'cpu']) {
    for (const example of Object.keys(EXPECTATIONS)) {
      test(`${example} runs on ${backend}`, async ({ page }) => {
        test.setTimeout(180_000);
        const pg = await openExample(page, example);
        await chooseBackend(pg, backend);
        const out = await run(pg, 150_000);
        expect(out).not.toMatch(/Error/);
        await expect(pg.locator('[data-badge]')).toHaveText(`Backend: ${backend}`);
        await EXPECTATIONS[example]!(out, pg);
        const { before, after } = memoryLine(out);
        expect(after).toBe(before);
      });
    }
  }

  test('WebGPU runs the examples where it initialises, and falls back with a notice where not', async ({ page }) => {
    const pg = await openExample(page, 'conv-from-scratch');
    await chooseBackend(pg, 'webgpu');
    const out = await run(pg);
    const badge = (await pg.locator('[data-badge]').textContent()) ?? '';
    if (badge !== 'Backend: webgpu') expect(out).toMatch(/WebGPU .*(not available|failed|could not)/i);
    await EXPECTATIONS['conv-from-scratch']!(out, pg);
  });
});

test('Run, edit, Share, Reset round trip; shared code waits for Run', async ({ page, context }) => {
  const pg = await openExample(page, 'hello-tensor');
  const custom = "import { log } from 'playground';\nlog('shared ' + (6 * 7));\n";
  await setCode(page, pg, custom);
  expect(await run(pg)).toContain('shared 42');

  await pg.getByRole('button', { name: 'Share' }).click();
  const url = await pg.locator('[data-share-url]').inputValue();
  expect(url).toMatch(/\/playground\/#v1\./);
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(url);

  // Edits persist across a reload…
  await page.reload();
  const again = page.locator('[data-playground][data-example="hello-tensor"]');
  await expect(again).toHaveAttribute('data-live', 'true', { timeout: 60_000 });
  expect(await editorText(again)).toBe(custom.replace(/\s+/g, ' ').trim());
  // …and Reset restores the original.
  await again.getByRole('button', { name: 'Reset' }).click();
  await expect.poll(() => editorText(again)).toContain('Hello, tensor: the objects every network is made of.');

  // The shared link opens the code with a warning and does not run it: the runtime that would run
  // it is not even fetched until the reader presses Run.
  const other = await context.newPage();
  const runtimeRequests: string[] = [];
  other.on('request', (r) => {
    if (/\/runtime\/worker\.[\w-]+\.js$/.test(r.url())) runtimeRequests.push(r.url());
  });
  await other.goto(url);
  const shared = other.locator('[data-playground][data-example="hello-tensor"]');
  await expect(shared).toHaveAttribute('data-live', 'true', { timeout: 60_000 });
  await expect(shared.locator('[data-banner]')).toBeVisible();
  await expect(shared.locator('[data-banner]')).toContainText('has not run');
  expect(await editorText(shared)).toBe(custom.replace(/\s+/g, ' ').trim());
  await expect(shared.locator('.pg-log')).toHaveCount(0);
  await expect(shared.locator('[data-badge]')).toHaveText('Backend: not started');
  expect(runtimeRequests).toEqual([]);
  expect(await run(shared)).toContain('shared 42');
  expect(runtimeRequests).toHaveLength(1);
  await other.close();
});

test('broken, truncated, oversized and unknown-version links show a message and the default example', async ({ page }) => {
  for (const hash of ['#v1.%%%', '#v1.AAAA', '#v9.abc', `#v1.${'A'.repeat(60_000)}`, '#v1.']) {
    await page.goto(`/playground/${hash}`);
    await expect(page.locator('[data-link-error]')).toBeVisible();
    await expect(page.locator('[data-link-error]')).toContainText(/link|version|large|damaged/i);
    await expect(page.locator('[data-playground][data-example="hello-tensor"]')).toHaveAttribute('data-live', 'true', { timeout: 60_000 });
    await expect(page.locator('[data-playground][data-example="hello-tensor"] .pg-log')).toHaveCount(0);
  }
});

test('a link naming an example this site does not have shows its code in the default example, with a message', async ({ page }) => {
  const code = "import { log } from 'playground';\nlog('from elsewhere');\n";
  const link = await encodeShare({ code, example: 'no-such-example', backend: 'auto' });
  await page.goto(`/playground/#${link}`);
  await expect(page.locator('[data-link-error]')).toHaveText(
    'The link names an example this site does not have (“no-such-example”); its code is shown in “Hello, tensor”.',
  );
  const pg = page.locator('[data-playground][data-example="hello-tensor"]');
  await expect(pg).toHaveAttribute('data-live', 'true', { timeout: 60_000 });
  await expect(pg.locator('[data-banner]')).toContainText('has not run');
  expect(await editorText(pg)).toBe(code.replace(/\s+/g, ' ').trim());
  await expect(pg.locator('.pg-log')).toHaveCount(0);
  expect(await run(pg)).toContain('from elsewhere');
});

test('a runtime that crashes while starting fails the run with a message, and the page stays usable', async ({ page, guard }) => {
  guard.allowConsoleError(/runtime crashed on purpose/);
  let crash = true;
  await page.route(/\/runtime\/worker\.[\w-]+\.js$/, (route) =>
    crash ? route.fulfill({ body: 'throw new Error("runtime crashed on purpose");', contentType: 'text/javascript' }) : route.fallback(),
  );
  const pg = await openExample(page, 'hello-tensor');
  const out = await run(pg);
  expect(out).toMatch(/The playground runtime failed: .*runtime crashed on purpose/);
  await expect(pg.locator('[data-status]')).toHaveText('The run failed.');
  await expect(pg.getByRole('button', { name: 'Run', exact: true })).toBeEnabled();
  await expect(pg.getByRole('button', { name: 'Stop', exact: true })).toBeDisabled();
  // The next page load gets the real runtime; nothing of the failed start sticks.
  crash = false;
  const fresh = await openExample(page, 'hello-tensor');
  expect(await run(fresh)).toContain('sum of entries\t15');
});

test('corrupt saved edits are ignored', async ({ page }) => {
  await page.goto('/playground/');
  await page.evaluate(() => localStorage.setItem('dq:code:hello-tensor', '{not json'));
  const pg = await openExample(page, 'hello-tensor');
  await expect.poll(() => editorText(pg)).toContain('Hello, tensor');
});

test('errors are shown and marked at their line', async ({ page }) => {
  const pg = await openExample(page, 'hello-tensor');
  await setCode(page, pg, "import { log } from 'playground';\nlog('before');\nconst x: number = (null as any).boom;\n");
  const out = await run(pg);
  expect(out).toContain('before');
  expect(out).toMatch(/Error \(line 3, column \d+\): TypeError/);
  await expect(pg.locator('.squiggly-error')).toHaveCount(1);

  await setCode(page, pg, "import { log } from 'playground';\nlog('ok');\nconst = 5;\n");
  expect(await run(pg)).toMatch(/Could not run \(line 3, column \d+\): Syntax error/);

  // Type errors come from the editor's TypeScript service: shown, and the code still runs.
  await setCode(page, pg, "import { log } from 'playground';\nconst n: number = 'text' as unknown as string;\nlog('typed', n);\n");
  await expect(pg.locator('.squiggly-error')).toHaveCount(1, { timeout: 30_000 });
  const typed = await run(pg);
  expect(typed).toMatch(/Type error \(line 2, column \d+\): Type 'string' is not assignable to type 'number'/);
  expect(typed).toContain('typed text');
});

test('Stop ends while (true) {} within 0.5 s, the page stays responsive, and the next run works', async ({ page }) => {
  const pg = await openExample(page, 'hello-tensor');
  await setCode(page, pg, "import { log } from 'playground';\nlog('looping');\nwhile (true) {}\n");
  await pg.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(pg.locator('.pg-log')).toHaveText('looping', { timeout: 60_000 });
  // The page is not frozen by the loop.
  const t = Date.now();
  await page.evaluate(() => 1 + 1);
  expect(Date.now() - t).toBeLessThan(500);
  const stopped = await page.evaluate(async () => {
    const root = document.querySelector('[data-playground][data-example="hello-tensor"]')!;
    const start = performance.now();
    (root.querySelector('[data-action="stop"]') as HTMLButtonElement).click();
    while (!/Stopped/.test(root.querySelector('[data-status]')!.textContent ?? '')) await new Promise((r) => setTimeout(r, 5));
    return performance.now() - start;
  });
  expect(stopped).toBeLessThan(500);
  await expect(pg.locator('iframe.pg-sandbox')).toHaveCount(1); // a fresh sandbox replaced the old one
  await setCode(page, pg, "import { log } from 'playground';\nlog('alive');\n");
  expect(await run(pg)).toContain('alive');
});

test('50 consecutive runs keep the tensor count flat', async ({ page }) => {
  test.setTimeout(240_000);
  const pg = await openExample(page, 'hello-tensor');
  await chooseBackend(pg, 'wasm');
  // Leaks on purpose: tensors and a variable that the code never disposes.
  await setCode(
    page,
    pg,
    "import * as tf from '@tensorflow/tfjs';\nconst a = tf.ones([64, 64]);\nconst v = tf.variable(a.mul(2));\nv.sum().dataSync();\n",
  );
  const counts: number[] = [];
  for (let i = 0; i < 50; i++) counts.push(memoryLine(await run(pg)).after);
  expect(new Set(counts)).toEqual(new Set([counts[0]]));
});

test('user code cannot reach the site: storage, cookies, DOM, navigation, popups, service workers, credentialed fetches', async ({
  page,
  context,
  baseURL,
}) => {
  await page.goto('/playground/');
  await page.evaluate(() => {
    localStorage.setItem('secret', 'site-secret');
    // biome-ignore lint/suspicious/noDocumentCookie: the test plants a cookie that user code must not read
    document.cookie = 'session=site-cookie; path=/';
  });
  const popups: string[] = [];
  context.on('page', (p) => popups.push(p.url()));
  const pg = await openExample(page, 'hello-tensor');
  const attacks = `
import { log } from 'playground';
const g = globalThis as any;
const site = ${JSON.stringify(`${baseURL}/`)};
async function attempt(name: string, f: () => unknown) {
  try {
    const result = await f();
    log(result === undefined || result === null || result === false ? 'blocked: ' + name : 'LEAK: ' + name + ' ' + String(result));
  } catch (e) {
    log('blocked: ' + name + ' (' + (e as Error).name + ')');
  }
}
await attempt('localStorage', () => g.localStorage.getItem('secret'));
await attempt('cookie', () => g.document.cookie);
await attempt('parent DOM', () => g.parent.document.body.innerHTML);
await attempt('top DOM', () => g.top.document.title);
await attempt('navigate top', () => { g.top.location.href = site + '404.html'; return 'navigated'; });
await attempt('popup', () => g.open(site));
await attempt('service worker', async () => { await g.navigator.serviceWorker.register(site + 'sw.js'); return 'registered'; });
await attempt('indexedDB', () => new Promise((res, rej) => { const r = g.indexedDB.open('x'); r.onsuccess = () => res('opened'); r.onerror = () => rej(r.error); }));
await attempt('caches', () => g.caches.keys());
await attempt('credentialed fetch', async () => (await fetch(site, { credentials: 'include' })).text());
await attempt('plain fetch', async () => (await fetch(site + 'playground/')).text());
await attempt('self origin', () => (g.origin === 'null' ? null : g.origin));
log('done');
`;
  await setCode(page, pg, attacks);
  const out = await run(pg);
  expect(out).toContain('done');
  expect(out).not.toContain('LEAK');
  expect(out.match(/blocked: /g)?.length).toBe(12);
  expect(new URL(page.url()).pathname).toBe('/playground/');
  expect(popups).toEqual([]);
  expect(await page.evaluate(() => localStorage.getItem('secret'))).toBe('site-secret');
});

test('the WASM Conv2DBackpropFilter kernel matches the CPU backend in the browser', async ({ page }) => {
  test.setTimeout(180_000);
  const pg = await openExample(page, 'hello-tensor');
  await chooseBackend(pg, 'wasm');
  const check = `
import * as tf from '@tensorflow/tfjs';
import { log } from 'playground';
const cases: Array<[number, number, number, number, number, 'same' | 'valid']> = [
  [9, 3, 2, 4, 1, 'same'], [10, 3, 3, 2, 2, 'valid'], [7, 5, 1, 3, 2, 'same'], [12, 1, 4, 4, 3, 'valid'],
];
let worst = 0;
for (const [size, k, cin, cout, stride, pad] of cases) {
  const x = tf.randomNormal([2, size, size, cin], 0, 1, 'float32', 7);
  const w = tf.randomNormal([k, k, cin, cout], 0, 1, 'float32', 8);
  const xs = await x.array(); const ws = await w.array();
  const grads: number[][] = [];
  for (const backend of ['cpu', 'wasm']) {
    await tf.setBackend(backend);
    const g = tf.grad((filter: tf.Tensor4D) => tf.conv2d(tf.tensor4d(xs), filter, stride, pad).square().sum())(tf.tensor4d(ws));
    grads.push(Array.from(await g.data()));
  }
  worst = Math.max(worst, ...grads[0].map((v, i) => Math.abs(v - grads[1][i]) / Math.max(1, Math.abs(v))));
}
log('backend ' + tf.getBackend() + ' worst relative difference ' + worst.toExponential(2));
`;
  await setCode(page, pg, check);
  const out = await run(pg);
  const worst = Number(/worst relative difference ([\d.e+-]+)/.exec(out)?.[1]);
  expect(out).toContain('backend wasm');
  expect(worst).toBeLessThan(1e-4);
});

test('no axe violations with the editor open and output shown, in both themes', async ({ page }) => {
  for (const theme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: theme });
    const pg = await openExample(page, 'train-cnn');
    await chooseBackend(pg, 'wasm');
    await run(pg);
    expect(await axeViolations(page), `axe violations in the ${theme} theme`).toEqual([]);
  }
});

test('chapter playgrounds load lazily and run from the first click', async ({ page }) => {
  const scripts: string[] = [];
  page.on('request', (r) => {
    if (r.resourceType() === 'script') scripts.push(r.url());
  });
  await page.goto('/questions/03-convolution/');
  // Before the reader scrolls: no editor and no runtime.
  expect(scripts.filter((s) => /editor\.|worker\.|monaco|tfjs/.test(s))).toEqual([]);
  const pg = page.locator('[data-playground][data-example="conv-from-scratch"]');
  await pg.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(pg.locator('[data-status]')).toHaveText(/Finished in/, { timeout: 120_000 });
  await EXPECTATIONS['conv-from-scratch']!(await pg.locator('[data-output]').innerText(), pg);
});
