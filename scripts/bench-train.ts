/**
 * npm run bench:train — how fast the project trains, side by side with PyTorch and ConvNetJS.
 *
 * Engines, each on one thread, in interleaved rounds (every round runs every engine once, so a
 * machine that gets busier or quieter affects all alike):
 *   - the project's runtime in Chromium: the built site's /playground/, WASM backend (needs a build),
 *     on one thread (the page served without COOP/COEP, as a host that sends no headers would);
 *   - the project's runtime in Node: TF.js WASM with the project's kernels;
 *   - PyTorch on the CPU, one thread, when a `python3` with torch exists (Debian: python3-torch,
 *     with libopenblas0-pthread for a fast BLAS), else skipped with a message;
 *   - ConvNetJS 0.3 in Node (a devDependency).
 * Networks: the book CNN (scripts/train-book-cnn.ts, public/models/book-cnn) and the smaller net of
 * the mnist-train example, batch 64, on the MNIST asset. Prints min / median / max training steps
 * per CPU-second (CPU time: the machine is shared; in Chromium, the CPU time of all its processes)
 * and each engine's ratio to PyTorch per round; WASM's own 1024² matrix product in GFLOP/s in the
 * same run and the fraction of it a training step reaches; DeepDream (Tiny Darknet, 3 octaves × 10
 * steps, 224 px) beside PyTorch when ../shared/models/darknet-tiny exists; and the CPU time to 98 %
 * test accuracy with the book recipe (Node WASM and PyTorch), then the same recipe's wall-clock time
 * in Chromium, threaded and on one thread (scripts/bench-train/browser-recipe.ts). Both cores: the same Chromium
 * runs with the page cross-origin isolated (threaded WASM on every core), in wall-clock steps per
 * second against the one-thread page in the same rounds (CPU time is no clock for threads).
 *
 *   npm run bench:train -- --rounds 5 --no-browser --no-tta --seeds 1234,1,2
 *   flags: --rounds N (5) --book-steps N (30) --mnist-steps N (80) --no-browser --no-torch
 *          --no-convnetjs --no-dream --no-tta --seeds a,b (1234) --python PATH
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import path from 'node:path';
import { chromium, type Locator } from '@playwright/test';
import * as tf from '@tensorflow/tfjs';
import { encodeShare } from '../playground/share/codec.ts';
import { findChromium, NO_BROWSER_HINT } from '../tests/browser-path.mjs';
import { serveWithoutIsolation } from '../tests/browser/sandbox-helpers.ts';
import { type BrowserTask, browserBenchCode, PAUSE_MS } from './bench-train/browser-code.ts';
import { browserRecipeCode } from './bench-train/browser-recipe.ts';
import { type Answer, forkWorker, type NetName, spawnPython, type TrainResult, type TtaResult, type Worker } from './bench-train/protocol.ts';
import { chromiumCpuSeconds } from './chromium-cpu.ts';
import { startPreview } from './preview-server.mjs';
import { buildNet, NET_NAMES, trainStepFlops } from './train-nets.ts';

const argv = process.argv.slice(2);
const flag = (name: string) => argv.includes(`--${name}`);
const option = (name: string, fallback: string) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? (argv[i + 1] ?? fallback) : fallback;
};
const ROUNDS = Number(option('rounds', '5'));
const BATCH = 64;
const STEPS: Record<NetName, number> = { book: Number(option('book-steps', '30')), mnist: Number(option('mnist-steps', '80')) };
/** ConvNetJS is 15-50x slower: fewer steps keep a round short (the rate is per step all the same). */
const CONVNET_STEPS: Record<NetName, number> = { book: 2, mnist: 6 };
const MATMUL = { size: 1024, reps: 8 };
const DARKNET = path.resolve('../shared/models/darknet-tiny');
const DREAM = { octaves: 3, steps: 10, size: 224 };
const SEEDS = option('seeds', '1234').split(',').map(Number);
const ROOT = new URL('..', import.meta.url).pathname;

type Engine = 'chromium' | 'node' | 'pytorch' | 'convnetjs';
const ENGINE_LABEL: Record<Engine, string> = {
  chromium: 'project, Chromium WASM (built site)',
  node: 'project, Node WASM',
  pytorch: 'PyTorch CPU, 1 thread',
  convnetjs: 'ConvNetJS 0.3, Node',
};

/** rate[engine][net] = steps per CPU-second, one entry per round. */
const rates: Record<Engine, Record<NetName, number[]>> = {
  chromium: { book: [], mnist: [] },
  node: { book: [], mnist: [] },
  pytorch: { book: [], mnist: [] },
  convnetjs: { book: [], mnist: [] },
};
const matmul: Record<Engine, number[]> = { chromium: [], node: [], pytorch: [], convnetjs: [] };
/** Chromium, wall-clock steps per second: one thread, and threaded WASM on every core, same rounds. */
const wall: Record<'one' | 'all', Record<NetName, number[]>> = { one: { book: [], mnist: [] }, all: { book: [], mnist: [] } };
const notes: string[] = [];

const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b);
const median = (xs: number[]) => {
  const s = sorted(xs);
  const m = s.length >> 1;
  return s.length % 2 ? (s[m] ?? Number.NaN) : ((s[m - 1] ?? Number.NaN) + (s[m] ?? Number.NaN)) / 2;
};
/** A time-to-accuracy run's table cells: the epoch that reached the target, the accuracy per epoch. */
type TtaRun = { reached: boolean; epoch: number; history: Array<{ testAccuracy: number }> };
const reachedCell = (r: TtaRun) =>
  r.reached ? `epoch ${r.epoch}` : `no (${((r.history.at(-1)?.testAccuracy ?? 0) * 100).toFixed(1)} % after ${r.epoch})`;
const accuracies = (r: TtaRun) => r.history.map((h) => (h.testAccuracy * 100).toFixed(1)).join(' ');
const spread = (xs: number[], digits = 1) =>
  xs.length ? `${sorted(xs)[0]?.toFixed(digits)} / ${median(xs).toFixed(digits)} / ${sorted(xs).at(-1)?.toFixed(digits)}` : '—';

// ---- Engines --------------------------------------------------------------------------------------

function findPython(): string | null {
  const candidates = [option('python', ''), 'python3', '/usr/bin/python3'].filter(Boolean);
  for (const python of candidates) {
    try {
      execFileSync(python, ['-c', 'import torch'], { stdio: 'ignore' });
      return python;
    } catch {
      // not this one
    }
  }
  return null;
}

interface BrowserEngine {
  version: string;
  /**
   * Runs the tasks in one page; returns CPU seconds (and the worker's own wall ms) per task.
   * `threads`: the page cross-origin isolated (threaded WASM), else served without COOP/COEP.
   */
  run(tasks: BrowserTask[], threads: boolean): Promise<Array<{ cpuSeconds: number; wallMs: number }>>;
  /** The book recipe to `target` test accuracy in the page: wall-clock seconds after each epoch. */
  tta(seed: number, target: number, epochs: number, threads: boolean): Promise<BrowserTta>;
  close(): Promise<void>;
}

interface BrowserTta {
  reached: boolean;
  epoch: number;
  seconds: number;
  history: Array<{ epoch: number; testAccuracy: number; seconds: number }>;
}

async function startBrowser(): Promise<BrowserEngine | null> {
  const executablePath = findChromium();
  if (!executablePath) {
    notes.push(`Chromium rows skipped: ${NO_BROWSER_HINT}`);
    return null;
  }
  if (!existsSync(path.join(ROOT, 'dist/playground/index.html'))) {
    notes.push('Chromium rows skipped: no build in dist/ (run `npm run build`).');
    return null;
  }
  const server = await startPreview();
  const browser = await chromium.launch({
    executablePath,
    args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  const isolated = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  // A host without COOP/COEP: the sandbox cannot be cross-origin isolated, WASM runs on one thread.
  // Its own context with no service worker: from the second visit on, the worker would fetch the
  // page past the header-stripping route (isolated again), while the sandboxed frame, which never
  // goes through a service worker, would still come without COEP and be blocked by the page.
  const oneThread = await (await browser.newContext({ serviceWorkers: 'block', viewport: { width: 1280, height: 900 } })).newPage();
  await serveWithoutIsolation(oneThread);
  /** Open `code` from a share link in the isolated or the one-thread page and click Run. */
  const start = async (code: string, threads: boolean) => {
    const page = threads ? isolated : oneThread;
    const link = `/playground/#${await encodeShare({ code, example: 'mnist-train', backend: 'wasm' })}`;
    await page.goto('about:blank');
    await page.goto(`${server.url}${link}`);
    const pg = page.locator('[data-playground][data-example="mnist-train"]');
    await page.waitForFunction(() => document.querySelector('[data-example="mnist-train"]')?.getAttribute('data-live') === 'true', null, {
      timeout: 120_000,
    });
    await pg.getByRole('button', { name: 'Run', exact: true }).click();
    const seen = (text: string) =>
      page.waitForFunction((t) => document.querySelector('[data-example="mnist-train"] [data-output]')?.textContent?.includes(t), text, {
        polling: 25,
        timeout: 600_000,
      });
    return { pg, seen };
  };
  /** Wait for the end of a run; check it ran on WASM with the threads asked for; return its output. */
  const finished = async (pg: Locator, seen: (text: string) => Promise<unknown>, threads: boolean) => {
    await seen('BENCH finished on ');
    const text = (await pg.locator('[data-output]').textContent()) ?? '';
    const ranOn = /BENCH finished on (webgpu|webgl|wasm|cpu)/.exec(text)?.[1];
    if (ranOn !== 'wasm') throw new Error(`the playground ran on ${ranOn}, not wasm`);
    const threadsUsed = /WebAssembly runs on (\d+) threads/.exec(text)?.[1];
    if (threads !== (threadsUsed !== undefined)) throw new Error(`expected ${threads ? 'threads' : 'one thread'}, the page said ${threadsUsed ?? 1}`);
    return text;
  };
  return {
    version: browser.version(),
    async run(tasks, threads) {
      const { pg, seen } = await start(browserBenchCode(tasks, BATCH), threads);
      const out: Array<{ cpuSeconds: number; wallMs: number }> = [];
      for (let i = 0; i < tasks.length; i++) {
        await seen(`BENCH ready ${i}`);
        await new Promise((r) => setTimeout(r, PAUSE_MS / 5));
        const cpu0 = chromiumCpuSeconds();
        await seen(`BENCH done ${i} `);
        const cpu = chromiumCpuSeconds() - cpu0;
        const text = (await pg.locator('[data-output]').textContent()) ?? '';
        const wallMs = Number(new RegExp(`BENCH done ${i} ([\\d.]+)`).exec(text)?.[1]);
        out.push({ cpuSeconds: cpu, wallMs });
      }
      await finished(pg, seen, threads);
      return out;
    },
    async tta(seed, target, epochs, threads) {
      const { pg, seen } = await start(await browserRecipeCode(seed, target, epochs), threads);
      const text = await finished(pg, seen, threads);
      const history = [...text.matchAll(/BENCH epoch (\d+) ([\d.]+) (\d+)/g)].map((m) => ({
        epoch: Number(m[1]),
        testAccuracy: Number(m[2]),
        seconds: Number(m[3]) / 1000,
      }));
      const last = history.at(-1);
      return { reached: (last?.testAccuracy ?? 0) >= target, epoch: last?.epoch ?? 0, seconds: last?.seconds ?? 0, history };
    },
    async close() {
      await browser.close();
      server.stop();
    },
  };
}

// ---- Run ----------------------------------------------------------------------------------------

const cpuModel = cpus()[0]?.model ?? 'unknown CPU';
const loadStart = loadavg();
const node = forkWorker(path.join(ROOT, 'scripts/bench-train/tfjs-worker.ts'), 'Node WASM');
const python = flag('no-torch') ? null : findPython();
if (!flag('no-torch') && !python)
  notes.push('PyTorch rows skipped: no python3 with torch (Debian: apt-get install python3-torch libopenblas0-pthread).');
const torch: Worker | null = python ? spawnPython(python, path.join(ROOT, 'scripts/bench-train/torch_worker.py')) : null;
const convnet = flag('no-convnetjs') ? null : forkWorker(path.join(ROOT, 'scripts/bench-train/convnet-worker.ts'), 'ConvNetJS');
const browser = flag('no-browser') ? null : await startBrowser();

const nodeInfo = await node.ask<Answer>({ cmd: 'info' });
const torchInfo = torch ? await torch.ask<Answer>({ cmd: 'info' }) : null;
const convnetInfo = convnet ? await convnet.ask<Answer>({ cmd: 'info' }) : null;

console.log(`bench:train — ${cpuModel}, ${cpus().length} cores, load average ${loadStart.map((l) => l.toFixed(1)).join(' ')} at the start`);
console.log(
  `TF.js ${nodeInfo.tfjs} (WASM, SIMD ${nodeInfo.simd}) on Node ${nodeInfo.node}` +
    (browser ? ` and Chromium ${browser.version}` : '') +
    (torchInfo ? `; PyTorch ${torchInfo.torch} (${torchInfo.threads} thread, BLAS ${torchInfo.blas}, Python ${torchInfo.python})` : '') +
    (convnetInfo ? `; ConvNetJS ${convnetInfo.convnetjs}` : ''),
);
console.log(
  `${ROUNDS} interleaved rounds; batch ${BATCH}; steps per measurement: book ${STEPS.book}, mnist ${STEPS.mnist} (ConvNetJS ${CONVNET_STEPS.book} and ${CONVNET_STEPS.mnist}), after warm-up\n`,
);

const rate = (r: TrainResult) => r.steps / r.cpuSeconds;
for (let round = 1; round <= ROUNDS; round++) {
  const line: string[] = [];
  if (browser) {
    const tasks: BrowserTask[] = [...NET_NAMES.map((net) => ({ kind: 'train' as const, net, steps: STEPS[net] })), { kind: 'matmul', ...MATMUL }];
    try {
      const res = await browser.run(tasks, false);
      NET_NAMES.forEach((net, i) => {
        const r = res[i];
        if (r) rates.chromium[net].push(STEPS[net] / r.cpuSeconds);
        if (r) wall.one[net].push(STEPS[net] / (r.wallMs / 1000));
      });
      const mm = res[NET_NAMES.length];
      if (mm) matmul.chromium.push((2 * MATMUL.size ** 3 * MATMUL.reps) / mm.cpuSeconds / 1e9);
      line.push(`chromium ${NET_NAMES.map((n) => rates.chromium[n].at(-1)?.toFixed(1)).join('/')}`);
    } catch (e) {
      line.push(`chromium failed: ${(e as Error).message.split('\n')[0]}`);
    }
    try {
      const res = await browser.run(
        NET_NAMES.map((net) => ({ kind: 'train' as const, net, steps: STEPS[net] })),
        true,
      );
      NET_NAMES.forEach((net, i) => {
        const r = res[i];
        if (r) wall.all[net].push(STEPS[net] / (r.wallMs / 1000));
      });
    } catch (e) {
      line.push(`chromium threaded failed: ${(e as Error).message.split('\n')[0]}`);
    }
  }
  for (const net of NET_NAMES)
    rates.node[net].push(rate(await node.ask<TrainResult & Answer>({ cmd: 'train', net, steps: STEPS[net], batch: BATCH })));
  matmul.node.push((await node.ask<Answer & { gflops: number }>({ cmd: 'matmul', ...MATMUL })).gflops);
  line.push(`node ${NET_NAMES.map((n) => rates.node[n].at(-1)?.toFixed(1)).join('/')}`);
  if (torch) {
    for (const net of NET_NAMES)
      rates.pytorch[net].push(rate(await torch.ask<TrainResult & Answer>({ cmd: 'train', net, steps: STEPS[net], batch: BATCH })));
    matmul.pytorch.push((await torch.ask<Answer & { gflops: number }>({ cmd: 'matmul', ...MATMUL })).gflops);
    line.push(`pytorch ${NET_NAMES.map((n) => rates.pytorch[n].at(-1)?.toFixed(1)).join('/')}`);
  }
  if (convnet) {
    for (const net of NET_NAMES)
      rates.convnetjs[net].push(rate(await convnet.ask<TrainResult & Answer>({ cmd: 'train', net, steps: CONVNET_STEPS[net], batch: BATCH })));
    line.push(`convnetjs ${NET_NAMES.map((n) => rates.convnetjs[n].at(-1)?.toFixed(2)).join('/')}`);
  }
  console.log(`round ${round}/${ROUNDS} (steps per CPU-second, book/mnist): ${line.join('; ')}`);
}

// The CPU backend only builds the models whose multiply-adds are counted (quietly: in Node it
// would print its advice to install tfjs-node).
const saved = { log: console.log, warn: console.warn };
Object.assign(console, { log: () => undefined, warn: () => undefined });
await tf.setBackend('cpu');
tf.tidy(() => tf.zeros([1]).dataSync()); // the advice prints on the first op
Object.assign(console, saved);
const flops = Object.fromEntries(NET_NAMES.map((net) => [net, trainStepFlops(buildNet(net, 1), BATCH)])) as Record<NetName, number>;
const matmulOf: Partial<Record<Engine, number>> = {
  chromium: matmul.chromium.length ? median(matmul.chromium) : undefined,
  node: median(matmul.node),
};

for (const net of NET_NAMES) {
  console.log(
    `\n${net === 'book' ? 'Book CNN (conv 20@5×5, pool, conv 50@5×5, pool, dense 128, dropout, dense 10)' : 'mnist-train net (conv 8@3×3, pool, conv 16@3×3, pool, dense 10)'}: ` +
      `${(flops[net] / 1e9).toFixed(3)} GFLOP per step at batch ${BATCH}`,
  );
  const rows: Record<string, Record<string, string>> = {};
  for (const engine of Object.keys(rates) as Engine[]) {
    const xs = rates[engine][net];
    if (!xs.length) continue;
    const perRound = xs.map((x, i) => x / (rates.pytorch[net][i] ?? Number.NaN)).filter(Number.isFinite);
    const gflops = (median(xs) * flops[net]) / 1e9;
    const ceiling = matmulOf[engine];
    rows[ENGINE_LABEL[engine]] = {
      'steps/CPU-s min / median / max': spread(xs, engine === 'convnetjs' ? 2 : 1),
      '× PyTorch per round min / median / max': perRound.length && engine !== 'pytorch' ? spread(perRound, 2) : '—',
      'GFLOP/s': gflops.toFixed(1),
      'of WASM matmul': ceiling ? `${((100 * gflops) / ceiling).toFixed(0)} %` : '—',
    };
  }
  console.table(rows);
}
console.log(
  `\n1024² float32 matrix product, GFLOP/s per CPU-second (min / median / max): ` +
    (Object.entries(matmul) as Array<[Engine, number[]]>)
      .filter(([, xs]) => xs.length)
      .map(([e, xs]) => `${ENGINE_LABEL[e]} ${spread(xs)}`)
      .join('; '),
);

if (wall.all.book.length) {
  console.log(
    `\nChromium, both cores (${cpus().length} logical): threaded WASM on a cross-origin-isolated page against one thread, wall-clock steps per second, same rounds:`,
  );
  const rows: Record<string, Record<string, string>> = {};
  for (const net of NET_NAMES) {
    const ratio = wall.all[net].map((x, i) => x / (wall.one[net][i] ?? Number.NaN)).filter(Number.isFinite);
    rows[net === 'book' ? 'book CNN' : 'mnist-train net'] = {
      'one thread, steps/s min / median / max': spread(wall.one[net]),
      'all cores, steps/s min / median / max': spread(wall.all[net]),
      'speed-up per round min / median / max': spread(ratio, 2),
    };
  }
  console.table(rows);
  if (torch) {
    // What this machine's cores give native code: threads share caches, memory bandwidth and, on
    // many virtual machines, one physical core's vector units.
    const n = cpus().length;
    const gflops = async (threads: number) => (await torch.ask<Answer & { gflops: number }>({ cmd: 'matmul', size: 2048, reps: 5, threads })).gflops;
    const one: number[] = [];
    const all: number[] = [];
    for (let r = 0; r < 3; r++) {
      one.push(await gflops(1));
      all.push(await gflops(n));
    }
    const ratio = all.map((x, i) => x / (one[i] ?? Number.NaN));
    console.log(
      `The same machine's native ceiling: PyTorch (OpenBLAS) 2048² float32 matrix product, wall-clock GFLOP/s, 1 thread ${spread(one)}, ` +
        `${n} threads ${spread(all)}; speed-up ${spread(ratio, 2)} (3 rounds, min / median / max).`,
    );
  }
}

if (!flag('no-dream') && existsSync(path.join(DARKNET, 'model.json'))) {
  const dream: Record<'node' | 'pytorch', number[]> = { node: [], pytorch: [] };
  for (let round = 0; round < 2; round++) {
    dream.node.push((await node.ask<Answer & { cpuSeconds: number }>({ cmd: 'dream', dir: DARKNET, ...DREAM })).cpuSeconds);
    if (torch) dream.pytorch.push((await torch.ask<Answer & { cpuSeconds: number }>({ cmd: 'dream', dir: DARKNET, ...DREAM })).cpuSeconds);
  }
  console.log(
    `\nDeepDream, Tiny Darknet to leaky_re_lu_8, ${DREAM.octaves} octaves × ${DREAM.steps} steps, ${DREAM.size} px, CPU seconds (2 rounds, min / median / max): ` +
      (Object.entries(dream) as Array<[Engine, number[]]>)
        .filter(([, xs]) => xs.length)
        .map(([e, xs]) => `${ENGINE_LABEL[e]} ${spread(xs)}`)
        .join('; ') +
      (dream.node.length && dream.pytorch.length ? `; project / PyTorch ${(median(dream.node) / median(dream.pytorch)).toFixed(1)}×` : '') +
      '. (In Chromium: npm run bench:deepdream.)',
  );
} else if (!flag('no-dream')) notes.push(`DeepDream skipped: no local Tiny Darknet in ${DARKNET}.`);

if (!flag('no-tta')) {
  console.log(
    '\nTime to 98 % test accuracy, book recipe (8,000 training digits, augmentation, Adam 2e-3 with warm-up and cosine over 15 epochs, batch 64), CPU seconds:',
  );
  const rows: Record<string, Record<string, string>> = {};
  for (const seed of SEEDS) {
    for (const [engine, worker] of [
      ['node', node],
      ['pytorch', torch],
    ] as const) {
      if (!worker) continue;
      const r = await worker.ask<TtaResult & Answer>({ cmd: 'tta', seed, target: 0.98, epochs: 15 });
      rows[`${ENGINE_LABEL[engine]}, seed ${seed}`] = {
        'reached 98 %': reachedCell(r),
        'CPU seconds': r.cpuSeconds.toFixed(1),
        'test accuracy per epoch': accuracies(r),
      };
    }
  }
  console.table(rows);
  if (browser) {
    console.log(
      '\nThe same recipe in Chromium, through the built /playground/ (WASM), wall-clock seconds from the first step (data loaded, backend started):',
    );
    const browserRows: Record<string, Record<string, string>> = {};
    for (const seed of SEEDS) {
      for (const threads of [true, false]) {
        const label = `Chromium WASM, ${threads ? `all ${cpus().length} cores (threaded)` : 'one thread'}, seed ${seed}`;
        try {
          const r = await browser.tta(seed, 0.98, 15, threads);
          browserRows[label] = {
            'reached 98 %': reachedCell(r),
            'wall seconds': r.seconds.toFixed(1),
            'test accuracy per epoch': accuracies(r),
          };
        } catch (e) {
          browserRows[label] = {
            'reached 98 %': `failed: ${(e as Error).message.split('\n')[0]}`,
            'wall seconds': '—',
            'test accuracy per epoch': '',
          };
        }
      }
    }
    console.table(browserRows);
  }
}

console.log(
  `\nLoad average at the end: ${loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')}`,
);
for (const note of notes) console.log(note);
node.close();
torch?.close();
convnet?.close();
await browser?.close();
