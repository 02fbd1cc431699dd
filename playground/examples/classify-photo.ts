// Name what is in a photo with Tiny Darknet, a small network trained on ImageNet's 1000 classes.
// Upload, drop or take a photo above; without one, we classify a picture the playground draws.
import * as tf from '@tensorflow/tfjs';
import { fromRgba, generateImage, inputs, log, models, progress, show, table } from 'playground';

// Get data: your photo as a float tensor [height, width, 3] in 0..1, or a generated scene.
const photo = inputs().image;
const image = photo ? fromRgba(photo) : generateImage('shapes', 224);
log(photo ? `Your image “${photo.name}”, ${photo.width}×${photo.height}.` : 'No photo chosen: a generated scene (a house under the sun).');

// Load the model: Tiny Darknet (4.2 MB) comes from a public CDN, once per page. If it cannot be
// downloaded (offline, blocked), loadWithFallback says why and loads the book's MNIST CNN instead.
const bar = progress('Downloading the model', 100);
const model = await models.loadWithFallback('tiny-darknet', {
  onProgress: (loaded, total) => bar.set(Math.floor((100 * loaded) / Math.max(1, total))),
});
bar.set(100);
if (model.fellBack) {
  log(
    'Tiny Darknet could not be downloaded, so the book’s MNIST CNN answers instead. It knows only the ' +
      'digits 0–9 (white on black), so its answer shows the steps working, not what is in your photo.',
  );
}

// Run: networks for ImageNet take a square image of a fixed size (224×224 here). Cutting out the
// centre square first keeps shapes undistorted; resizing a wide photo straight to a square would
// squash it. preprocess() then resizes it (and makes it grey for the MNIST CNN).
const [h, w] = image.shape;
const side = Math.min(h, w);
const square = image.slice([Math.floor((h - side) / 2), Math.floor((w - side) / 2), 0], [side, side, 3]);
const seen = model.preprocess(square);
const top5 = await model.classify(square, 5);

// Show what the network sees and its five best guesses. The probabilities come from a softmax over
// all classes: they sum to 1 over the 1000 ImageNet classes, not over these five.
await show(seen, { label: `what ${model.name} sees (${seen.shape[1]}×${seen.shape[2]})` });
table(
  top5.map((p, i) => ({ rank: i + 1, class: p.label, probability: `${(100 * p.probability).toFixed(1)} %` })),
  `Top 5 of ${model.classes?.length ?? 'all'} classes (${model.name})`,
);
log(`Best guess: ${top5[0].label} (${(100 * top5[0].probability).toFixed(1)} %).`);

tf.dispose([image, square, seen]);
model.dispose();
