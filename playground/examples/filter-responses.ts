// What does each first-layer filter of a trained network pick out of an image? We take Tiny Darknet,
// trained on a million ImageNet photos, show each of its first-layer filters enlarged, and next to
// it the feature map the filter makes on a picture: light where the picture matches the filter's
// pattern, dark where it matches its opposite. Choose your own photo above to see it on yours.
import * as tf from '@tensorflow/tfjs';
import { generateImage, inputs, log, models, param, progress, showGrid, table } from 'playground';

const MODEL = param('model', 'tiny-darknet') === 'book-cnn' ? 'book-cnn' : 'tiny-darknet';

// Data: your photo as [height, width, 3] in 0..1, or a scene the playground draws.
const photo = inputs().image;
const image = photo
  ? tf.tidy(() => tf.tensor3d(Int32Array.from(photo.rgba), [photo.height, photo.width, 4]).slice([0, 0, 0], [-1, -1, 3]).div(255) as tf.Tensor3D)
  : generateImage('shapes', 224);
log(photo ? `Your image “${photo.name}”, ${photo.width}×${photo.height}.` : 'No photo chosen: a generated scene (a house under the sun).');

// Model: Tiny Darknet comes from a public CDN (4.2 MB); offline, the book's digit CNN stands in.
const bar = progress('Downloading the model', 100);
const model = await models.loadWithFallback(MODEL, { onProgress: (loaded, total) => bar.set(Math.floor((100 * loaded) / Math.max(1, total))) });
bar.set(100);
const firstConv = model.layers().find((l) => l.className === 'Conv2D');
if (!firstConv) throw new Error(`${model.name} has no convolution layer`);
const kernel = models.firstLayerFilters(model); // [kh, kw, channels, filters]
const [kh, kw, channels, count] = kernel.shape;
log(`${model.name}: ${count} first-layer filters of ${kh}×${kw} pixels × ${channels} channel${channels === 1 ? '' : 's'} (layer “${firstConv.name}”).`);

// Run: the network's own input (resized, scaled as in training), then the first layer's output.
const input = model.preprocess(image);
const [maps] = model.activations(input, [firstConv.name]) as [tf.Tensor4D];

// Show: each filter (stretched to black..white on its own; in colour when it has 3 channels) …
const filters = tf.tidy(() => tf.unstack(kernel, 3).map((f) => f as tf.Tensor3D));
await showGrid(filters, { title: `${model.name}: the ${count} first-layer filters`, labels: filters.map((_, i) => `filter ${i + 1}`), scale: kh <= 3 ? 16 : 8 });
// … and its feature map on the picture (each stretched on its own too).
const perFilter = tf.tidy(() => tf.unstack(maps.squeeze([0]) as tf.Tensor3D, 2));
await showGrid(perFilter, { title: `Feature maps on the picture (${maps.shape[1]}×${maps.shape[2]})`, labels: perFilter.map((_, i) => `map ${i + 1}`) });

// How much of each filter is a light–dark pattern (the same for red, green and blue) and how much
// is a colour difference (red against green, blue against yellow…)? Split the weights into the
// mean over channels and what is left, and compare their energies.
if (channels === 3) {
  const shares = tf.tidy(() => {
    const grey = kernel.mean(2, true);
    const colour = kernel.sub(grey);
    const greyEnergy = grey.square().sum([0, 1, 2]).mul(channels);
    const colourEnergy = colour.square().sum([0, 1, 2]);
    return colourEnergy.div(greyEnergy.add(colourEnergy)).arraySync() as number[];
  });
  table(
    shares.map((s, i) => ({ filter: i + 1, 'light–dark share': `${Math.round(100 * (1 - s))} %`, 'colour share': `${Math.round(100 * s)} %` })),
    'What each filter weighs: brightness pattern or colour',
  );
  const colourful = shares.filter((s) => s > 0.5).length;
  log(`${colourful} of ${count} filters put more weight on colour differences than on light–dark patterns.`);
}

tf.dispose([image, kernel, input, maps, ...filters, ...perFilter]);
model.dispose();
