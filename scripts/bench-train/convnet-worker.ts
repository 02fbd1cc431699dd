/**
 * ConvNetJS 0.3 (Karpathy's plain-JavaScript library) in Node for `npm run bench:train`: the same
 * two networks, one example at a time as ConvNetJS trains, one optimiser step per `batch` examples.
 * Its npm release has no Adam; SGD with momentum stands in (the update is a few percent of a step).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { gunzipSync } from 'node:zlib';
import { type Command, cpuSeconds, type NetName, serve } from './protocol.ts';

interface Vol {
  w: Float64Array;
}
interface ConvNetJs {
  Vol: new (sx: number, sy: number, depth: number, fill: number) => Vol;
  Net: new () => { makeLayers(defs: object[]): void };
  Trainer: new (net: object, options: object) => { train(x: Vol, label: number): unknown };
}
const convnetjs = createRequire(import.meta.url)('convnetjs') as ConvNetJs;

const LAYERS: Record<NetName, object[]> = {
  book: [
    { type: 'input', out_sx: 28, out_sy: 28, out_depth: 1 },
    { type: 'conv', sx: 5, filters: 20, stride: 1, pad: 0, activation: 'relu' },
    { type: 'pool', sx: 2, stride: 2 },
    { type: 'conv', sx: 5, filters: 50, stride: 1, pad: 0, activation: 'relu' },
    { type: 'pool', sx: 2, stride: 2 },
    { type: 'fc', num_neurons: 128, activation: 'relu', drop_prob: 0.4 },
    { type: 'softmax', num_classes: 10 },
  ],
  mnist: [
    { type: 'input', out_sx: 28, out_sy: 28, out_depth: 1 },
    { type: 'conv', sx: 3, filters: 8, stride: 1, pad: 0, activation: 'relu' },
    { type: 'pool', sx: 2, stride: 2 },
    { type: 'conv', sx: 3, filters: 16, stride: 1, pad: 0, activation: 'relu' },
    { type: 'pool', sx: 2, stride: 2 },
    { type: 'softmax', num_classes: 10 },
  ],
};

function loadTrainingDigits(): Vol[] & { labels: number[] } {
  const dir = new URL('../../public/data/mnist/', import.meta.url);
  const meta = JSON.parse(readFileSync(new URL('meta.json', dir), 'utf8')) as { splits: { train: { offset: number; count: number } } };
  let images = readFileSync(new URL('images.u8.gz', dir));
  if (images[0] === 0x1f && images[1] === 0x8b) images = gunzipSync(images);
  const labels = readFileSync(new URL('labels.u8', dir));
  const { offset, count } = meta.splits.train;
  const vols = Object.assign([] as Vol[], { labels: [] as number[] });
  for (let i = offset; i < offset + count; i++) {
    const v = new convnetjs.Vol(28, 28, 1, 0);
    for (let p = 0; p < 784; p++) v.w[p] = (images[i * 784 + p] ?? 0) / 255;
    vols.push(v);
    vols.labels.push(labels[i] ?? 0);
  }
  return vols;
}

let digits: ReturnType<typeof loadTrainingDigits> | null = null;

function train(net: NetName, steps: number, batch: number) {
  digits ??= loadTrainingDigits();
  const model = new convnetjs.Net();
  model.makeLayers(LAYERS[net]);
  const trainer = new convnetjs.Trainer(model, { method: 'sgd', learning_rate: 0.01, momentum: 0.9, batch_size: batch, l2_decay: 0 });
  let k = 0;
  const examples = (n: number) => {
    for (let i = 0; i < n; i++, k = (k + 1) % (digits?.length ?? 1)) trainer.train(digits?.[k] as Vol, digits?.labels[k] ?? 0);
  };
  examples(batch); // warm-up: one step
  const cpu0 = cpuSeconds();
  const wall0 = performance.now();
  examples(steps * batch);
  return { steps, cpuSeconds: cpuSeconds() - cpu0, wallSeconds: (performance.now() - wall0) / 1000 };
}

serve(async (c: Command) => {
  if (c.cmd === 'info') return { convnetjs: (createRequire(import.meta.url)('convnetjs/package.json') as { version: string }).version };
  if (c.cmd === 'train') return train(c.net, c.steps, c.batch);
  return { error: `ConvNetJS worker: no ${c.cmd}` };
});
