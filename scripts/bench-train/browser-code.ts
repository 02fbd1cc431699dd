/**
 * The playground code bench:train runs in Chromium through the built site (/playground/, opened
 * from a share link, WASM backend): the same two networks as scripts/train-nets.ts, trained on the
 * MNIST asset with the calls the examples make, and TF.js's own 1024² matrix product.
 *
 * Each task is bracketed by "BENCH ready <i>" and "BENCH done <i> <ms>" log lines with a pause
 * after each: the orchestrator reads the browser's CPU time while the worker sits idle, so the
 * CPU seconds it measures hold the task and nothing of the set-up.
 */
export type BrowserTask = { kind: 'train'; net: 'book' | 'mnist'; steps: number } | { kind: 'matmul'; size: number; reps: number };

export const PAUSE_MS = 500;

export function browserBenchCode(tasks: BrowserTask[], batch: number): string {
  return `// bench:train: training steps and a matrix product, timed by the page's driver.
import * as tf from '@tensorflow/tfjs';
import { data, log } from 'playground';

const TASKS = ${JSON.stringify(tasks)} as const;
const BATCH = ${batch};
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function build(net: string): tf.Sequential {
  let k = 0;
  if (net === 'book') {
    const he = () => tf.initializers.heNormal({ seed: 1 + ++k });
    return tf.sequential({ layers: [
      tf.layers.conv2d({ inputShape: [28, 28, 1], filters: 20, kernelSize: 5, activation: 'relu', kernelInitializer: he() }),
      tf.layers.maxPooling2d({ poolSize: 2 }),
      tf.layers.conv2d({ filters: 50, kernelSize: 5, activation: 'relu', kernelInitializer: he() }),
      tf.layers.maxPooling2d({ poolSize: 2 }),
      tf.layers.flatten(),
      tf.layers.dense({ units: 128, activation: 'relu', kernelInitializer: he() }),
      tf.layers.dropout({ rate: 0.4 }),
      tf.layers.dense({ units: 10, activation: 'softmax', kernelInitializer: tf.initializers.glorotUniform({ seed: 1 + ++k }) }),
    ] });
  }
  const glorot = () => tf.initializers.glorotUniform({ seed: 1 + ++k });
  return tf.sequential({ layers: [
    tf.layers.conv2d({ inputShape: [28, 28, 1], filters: 8, kernelSize: 3, activation: 'relu', kernelInitializer: glorot() }),
    tf.layers.maxPooling2d({ poolSize: 2 }),
    tf.layers.conv2d({ filters: 16, kernelSize: 3, activation: 'relu', kernelInitializer: glorot() }),
    tf.layers.maxPooling2d({ poolSize: 2 }),
    tf.layers.flatten(),
    tf.layers.dense({ units: 10, activation: 'softmax', kernelInitializer: glorot() }),
  ] });
}

const mnist = await data.mnist({ splits: ['train'], progress: false });
for (const [i, task] of TASKS.entries()) {
  let run: () => Promise<void>;
  let done = () => {};
  if (task.kind === 'matmul') {
    const a = tf.randomNormal([task.size, task.size], 0, 1, 'float32', 1) as tf.Tensor2D;
    const b = tf.randomNormal([task.size, task.size], 0, 1, 'float32', 2) as tf.Tensor2D;
    const once = () => void tf.tidy(() => tf.matMul(a, b)).dataSync();
    once();
    once();
    run = async () => { for (let r = 0; r < task.reps; r++) once(); };
    done = () => tf.dispose([a, b]);
  } else {
    const model = build(task.net);
    const optimizer = tf.train.adam(1e-3);
    model.compile({ optimizer, loss: 'categoricalCrossentropy' });
    let epoch = 0;
    let batches = mnist.batches('train', BATCH, epoch);
    const step = async () => {
      let next = batches.next();
      if (next.done) { batches = mnist.batches('train', BATCH, ++epoch); next = batches.next(); }
      if (next.done) throw new Error('no data');
      await model.trainOnBatch(next.value.xs, next.value.ys);
      tf.dispose([next.value.xs, next.value.ys]);
    };
    for (let s = 0; s < 3; s++) await step();
    run = async () => { for (let s = 0; s < task.steps; s++) await step(); };
    done = () => { model.dispose(); optimizer.dispose(); };
  }
  log(\`BENCH ready \${i}\`);
  await sleep(${PAUSE_MS});
  const t0 = performance.now();
  await run();
  log(\`BENCH done \${i} \${(performance.now() - t0).toFixed(1)}\`);
  done();
  await sleep(${PAUSE_MS});
}
mnist.dispose();
log(\`BENCH finished on \${tf.getBackend()}\`);
`;
}
