// How long would AlexNet take to train on this device? We time real training steps on each of
// the browser's backends, count the arithmetic of those steps from the network's architecture,
// and scale up to AlexNet's recipe: about 90 passes over ImageNet's 1.28 million images.
import * as tf from '@tensorflow/tfjs';
import { architecture, backends, log, param, plot, progress, table, trainingRuns } from 'playground';

const workload = param('workload', 'alexnet');
const which = param('backends', 'all');
const secondsEach = param('seconds', 3);
const includeCpu = param('cpu', false);

// ---- what we time: a network described as data, so its arithmetic is counted, not guessed ----
const { ALEXNET, BOOK_CNN } = architecture;
const convolutions = ALEXNET.layers.slice(0, ALEXNET.layers.findIndex((l) => l.kind === 'dense'));
const timed: architecture.Architecture =
  workload === 'alexnet'
    ? {
        // AlexNet's five convolutional layers at full size (its three dense layers hold 58 million
        // weights, too many for many browsers), with a small classifier on top.
        name: "AlexNet's convolutional layers",
        input: ALEXNET.input,
        layers: [...convolutions, { kind: 'globalPool', name: 'gap' }, { kind: 'dense', name: 'head', units: 1000 }],
      }
    : BOOK_CNN;
const batch = workload === 'alexnet' ? 8 : 64;
const classes = architecture.outputShape(timed.input, timed.layers)[2];
const flopsPerImage = architecture.trainingFlops(timed);
const alexnet = architecture.summarize(ALEXNET);
const work = trainingRuns.alexnetTrainingWork();
log(`Timing ${timed.name}: ${(flopsPerImage / 1e9).toFixed(3)} GFLOP to train on one image, ${batch} images per step.`);
log(
  `AlexNet: ${alexnet.params.toLocaleString('en')} parameters, ${(alexnet.trainingFlops / 1e9).toFixed(2)} GFLOP per training image; ` +
    `${trainingRuns.ALEXNET_EPOCHS} epochs of ${trainingRuns.IMAGENET_TRAIN_IMAGES.toLocaleString('en')} images = ${work.toExponential(2)} FLOP.`,
);

// ---- which backends: all that can start here (plain JavaScript only on request), or the current one
const original = backends.current();
const candidates = which === 'current' ? [original] : backends.all.filter((b) => b !== 'cpu' || includeCpu);

/** Wait until every queued operation has run: GPU backends work asynchronously. */
async function finished(net: architecture.Network): Promise<void> {
  // The last weight update is the last operation a step queues, and a GPU runs its queue in order:
  // once that weight can be read, the whole step has run.
  const probe = tf.tidy(() => tf.sum(net.variables.at(-1)!));
  await probe.data();
  probe.dispose();
}

interface Result {
  backend: string;
  imagesPerSecond: number;
  flopsPerSecond: number;
  steps: number;
  seconds: number;
}
const results: Result[] = [];
for (const name of candidates) {
  const { used, notices } = await backends.use(name);
  if (used !== name) {
    log(notices[0] ?? `${name} could not start here.`);
    continue;
  }
  const net = architecture.build(timed, { seed: 1 });
  const optimizer = tf.train.sgd(0.001);
  const images = tf.randomNormal([batch, ...timed.input]) as tf.Tensor4D;
  const labels = tf.tidy(() => tf.oneHot(tf.randomUniform([batch], 0, classes, 'int32') as tf.Tensor1D, classes));
  const step = async () => {
    optimizer.minimize(() => tf.losses.softmaxCrossEntropy(labels, net.apply(images)) as tf.Scalar, false, net.variables);
    await finished(net);
  };
  // One untimed step first: GPU backends compile their programs, WASM allocates memory.
  const bar = progress(`Timing on ${name}`, secondsEach);
  const warm = performance.now();
  await step();
  const warmSeconds = (performance.now() - warm) / 1000;
  let steps = 0;
  let seconds = 0;
  if (warmSeconds > secondsEach) {
    // So slow that one step is all the time allowed: count that step (start-up included).
    [steps, seconds] = [1, warmSeconds];
  } else {
    const start = performance.now();
    while (seconds < secondsEach && steps < 200) {
      await step();
      steps++;
      seconds = (performance.now() - start) / 1000;
      bar.set(Math.min(seconds, secondsEach));
    }
  }
  bar.set(secondsEach);
  const imagesPerSecond = (steps * batch) / seconds;
  results.push({ backend: name, imagesPerSecond, flopsPerSecond: imagesPerSecond * flopsPerImage, steps, seconds });
  tf.dispose([images, labels]);
  net.dispose();
  optimizer.dispose();
}
await backends.use(original);

// ---- extrapolate: AlexNet's training at the rate each backend sustained ------------------------
const DAY = 86400;
const days = (seconds: number) => seconds / DAY;
const readable = (seconds: number) =>
  seconds >= 365 * DAY ? `${(seconds / (365 * DAY)).toFixed(1)} years` : seconds >= DAY ? `${(seconds / DAY).toFixed(1)} days` : seconds >= 3600 ? `${(seconds / 3600).toFixed(1)} hours` : seconds >= 60 ? `${(seconds / 60).toFixed(1)} minutes` : `${seconds.toFixed(2)} s`;
table(
  results.map((r) => ({
    backend: r.backend,
    'images / s': r.imagesPerSecond.toPrecision(3),
    'GFLOP / s': (r.flopsPerSecond / 1e9).toPrecision(3),
    'steps timed': r.steps,
    'AlexNet, 90 epochs': readable(trainingRuns.secondsForAlexnet(r.flopsPerSecond)),
  })),
  `Measured on ${timed.name}, ${batch} images per step`,
);

// The published runs: AlexNet's own times as reported, and two other runs converted through the
// arithmetic rate they sustained (FLOPs of their training ÷ their time).
const year = new Date().getFullYear();
const reported = ['alexnet-2012', 'alexnet-2018'].map((id) => trainingRuns.find(id));
const converted = ['resnet50-2017', 'llama3-2024'].map((id) => trainingRuns.find(id));
plot.scatter(
  'Time to train AlexNet (90 epochs of ImageNet)',
  [
    { name: 'reported (AlexNet)', points: reported.map((r) => [r.year, days(r.seconds)]), labels: reported.map((r) => `${r.label}: ${readable(r.seconds)}`) },
    {
      name: 'at the arithmetic rate of a later run',
      points: converted.map((r) => [r.year, days(trainingRuns.secondsForAlexnet(r.flopsPerSecond!))]),
      labels: converted.map((r) => `${r.label}: ${readable(trainingRuns.secondsForAlexnet(r.flopsPerSecond!))}`),
    },
    {
      name: 'this device',
      points: results.map((r) => [year, days(trainingRuns.secondsForAlexnet(r.flopsPerSecond))]),
      labels: results.map((r) => `${r.backend}: ${readable(trainingRuns.secondsForAlexnet(r.flopsPerSecond))}`),
    },
  ],
  { xLabel: 'year', yLabel: 'days (log scale)', yScale: 'log', compare: true, description: 'Days to train AlexNet, by year: the published runs and this device on each backend.' },
);

const best = results.reduce<Result | null>((a, r) => (a && a.flopsPerSecond >= r.flopsPerSecond ? a : r), null);
if (best) {
  const ratio = trainingRuns.secondsForAlexnet(best.flopsPerSecond) / trainingRuns.find('alexnet-2012').seconds;
  log(
    `Fastest here: ${best.backend}, ${(best.flopsPerSecond / 1e9).toFixed(1)} GFLOP/s. At that rate AlexNet's training would take ` +
      `${readable(trainingRuns.secondsForAlexnet(best.flopsPerSecond))}, ${ratio.toFixed(0)} times as long as on the two GPUs of 2012.`,
  );
}
