// DeepDream: change a picture, pixel by pixel, so that one layer of a trained network becomes more
// active. Choose the network, the layer and the recipe with the controls above, press Run and watch
// the dream grow. Stop keeps the picture as it is (every picture has a Download button).
import * as tf from '@tensorflow/tfjs';
import { deepdream, fromRgba, generateImage, inputs, log, models, param, progress, show } from 'playground';

// ── The method: one step of gradient ascent on the pixels ───────────────────────────────────
// Training nudges the weights downhill on a loss. Dreaming freezes the weights and nudges the
// pixels uphill on the layer's activity. Edit this function and press Run to try your own ideas.
function dreamStep(features: tf.LayersModel, image: tf.Tensor3D, opts: deepdream.StepOptions, random = Math.random) {
  return tf.tidy(() => {
    // What to increase: the layer's mean activation (or one channel's, or the mean square).
    const objective = (x: tf.Tensor3D): tf.Scalar => {
      let act = deepdream.applyFeatures(features, x.expandDims(0)); // = features.apply(…), faster to differentiate
      if (opts.channel !== undefined) act = act.slice([0, 0, 0, opts.channel], [-1, -1, -1, 1]);
      return opts.objective === 'squares' ? act.square().mean() : act.mean();
    };
    // Jitter: shift the picture by a random offset (what leaves one edge comes back at the other).
    const j = opts.useJitter ? opts.jitter : 0;
    const dy = Math.floor(random() * (2 * j + 1)) - j;
    const dx = Math.floor(random() * (2 * j + 1)) - j;
    const shifted = deepdream.roll(image, dy, dx);
    // The gradient: how much each pixel value would raise the objective (backpropagation).
    const { value, grad } = tf.valueAndGrad(objective)(shifted);
    // Normalise it, so that a step moves the average pixel by stepSize, whatever the layer.
    const g = opts.normalizeGradient ? grad.div(grad.abs().mean().add(1e-8)) : grad;
    // Step uphill, keep the pixels in 0..1, and shift back.
    const stepped = shifted.add(g.mul(opts.stepSize)).clipByValue(0, 1) as tf.Tensor3D;
    return { image: deepdream.roll(stepped, -dy, -dx), objective: value };
  });
}

// ── The network: Tiny Darknet, the book's MNIST CNN, or your own model.json + weights ──────────
const choice = param('model', 'tiny-darknet');
const loaded =
  choice === 'mine'
    ? await models.fromFiles(inputs().files)
    : await models.loadWithFallback(choice === 'book-cnn' ? 'book-cnn' : 'tiny-darknet');
const net = loaded.withInputSize(null, null); // its convolutional part, for pictures of any size
const layer = pickLayer(param('layer', 'leaky_re_lu_8'));
const depth = (net.getLayer(layer).output as tf.SymbolicTensor).shape.at(-1) as number;
const wanted = param('channel', -1); // -1: the whole layer
const channel = wanted < 0 ? undefined : wanted % depth;

// ── The picture to start from, at most `size` pixels on its longer side ───────────────────────
const size = param('size', 224);
const fromNoise = param('start', 'picture') === 'noise';
const photo = fromNoise ? null : inputs().image; // the reader's photo, if any (already at most 512 px)
const picture = tf.tidy(() => {
  let rgb: tf.Tensor3D;
  if (fromNoise) {
    rgb = tf.randomUniform([size, size, 3], 0.3, 0.7, 'float32', 1);
  } else if (photo) {
    const s = Math.min(1, size / Math.max(photo.width, photo.height));
    rgb = tf.image.resizeBilinear(fromRgba(photo), [Math.round(photo.height * s), Math.round(photo.width * s)], true);
  } else {
    // The generated scene, with faint noise: perfectly flat areas give the gradient little to grow from.
    rgb = generateImage('shapes', size).add(tf.randomNormal([size, size, 3], 0, 0.02, 'float32', 1)).clipByValue(0, 1) as tf.Tensor3D;
  }
  return net.inputs[0]!.shape[3] === 1 ? rgb.mean(2, true) : rgb; // greyscale networks get grey pictures
}) as tf.Tensor3D;
const [height, width] = picture.shape;

log(`Dreaming with ${loaded.name} at ${layer}${channel === undefined ? ` (all ${depth} channels)` : `, channel ${channel} of ${depth}`}, from ${fromNoise ? 'noise' : photo ? `your “${photo.name}”` : 'the generated scene'} at ${width}×${height}.`);
await show(picture, { label: 'start', group: 'deepdream' });

// ── Dream: the octave loop (deepdream.dream) calls dreamStep above for every step ──────────────
const steps = param('steps', 10);
let bar: ReturnType<typeof progress> | undefined;
let first = NaN;
let last = NaN;
const started = Date.now();
const result = await deepdream.dream(net, picture, {
  layer,
  channel,
  objective: param('objective', 'mean') === 'squares' ? 'squares' : 'mean',
  octaves: param('octaves', 4),
  octaveScale: param('octaveScale', 1.4),
  stepsPerOctave: steps,
  stepSize: param('stepSize', 0.01),
  jitter: param('jitter', 32),
  useOctaves: param('useOctaves', true),
  useJitter: param('useJitter', true),
  normalizeGradient: param('normalize', true),
  step: dreamStep,
  onStep: async (image, info) => {
    bar ??= progress('Dreaming', info.totalSteps);
    bar.tick();
    if (info.step === 0) first = info.objective;
    last = info.objective;
    if (info.step === steps - 1) {
      const octaves = `${info.octave + 1} of ${info.totalSteps / steps}, ${image.shape[1]}×${image.shape[0]} pixels`;
      log(`Octave ${octaves}: objective ${first.toFixed(4)} → ${last.toFixed(4)}`);
    }
    // Show every step at the final size (the smaller octaves are enlarged for display).
    const frame = tf.tidy(() => tf.image.resizeBilinear(image, [height, width], true));
    await show(frame, { label: 'dream', group: 'deepdream' });
    frame.dispose();
  },
});
await show(result, { label: 'dream', group: 'deepdream' });
log(`Dreamed in ${((Date.now() - started) / 1000).toFixed(1)} s on ${tf.getBackend()}.`);
tf.dispose([picture, result]);
loaded.dispose();

/** The layer to dream at: the one asked for if the network has it, else a deep convolutional one. */
function pickLayer(name: string): string {
  if (net.layers.some((l) => l.name === name)) return name;
  const convs = net.layers.filter((l) => /Conv|ReLU|Activation/.test(l.getClassName())).map((l) => l.name);
  if (convs.length === 0) throw new Error(`${loaded.name} has no convolutional layer to dream at.`);
  const chosen = convs[Math.round(((convs.length - 1) * 2) / 3)]!;
  log(`${loaded.name} has no layer ${name}; using ${chosen}. Its layers: ${convs.join(', ')}.`);
  return chosen;
}
