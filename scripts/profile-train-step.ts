/**
 * Where a training step's time goes, kernel by kernel, on the WASM backend in Node.
 *
 *   npx tsx scripts/profile-train-step.ts               # the book CNN, batch 64
 *   npx tsx scripts/profile-train-step.ts --net mnist   # the mnist-train example's net
 *   npx tsx scripts/profile-train-step.ts --steps 20 --off   # more steps; original WASM kernels
 *
 * Runs a few warm-up steps, then times --steps trainOnBatch calls and prints, per kernel name and
 * input shapes, CPU milliseconds per step (the machine is shared). Kernels that our rewrites
 * dispatch from inside another kernel are listed too, indented under no one: read the table as
 * "time inside kernels of this name", so nested rows overlap their callers.
 */
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../playground/runtime/backends.ts';
import { setWasmKernelOverrides } from '../playground/runtime/wasm-kernels.ts';
import { buildNet, type NetName } from './train-nets.ts';

const args = process.argv.slice(2);
const value = (name: string, fallback: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? (args[i + 1] ?? fallback) : fallback;
};
const net = value('net', 'book') as NetName;
const steps = Number(value('steps', '8'));
const batch = Number(value('batch', '64'));

if ((await initBackend('wasm')) !== 'wasm') throw new Error('WASM did not start');
if (args.includes('--off')) setWasmKernelOverrides(false);

const model = buildNet(net, 1);
model.compile({ optimizer: tf.train.adam(1e-3), loss: 'categoricalCrossentropy' });
const xs = tf.randomUniform([batch, 28, 28, 1], 0, 1, 'float32', 3);
const ys = tf
  .oneHot(
    tf.tensor1d(
      Array.from({ length: batch }, (_, i) => i % 10),
      'int32',
    ),
    10,
  )
  .toFloat();
for (let i = 0; i < 3; i++) await model.trainOnBatch(xs, ys);

/** CPU milliseconds of this process (the machine is shared: wall time would count other work). */
const cpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

// Wrap every WASM kernel: inclusive CPU time per kernel name and input shapes; nested calls
// (kernels our rewrites dispatch) are marked with the depth at which they ran.
const perKernel = new Map<string, number>();
let depth = 0;
for (const config of tf.getKernelsForBackend('wasm')) {
  const inner = config.kernelFunc;
  tf.unregisterKernel(config.kernelName, 'wasm');
  tf.registerKernel({
    ...config,
    kernelFunc: (kernelArgs) => {
      const key = `${'  '.repeat(depth)}${config.kernelName} ${Object.values(kernelArgs.inputs)
        .map((t) => `[${t?.shape}]`)
        .join(' ')}`;
      depth++;
      const t0 = cpuMs();
      try {
        return inner(kernelArgs);
      } finally {
        depth--;
        perKernel.set(key, (perKernel.get(key) ?? 0) + cpuMs() - t0);
      }
    },
  });
}
await model.trainOnBatch(xs, ys);
perKernel.clear();
const t0 = cpuMs();
for (let s = 0; s < steps; s++) await model.trainOnBatch(xs, ys);
const step = (cpuMs() - t0) / steps;
const rows = [...perKernel].map(([key, ms]) => ({ key, ms: ms / steps })).sort((a, b) => b.ms - a.ms);
const topLevel = rows.filter((r) => !r.key.startsWith(' ')).reduce((a, r) => a + r.ms, 0);
console.log(`${net} net, batch ${batch}: ${step.toFixed(1)} ms CPU per step over ${steps} steps; ${topLevel.toFixed(1)} ms in kernels (top level)`);
if (args.includes('--by-name')) {
  const byName = new Map<string, number>();
  for (const r of rows.filter((r) => !r.key.startsWith(' ')))
    byName.set(r.key.split(' ')[0] ?? '', (byName.get(r.key.split(' ')[0] ?? '') ?? 0) + r.ms);
  for (const [name, ms] of [...byName].sort((a, b) => b[1] - a[1])) console.log(`${ms.toFixed(2).padStart(8)} ms  ${name}`);
}
for (const r of rows.slice(0, Number(value('top', '40'))))
  console.log(`${r.ms.toFixed(2).padStart(8)} ms ${((100 * r.ms) / step).toFixed(1).padStart(5)} %  ${r.key}`);
