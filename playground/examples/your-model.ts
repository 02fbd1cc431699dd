// Bring your own model: choose a TensorFlow.js layers model from your disk, see its layers, and try
// it on a picture. Pick model.json together with all its weight files (*.bin, e.g.
// group1-shard1of1.bin), as written by model.save('downloads://…') or by tensorflowjs_converter
// from a Keras .h5 file. A classes.json (a list of names) among them labels the outputs.
import * as tf from '@tensorflow/tfjs';
import { generateImage, inputs, type LoadedModel, log, models, show, table } from 'playground';

// Load the model: from your files, or the book's own CNN as a demonstration. fromFiles checks the
// files before TF.js sees them, and says clearly what is wrong (a missing or truncated weight file,
// a graph model, a Keras 3 file…).
const files = inputs().files;
let model: LoadedModel;
if (files.length > 0) {
  model = await models.fromFiles(files);
  log(`Loaded “${model.name}” from ${files.map((f) => f.name).join(', ')}.`);
} else {
  log('No files chosen. Choose your model above: its model.json together with all its weight files (*.bin).');
  log('Meanwhile, here is the book’s own MNIST CNN, loaded from the same kind of files (model.json + weights.bin).');
  model = await models.load('book-cnn');
}

// Its layers: what each computes, the shape of what it outputs (null = any batch size) and how
// many numbers it learned.
const layers = model.layers();
table(
  layers.map((l) => ({ name: l.name, type: l.className, 'output shape': JSON.stringify(l.outputShape), params: l.params })),
  `Layers of ${model.name}`,
);
const total = layers.reduce((n, l) => n + l.params, 0);
log(`${layers.length} layers, ${total.toLocaleString('en')} parameters (${((4 * total) / 1e6).toFixed(2)} MB as 32-bit floats).`);

// Run it, if it is an image classifier: an image batch in [n, h, w, 1 or 3], a vector of class
// scores out. preprocess() resizes a picture to the input size with values in 0..1; if your
// model was trained on other values (−1..1, 0..255), scale the picture first.
const inShape = model.model.inputs[0].shape;
const outShape = model.model.outputs[0].shape;
const imageIn = inShape.length === 4 && (inShape[3] === 1 || inShape[3] === 3);
if (imageIn && outShape.length === 2) {
  const [h, w] = model.inputSize ?? [224, 224];
  const picture = generateImage('shapes', Math.max(h, w));
  const seen = model.preprocess(picture);
  await show(seen, { label: `a generated picture, as ${model.name} sees it (${seen.shape[1]}×${seen.shape[2]}×${seen.shape[3]})` });
  const top = await model.classify(picture, 5);
  if (!model.classes) log('No class names among the files (add a classes.json: a JSON list of names), so outputs are numbered.');
  table(
    top.map((p, i) => ({ rank: i + 1, class: p.label, probability: `${(100 * p.probability).toFixed(1)} %` })),
    `What ${model.name} makes of it`,
  );
  if (model.name === 'book-cnn') log('A digit network shown a house has to answer with a digit anyway: it cannot say “none of these”.');
  tf.dispose([picture, seen]);
} else {
  log(`Not an image classifier (input ${JSON.stringify(inShape)}, output ${JSON.stringify(outShape)}), so there is nothing to classify.`);
}
model.dispose();
