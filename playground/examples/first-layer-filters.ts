// What does a trained network's first layer look for? Each of its filters is a small image of
// weights: the pattern of light and dark (and colour) that makes that filter respond most.
//
// In the primary visual cortex (V1), Hubel and Wiesel found cells that fire for edges and bars at a
// particular orientation; such receptive fields are often modelled as Gabor functions (a striped
// patch fading out), and some V1 cells are colour-opponent (e.g. red against green). Large networks
// trained on photos learn strikingly similar first-layer filters: AlexNet's 96 filters of 11×11
// pixels (Krizhevsky, Sutskever & Hinton, 2012, figure 3) are oriented edges, Gabor-like stripes and
// colour blobs. Do not expect that much here:
// - the book CNN saw only 8,000 grey digits: its 5×5 filters look like noisy bits of pen strokes,
//   light and dark bars and blobs, with no colour at all;
// - Tiny Darknet does see colour photos, but its filters are only 3×3 pixels, too small for a
//   Gabor shape: at most they hint at an orientation (a light-to-dark step) or a colour contrast.
import * as tf from '@tensorflow/tfjs';
import { log, models, progress, show } from 'playground';

/** Show a first-layer kernel [height, width, input channels, filters] as a grid, one tile per filter. */
async function showFilters(name: string, description: string, kernel: tf.Tensor4D): Promise<void> {
  const [kh, kw, channels, count] = kernel.shape;
  log(
    `${description}: ${count} filters of ${kh}×${kw} pixels × ${channels} input channel${channels === 1 ? '' : 's'} ` +
      `(kernel shape [${kernel.shape.join(', ')}]).`,
  );
  // Each filter is stretched to black..white on its own, so we see its pattern, not its strength.
  // With 3 input channels a tile is in colour: red, green and blue weights of the same filter.
  const grid = models.filterGrid(kernel, { padding: 1 });
  await show(grid, { label: `${name}: ${count} first-layer filters`, scale: kh <= 3 ? 10 : 6, group: 'filters' });
  tf.dispose([kernel, grid]);
}

// The book's own MNIST CNN (it ships with the site).
const cnn = await models.load('book-cnn');
await showFilters(cnn.name, 'Book CNN (grey digits)', models.firstLayerFilters(cnn));
cnn.dispose();

// Tiny Darknet, trained on ImageNet photos, downloaded from a public CDN (4.2 MB).
const bar = progress('Downloading Tiny Darknet', 100);
try {
  const darknet = await models.load('tiny-darknet', {
    onProgress: (loaded, total) => bar.set(Math.floor((100 * loaded) / Math.max(1, total))),
  });
  bar.set(100);
  await showFilters(darknet.name, 'Tiny Darknet (colour photos)', models.firstLayerFilters(darknet));
  darknet.dispose();
} catch (e) {
  log(`Tiny Darknet’s filters cannot be shown: ${(e as Error).message}`);
}
