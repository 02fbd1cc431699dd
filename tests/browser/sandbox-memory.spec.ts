/**
 * Memory over many runs: 50 Run→done cycles of code that makes tensors and never frees them keep
 * the page's JavaScript heap (after a garbage collection) and the tensor count flat, because
 * every run's sandbox is thrown away with everything it held. The renderer processes' resident
 * memory is printed too (the page's and the sandboxes'; read from /proc where there is one).
 */
import { readFileSync } from 'node:fs';
import type { CDPSession } from '@playwright/test';
import { test, expect } from './fixtures.ts';
import { memoryLine } from './playground-helpers.ts';
import { clickRun, openWithCode, sandboxes } from './sandbox-helpers.ts';

const CODE = `import * as tf from '@tensorflow/tfjs';
import { log } from 'playground';
// Leaks on purpose: tensors and a variable that are never disposed.
const a = tf.randomNormal([256, 256], 0, 1, 'float32', 1);
const v = tf.variable(a.matMul(a));
log('sum', (await v.sum().data())[0].toFixed(2));
`;

async function pageHeapMb(cdp: CDPSession): Promise<number> {
  await cdp.send('HeapProfiler.collectGarbage');
  const { usedSize } = await cdp.send('Runtime.getHeapUsage');
  return usedSize / 2 ** 20;
}

/** Resident memory of the browser's renderer processes, in MB (null where /proc is not readable). */
async function rendererMb(cdp: CDPSession): Promise<number | null> {
  try {
    const { processInfo } = (await cdp.send('SystemInfo.getProcessInfo')) as { processInfo: Array<{ type: string; id: number }> };
    let kb = 0;
    for (const p of processInfo.filter((p) => p.type === 'renderer')) {
      kb += Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${p.id}/status`, 'utf8'))?.[1] ?? 0);
    }
    return kb / 1024;
  } catch {
    return null;
  }
}

test('50 Run→done cycles keep the page heap and the tensor count flat', async ({ page, browser }) => {
  test.setTimeout(360_000);
  const pg = await openWithCode(page, CODE, 'wasm');
  const cdp = await page.context().newCDPSession(page);
  const browserCdp = await browser.newBrowserCDPSession();
  const heap: number[] = [];
  const tensors: number[] = [];
  const renderer: Array<number | null> = [];
  for (let i = 1; i <= 50; i++) {
    const { status, output } = await clickRun(pg);
    expect(status, `run ${i}`).toMatch(/Finished in/);
    tensors.push(memoryLine(output).after);
    if (i === 1 || i % 10 === 0) {
      heap.push(await pageHeapMb(cdp));
      renderer.push(await rendererMb(browserCdp));
    }
  }
  const fmt = (xs: Array<number | null>) => xs.map((x) => (x === null ? 'n/a' : x.toFixed(1))).join(' → ');
  console.log(`page JS heap after runs 1, 10, 20, …, 50 (MB): ${fmt(heap)}`);
  console.log(`renderer processes' resident memory (MB): ${fmt(renderer)}`);
  console.log(`tf.memory().numTensors after each run: ${[...new Set(tensors)].join(', ')}`);
  // The worker frees what a run leaked, and the next run starts in a fresh sandbox anyway.
  expect(new Set(tensors).size).toBe(1);
  // The page keeps nothing per run: heap growth from run 10 to run 50 stays within 3 MB.
  expect((heap.at(-1) as number) - (heap[1] as number)).toBeLessThan(3);
  // One spare sandbox remains; every run's sandbox is gone.
  await expect(sandboxes(page)).toHaveCount(1);
});
