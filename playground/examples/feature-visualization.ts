// What does a channel "want to see"? Start from faint grey noise and change the pixels, step by
// step, until one channel of a layer responds strongly. Jitter (small random shifts) and an
// occasional blur are the image prior: switch them off to see plain gradient ascent's speckle.
import * as tf from '@tensorflow/tfjs';
import { deepdream, log, models, param, progress, show, table } from 'playground';

const loaded = await models.loadWithFallback('tiny-darknet');
const net = loaded.withInputSize(null, null); // the convolutional part, for any image size
const wanted = param('layer', 'leaky_re_lu_8');
const layer = net.layers.some((l) => l.name === wanted) ? wanted : net.layers.filter((l) => /Conv/.test(l.getClassName())).at(-1)!.name;
const depth = (net.getLayer(layer).output as tf.SymbolicTensor).shape.at(-1) as number;

const size = param('size', 96);
const steps = param('steps', 40);
const count = Math.min(param('count', 6), depth);
const firstChannel = param('channel', 0);
const channels = Array.from({ length: count }, (_, i) => (firstChannel + i) % depth);
log(`${loaded.name}, layer ${layer} (${depth} channels): channels ${channels.join(', ')}, ${size}×${size} pixels, ${steps} steps each.`);

const features = deepdream.makeFeatureModel(net, layer);
const bar = progress('Optimising', count * steps);
const rows: Array<Record<string, number>> = [];
for (const channel of channels) {
  const label = `channel ${channel}`;
  let start = NaN;
  const image = await deepdream.visualizeChannel(net, layer, channel, {
    size,
    steps,
    stepSize: param('stepSize', 0.02),
    seed: channel + 1,
    jitter: param('jitter', true) ? Math.round(size / 16) : 0, // largest random shift, in pixels
    blurEvery: param('blur', true) ? 4 : 0, // a 3×3 blur every 4 steps (0 = never)
    onStep: async (img, info) => {
      if (info.step === 0) start = info.objective;
      bar.tick();
      if (info.step % 5 === 4) await show(img, { label, group: 'channels' }); // watch it form
    },
  });
  await show(image, { label, group: 'channels' });
  // How strongly the channel responds to the finished picture, for comparison with the start.
  const end = tf.tidy(() => deepdream.applyFeatures(features, image.expandDims(0)).slice([0, 0, 0, channel], [-1, -1, -1, 1]).mean());
  rows.push({ channel, 'mean activation at start': start, 'at the end': (await end.data())[0]! });
  tf.dispose([image, end]);
}
table(rows, `What each channel of ${layer} responds to: its mean activation before and after`);
loaded.dispose();
