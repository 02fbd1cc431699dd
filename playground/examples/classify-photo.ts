// Top-1 and top-5. Tiny Darknet, a small network trained on ImageNet's 1,000 classes, names what
// is in a photo; then we score its answer the way the ImageNet challenge scored entries: right
// at top-1 if its best guess is the photo's label, right at top-5 if the label is among its five
// best guesses. Choose a sample photo or your own above; without one, it classifies a picture
// the playground draws.
import * as tf from '@tensorflow/tfjs';
import { fromRgba, generateImage, inputs, log, models, plot, progress, samplePhotos, show, table } from 'playground';

// Get data: the photo as a float tensor [height, width, 3] in 0..1, or a generated scene.
const photo = inputs().image;
const image = photo ? fromRgba(photo) : generateImage('shapes', 224);
log(photo ? `Your image “${photo.name}”, ${photo.width}×${photo.height}.` : 'No photo chosen: a generated scene (a house under the sun).');

// The photo's label: for the sample photos, the ImageNet class we judge fits best (or none).
// ✏️ For your own photo, replace the last null by the class you would give it, e.g. 'golden retriever'.
const sample = photo ? samplePhotos.findSamplePhoto(photo.name) : undefined;
const label: string | null = sample ? sample.imagenetClass : null;

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
const ranked = await model.classify(square, model.classes?.length ?? 1000); // every class, most probable first
const top5 = ranked.slice(0, 5);

// Show what the network sees and its five best guesses. The probabilities come from a softmax over
// all classes: they sum to 1 over all 1,000 ImageNet classes, not over these five.
await show(seen, { label: `what ${model.name} sees (${seen.shape[1]}×${seen.shape[2]})` });
const percent = (p: number) => `${(100 * p).toFixed(1)} %`;
plot.bars(`Top 5 of ${ranked.length.toLocaleString('en')} classes`, Object.fromEntries(top5.map((p) => [p.label, 100 * p.probability])), {
  xLabel: 'class',
  yLabel: 'probability (%)',
  description: `The five most probable classes: ${top5.map((p) => `${p.label} ${percent(p.probability)}`).join(', ')}.`,
});
table(
  top5.map((p, i) => ({ rank: i + 1, class: p.label, probability: percent(p.probability), label: p.label === label ? '← the photo’s label' : '' })),
  `Top 5 of ${ranked.length.toLocaleString('en')} classes (${model.name})`,
);
const inTop5 = top5.reduce((s, p) => s + p.probability, 0);
log(`Best guess: ${top5[0]!.label} (${percent(top5[0]!.probability)}). The five guesses hold ${percent(inTop5)}; the other ${ranked.length - 5} classes share the rest.`);

// Score: top-1 and top-5 against the photo's label.
if (model.fellBack) {
  // The MNIST CNN's classes are digits: no photo label to score against.
} else if (label) {
  const rank = ranked.findIndex((p) => p.label === label) + 1;
  log(
    `Label: ${label}. Top-1: ${rank === 1 ? 'right' : `wrong (the label is ranked ${rank})`}. ` +
      `Top-5: ${rank <= 5 ? 'right' : 'wrong'}. So this photo counts as a top-1 ${rank === 1 ? 'success' : 'error'} ` +
      `and a top-5 ${rank <= 5 ? 'success' : 'error'}.`,
  );
} else if (sample) {
  log(
    `No ImageNet class fits this photo, so every answer counts as wrong, at top-1 and at top-5. ` +
      `A classifier must still pick among its ${ranked.length.toLocaleString('en')} classes: here it is ${percent(top5[0]!.probability)} sure of “${top5[0]!.label}”.`,
  );
} else {
  log('To score this image, write its ImageNet class as the label in the code above and run again.');
}

tf.dispose([image, square, seen]);
model.dispose();
