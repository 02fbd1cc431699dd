// Question: if a learning rule is asked only to describe natural images with as few active units as
// possible, what filters does it invent? Olshausen and Field (1996) asked this and found localised,
// oriented, band-pass filters, much like the receptive fields of V1 simple cells. We redo it here.
//
// Data: a "dead leaves" picture drawn in code (overlapping shapes of all sizes, like leaves on the
// ground, a standard stand-in for natural images), or your own photo if you choose one above.
// Method: sparse coding. Each patch x is written as x ≈ Φa, a sum of filters (columns of Φ) with
// coefficients a; inference finds an a that fits well with few non-zero entries (ISTA), and
// learning nudges Φ to make the fit better. Nothing in the code mentions edges, orientations or Gabors.
import * as tf from '@tensorflow/tfjs';
import { chart, type InputImage, inputs, log, models, nextFrame, param, progress, setSeed, show, table } from 'playground';

setSeed(param('seed', 1));
const PATCH = Number(param('patch', '12')); // patch side in pixels
const FILTERS = Number(param('filters', '64')); // number of filters (columns of Φ)
const SPARSITY = param('sparsity', 3); // λ: how much an active coefficient costs (0 = no pressure to be sparse)
const STEPS = Math.round(param('steps', 300)); // learning steps, 400 patches each
const BATCH = 400;
const ISTA_ITERATIONS = 40;
const GABOR_R2 = 0.8; // a filter counts as Gabor-like when a Gabor function explains ≥ 80 % of its variance

// --- Data: a grey image, whitened as the retina does it roughly (centre minus surround) -------------
const photo = inputs().image;
const grey = photo ? photoToGrey(photo) : deadLeaves(256);
log(photo ? `Patches from your image “${photo.name}” (${photo.width}×${photo.height}).` : 'Patches from a generated “dead leaves” image (256×256).');
const whitened = tf.tidy(() => centreSurround(grey));
await show(grey, { label: 'the image', group: 'data' });
await show(whitened, { label: 'after centre–surround filtering', normalize: true, group: 'data' });
const pixels = whitened.dataSync().slice();
const [H, W] = whitened.shape;

/** A batch of random patches [BATCH, PATCH²], each with its mean removed, scaled to unit variance overall. */
function samplePatches(n: number): tf.Tensor2D {
  const out = new Float32Array(n * PATCH * PATCH);
  for (let k = 0; k < n; k++) {
    const top = Math.floor(Math.random() * (H - PATCH));
    const left = Math.floor(Math.random() * (W - PATCH));
    let mean = 0;
    for (let y = 0; y < PATCH; y++) for (let x = 0; x < PATCH; x++) mean += pixels[(top + y) * W + left + x]!;
    mean /= PATCH * PATCH;
    for (let y = 0; y < PATCH; y++) {
      for (let x = 0; x < PATCH; x++) out[k * PATCH * PATCH + y * PATCH + x] = pixels[(top + y) * W + left + x]! - mean;
    }
  }
  return tf.tidy(() => {
    const t = tf.tensor2d(out, [n, PATCH * PATCH]);
    return t.div(t.square().mean().sqrt().maximum(1e-8)) as tf.Tensor2D;
  });
}

// --- Model: a dictionary Φ [PATCH², FILTERS] with unit-length columns, random at the start ------------
let phi = tf.tidy(() => unitColumns(tf.randomNormal([PATCH * PATCH, FILTERS])));
const initialFits = gaborFits(phi);

/** ISTA: find sparse coefficients a [BATCH, FILTERS] with x ≈ a Φᵀ, i.e. minimise ½‖x − aΦᵀ‖² + λ‖a‖₁. */
function infer(x: tf.Tensor2D, dict: tf.Tensor2D): tf.Tensor2D {
  return tf.tidy(() => {
    const gram = dict.transpose().matMul(dict) as tf.Tensor2D; // ΦᵀΦ [FILTERS, FILTERS]
    const drive = x.matMul(dict); // xΦ: how much each filter matches each patch
    const stepSize = 1 / largestEigenvalue(gram); // safe step for gradient descent on the fit
    let a: tf.Tensor2D = tf.zeros([x.shape[0], FILTERS]);
    for (let i = 0; i < ISTA_ITERATIONS; i++) {
      const moved = a.sub(a.matMul(gram).sub(drive).mul(stepSize));
      // Soft threshold: shrink every coefficient towards 0 by λ·step; small ones become exactly 0.
      a = moved.sign().mul(moved.abs().sub(SPARSITY * stepSize).relu()) as tf.Tensor2D;
    }
    return a;
  });
}

// --- Run: alternate inference and a gradient step on Φ; watch the filters form ---------------------
const curves = chart('Learning a sparse code', { series: ['unexplained variance', 'active coefficients', 'Gabor-like filters'], xLabel: 'step', compare: true });
const bar = progress('Learning filters', STEPS);
for (let step = 1; step <= STEPS; step++) {
  const x = samplePatches(BATCH);
  const a = infer(x, phi);
  const [unexplained, active] = tf.tidy(() => {
    const residual = x.sub(a.matMul(phi.transpose()));
    // Gradient of the fit with respect to Φ, averaged over the batch; a learning rate that shrinks slowly.
    const rate = 3 / (1 + step / 200);
    const next = unitColumns(phi.add(residual.transpose().matMul(a).mul(rate / BATCH)));
    phi.dispose();
    phi = tf.keep(next);
    return [residual.square().sum().div(x.square().sum()).dataSync()[0]!, a.notEqual(0).mean().dataSync()[0]!];
  });
  tf.dispose([x, a]);
  const point: Record<string, number> = { 'unexplained variance': unexplained, 'active coefficients': active };
  if (step % 25 === 0 || step === STEPS) {
    point['Gabor-like filters'] = fractionGaborLike(gaborFits(phi));
    await showDictionary();
  }
  curves.push(step, point);
  bar.tick();
  await nextFrame();
}

// --- Show: how many of the learned filters a Gabor function describes --------------------------------
const finalFits = gaborFits(phi);
const gaborLike = finalFits.filter((f) => f.r2 >= GABOR_R2);
table(
  [
    { filters: 'random, before learning', 'Gabor-like (R² ≥ 0.8)': countText(initialFits), 'median R²': median(initialFits.map((f) => f.r2)).toFixed(2) },
    { filters: `learned, after ${STEPS} steps`, 'Gabor-like (R² ≥ 0.8)': countText(finalFits), 'median R²': median(finalFits.map((f) => f.r2)).toFixed(2) },
  ],
  'How well a Gabor function fits each filter',
);
if (gaborLike.length > 0) {
  const periods = gaborLike.map((f) => 1 / Math.max(f.frequency, 1e-3));
  log(
    `${gaborLike.length} of ${FILTERS} learned filters are Gabor-like: a striped patch (period ${Math.min(...periods).toFixed(1)}–` +
      `${Math.max(...periods).toFixed(1)} pixels) that fades out within the ${PATCH}×${PATCH} patch, at ${new Set(gaborLike.map((f) => Math.round(f.orientation / 30) % 6)).size} of 6 orientation bins (30° each).`,
  );
}
log(`Before learning (random filters): ${countText(initialFits)} Gabor-like.`);
tf.dispose([grey, whitened, phi]);

// ---------------------------------------------------------------------------------------------------
// Helpers: the image, whitening, the dictionary display and the Gabor fit.

/** The filters as one image, replacing the previous one: a tile per filter, each stretched to black..white. */
async function showDictionary(): Promise<void> {
  const grid = tf.tidy(() => models.filterGrid(phi.reshape([PATCH, PATCH, 1, FILTERS]) as tf.Tensor4D, { padding: 1 }));
  await show(grid, { label: 'learned filters', scale: Math.max(2, Math.round(48 / PATCH)), group: 'filters' });
  grid.dispose();
}

function unitColumns(m: tf.Tensor): tf.Tensor2D {
  return m.div(m.square().sum(0, true).sqrt().maximum(1e-8)) as tf.Tensor2D;
}

/** Largest eigenvalue of a symmetric matrix by a few power iterations (a number; ΦᵀΦ is small). */
function largestEigenvalue(m: tf.Tensor2D): number {
  let v: tf.Tensor2D = tf.ones([m.shape[0], 1]);
  for (let i = 0; i < 12; i++) v = tf.tidy(() => unitColumns(m.matMul(v)));
  return m.matMul(v).norm().dataSync()[0]! * 1.05;
}

/** Photo bytes → grey [h, w] in 0..1, at most 256 pixels on its longer side. */
function photoToGrey(image: InputImage): tf.Tensor2D {
  return tf.tidy(() => {
    const rgb = tf.tensor3d(Int32Array.from(image.rgba), [image.height, image.width, 4]).slice([0, 0, 0], [-1, -1, 3]).toFloat().div(255);
    const k = Math.min(1, 256 / Math.max(image.width, image.height));
    const small = tf.image.resizeBilinear(rgb as tf.Tensor3D, [Math.max(PATCH + 1, Math.round(image.height * k)), Math.max(PATCH + 1, Math.round(image.width * k))]);
    return small.mean(2) as tf.Tensor2D;
  });
}

/**
 * A dead-leaves image: opaque shapes (discs and rotated rectangles) dropped one over another, sizes
 * drawn so that there are many small and few large ones (density ∝ 1/r³, which makes such images
 * look alike at every scale, as natural images do). Grey levels are random; a little noise on top.
 */
function deadLeaves(size: number): tf.Tensor2D {
  const img = new Float32Array(size * size).fill(0.5);
  const [rMin, rMax] = [4, size / 3];
  for (let s = 0; s < 1500; s++) {
    // Inverse-CDF sampling of r with density ∝ r⁻³ between rMin and rMax.
    const u = Math.random();
    const r = 1 / Math.sqrt(1 / rMin ** 2 - u * (1 / rMin ** 2 - 1 / rMax ** 2));
    const [cx, cy, grey] = [Math.random() * size, Math.random() * size, Math.random()];
    const disc = Math.random() < 0.1;
    const angle = Math.random() * Math.PI;
    const [cos, sin, aspect] = [Math.cos(angle), Math.sin(angle), 0.3 + 0.7 * Math.random()];
    for (let y = Math.max(0, Math.floor(cy - r)); y < Math.min(size, Math.ceil(cy + r)); y++) {
      for (let x = Math.max(0, Math.floor(cx - r)); x < Math.min(size, Math.ceil(cx + r)); x++) {
        const [dx, dy] = [x - cx, y - cy];
        const inside = disc ? dx * dx + dy * dy < r * r : Math.abs(dx * cos + dy * sin) < r * 0.7 && Math.abs(-dx * sin + dy * cos) < r * 0.7 * aspect;
        if (inside) img[y * size + x] = grey;
      }
    }
  }
  for (let i = 0; i < img.length; i++) img[i] = img[i]! + 0.02 * (Math.random() - 0.5);
  return tf.tensor2d(img, [size, size]);
}

/** Centre minus surround (a difference of Gaussians): flattens the image's spectrum, as retinal cells do, roughly. */
function centreSurround(image: tf.Tensor2D): tf.Tensor2D {
  const radius = 6;
  const taps: number[] = [];
  const gauss = (d2: number, s: number) => Math.exp(-d2 / (2 * s * s)) / (2 * Math.PI * s * s);
  for (let y = -radius; y <= radius; y++) for (let x = -radius; x <= radius; x++) taps.push(gauss(x * x + y * y, 0.7) - gauss(x * x + y * y, 2));
  const kernel = tf.tensor4d(taps, [2 * radius + 1, 2 * radius + 1, 1, 1]);
  const out = tf.conv2d(image.expandDims(2) as tf.Tensor3D, kernel, 1, 'valid').squeeze([2]) as tf.Tensor2D;
  return out.div(out.square().mean().sqrt().maximum(1e-8)) as tf.Tensor2D;
}

interface GaborFit {
  r2: number;
  frequency: number; // cycles per pixel
  orientation: number; // degrees, 0..180
}

/**
 * Fit a Gabor function (a plane wave under a Gaussian envelope) to each column of a dictionary.
 * Frequency and orientation come from the peak of the filter's spectrum, the envelope's centre and
 * widths from where its energy lies; a small search refines widths and frequency, and the wave's
 * phase and amplitude are fitted exactly by least squares. r2: the share of variance explained.
 */
function gaborFits(dict: tf.Tensor2D): GaborFit[] {
  const values = tf.tidy(() => dict.transpose().arraySync() as number[][]);
  return values.map((w) => fitOne(w));
}

function fitOne(w: number[]): GaborFit {
  const n = PATCH;
  // Spectrum peak on a finer frequency grid (zero padding to 32).
  let best = { power: -1, fx: 0, fy: 0 };
  for (let ky = 0; ky < 16; ky++) {
    for (let kx = -15; kx < 16; kx++) {
      const [fx, fy] = [kx / 32, ky / 32];
      if (ky === 0 && kx <= 0) continue;
      let re = 0;
      let im = 0;
      for (let y = 0; y < n; y++) {
        for (let x = 0; x < n; x++) {
          const p = 2 * Math.PI * (fx * x + fy * y);
          re += w[y * n + x]! * Math.cos(p);
          im -= w[y * n + x]! * Math.sin(p);
        }
      }
      if (re * re + im * im > best.power) best = { power: re * re + im * im, fx, fy };
    }
  }
  const frequency = Math.hypot(best.fx, best.fy);
  const theta = Math.atan2(best.fy, best.fx);
  // Envelope: centre and spread of the energy w², along and across the wave direction.
  let [total, cx, cy] = [0, 0, 0];
  for (let i = 0; i < n * n; i++) {
    total += w[i]! ** 2;
    cx += (i % n) * w[i]! ** 2;
    cy += Math.floor(i / n) * w[i]! ** 2;
  }
  [cx, cy] = [cx / total, cy / total];
  let [varAlong, varAcross] = [0, 0];
  for (let i = 0; i < n * n; i++) {
    const [dx, dy] = [(i % n) - cx, Math.floor(i / n) - cy];
    varAlong += (dx * Math.cos(theta) + dy * Math.sin(theta)) ** 2 * w[i]! ** 2;
    varAcross += (-dx * Math.sin(theta) + dy * Math.cos(theta)) ** 2 * w[i]! ** 2;
  }
  const [sAlong, sAcross] = [Math.sqrt((2 * varAlong) / total) + 0.3, Math.sqrt((2 * varAcross) / total) + 0.3];
  let r2 = -Infinity;
  for (const ka of [0.6, 0.8, 1, 1.25]) {
    for (const kc of [0.6, 0.8, 1, 1.25]) {
      for (const kf of [0.85, 1, 1.15]) r2 = Math.max(r2, linearFit(w, cx, cy, theta, frequency * kf, sAlong * ka, sAcross * kc));
    }
  }
  return { r2, frequency, orientation: ((((theta * 180) / Math.PI) % 180) + 180) % 180 };
}

/** R² of the best a·E·cos + b·E·sin fit for a fixed envelope E and wave (2×2 least squares). */
function linearFit(w: number[], cx: number, cy: number, theta: number, f: number, sAlong: number, sAcross: number): number {
  const n = PATCH;
  const [c, s] = [new Float64Array(n * n), new Float64Array(n * n)];
  for (let i = 0; i < n * n; i++) {
    const [dx, dy] = [(i % n) - cx, Math.floor(i / n) - cy];
    const along = dx * Math.cos(theta) + dy * Math.sin(theta);
    const across = -dx * Math.sin(theta) + dy * Math.cos(theta);
    const envelope = Math.exp(-(along ** 2) / (2 * sAlong ** 2) - across ** 2 / (2 * sAcross ** 2));
    c[i] = envelope * Math.cos(2 * Math.PI * f * along);
    s[i] = envelope * Math.sin(2 * Math.PI * f * along);
  }
  let [cc, ss, cs, wc, ws, ww, mean] = [0, 0, 0, 0, 0, 0, 0];
  for (let i = 0; i < n * n; i++) mean += w[i]! / (n * n);
  for (let i = 0; i < n * n; i++) {
    cc += c[i]! * c[i]!;
    ss += s[i]! * s[i]!;
    cs += c[i]! * s[i]!;
    wc += w[i]! * c[i]!;
    ws += w[i]! * s[i]!;
    ww += (w[i]! - mean) ** 2;
  }
  const det = cc * ss - cs * cs;
  if (det < 1e-12 || ww === 0) return 0;
  const a = (wc * ss - ws * cs) / det;
  const b = (ws * cc - wc * cs) / det;
  let residual = 0;
  for (let i = 0; i < n * n; i++) residual += (w[i]! - a * c[i]! - b * s[i]!) ** 2;
  return 1 - residual / ww;
}

function fractionGaborLike(fits: GaborFit[]): number {
  return fits.filter((f) => f.r2 >= GABOR_R2).length / fits.length;
}

function countText(fits: GaborFit[]): string {
  return `${fits.filter((f) => f.r2 >= GABOR_R2).length} of ${fits.length}`;
}

function median(xs: number[]): number {
  const s = [...xs].sort((p, q) => p - q);
  return s[Math.floor(s.length / 2)] ?? Number.NaN;
}
